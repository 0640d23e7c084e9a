/**
 * Collection `secrets`: { _id: secret id, name, connectorId, ciphertext: { keyId, iv, data, tag… }
 * (the envelope as the key module wrote it; the store never sees plaintext), createdAt, updatedAt:
 * epoch ms }. The envelope stays a subdocument, so an operator can find the secrets still wrapped
 * by an old key (`ciphertext.keyId`) while rotating.
 */
import type { Filter, UpdateFilter } from 'mongodb';
import { StoreError } from '../errors';
import type { SecretStore } from '../port';
import type { JsonObject } from '../schemas/common';
import type { Secret, SecretUpdate } from '../schemas/auth';
import { consistentCollection } from './consistentCollection';
import type { CollectionSpec, MongoContext } from './context';
import { withStoreErrors } from './storeErrors';
import { conflictOnDuplicate } from './duplicateKey';

export const SECRETS = 'secrets';

export interface SecretDocument {
  _id: string;
  name: string;
  connectorId: string;
  ciphertext: JsonObject;
  createdAt: number;
  updatedAt: number;
}

export const secretDocument = (secret: Secret): SecretDocument => ({
  _id: secret.id,
  name: secret.name,
  connectorId: secret.connectorId,
  ciphertext: secret.ciphertext,
  createdAt: secret.createdAt,
  updatedAt: secret.updatedAt,
});

export const toSecret = (doc: SecretDocument): Secret => ({
  id: doc._id,
  name: doc.name,
  connectorId: doc.connectorId,
  ciphertext: doc.ciphertext,
  createdAt: doc.createdAt,
  updatedAt: doc.updatedAt,
});

export const secretsOf = (connectorId?: string): Filter<SecretDocument> =>
  connectorId === undefined ? {} : { connectorId };

export const SECRET_ORDER = { name: 1, _id: 1 } as const;

export const secretUpdate = (update: SecretUpdate): UpdateFilter<SecretDocument> => ({
  $set: {
    ciphertext: update.ciphertext,
    updatedAt: update.updatedAt,
    ...(update.name !== undefined ? { name: update.name } : {}),
  },
});

const text = { bsonType: 'string' };
const epochMs = { bsonType: ['int', 'long', 'double'] };

export const secretCollections: CollectionSpec[] = [
  {
    name: SECRETS,
    validator: {
      $jsonSchema: {
        bsonType: 'object',
        required: ['_id', 'name', 'connectorId', 'ciphertext', 'createdAt', 'updatedAt'],
        properties: {
          _id: text,
          name: text,
          connectorId: text,
          ciphertext: { bsonType: 'object' },
          createdAt: epochMs,
          updatedAt: epochMs,
        },
      },
    },
    indexes: [
      { key: { connectorId: 1, name: 1, _id: 1 }, name: 'secrets_by_connector' },
      { key: { name: 1, _id: 1 }, name: 'secrets_by_name' },
    ],
  },
];

export function mongoSecrets(context: MongoContext): SecretStore {
  const secrets = consistentCollection<SecretDocument>(context, SECRETS);

  return withStoreErrors('secrets', {
    async createSecret(secret) {
      await conflictOnDuplicate(`Secret ${secret.id}`, () => secrets.insertOne(secretDocument(secret)));
    },

    async getSecret(id) {
      const doc = await secrets.findOne({ _id: id });
      return doc ? toSecret(doc) : null;
    },

    async listSecrets(connectorId) {
      return (await secrets.find(secretsOf(connectorId)).sort(SECRET_ORDER).toArray()).map(toSecret);
    },

    async updateSecret(id, update) {
      const doc = await secrets.findOneAndUpdate({ _id: id }, secretUpdate(update), {
        returnDocument: 'after',
      });
      if (!doc) throw new StoreError('NOT_FOUND', `Secret ${id} does not exist.`);
      return toSecret(doc);
    },

    async deleteSecret(id) {
      return (await secrets.deleteOne({ _id: id })).deletedCount > 0;
    },
  });
}
