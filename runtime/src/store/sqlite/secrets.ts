import { definedOnly } from '../definedOnly';
import { StoreError } from '../errors';
import type { SecretStore } from '../port';
import type { JsonObject } from '../schemas/common';
import type { Secret } from '../schemas/auth';
import { isUniqueViolation } from './constraint';
import type { Row, SqlDatabase } from './database';
import { int, json, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toSecret = (row: Row): Secret => ({
  id: text(row, 'id'),
  name: text(row, 'name'),
  connectorId: text(row, 'connector_id'),
  ciphertext: json<JsonObject>(row, 'ciphertext'),
  createdAt: int(row, 'created_at'),
  updatedAt: int(row, 'updated_at'),
});

export function sqliteSecrets(db: SqlDatabase, writes: Writes): SecretStore {
  const getSecret = (id: string): Secret | null => {
    const row = db.get('SELECT * FROM secrets WHERE id = :id', { id });
    return row ? toSecret(row) : null;
  };

  return {
    async createSecret(secret) {
      await writes.run(() => {
        try {
          db.run(
            `INSERT INTO secrets (id, name, connector_id, ciphertext, created_at, updated_at)
             VALUES (:id, :name, :connectorId, :ciphertext, :createdAt, :updatedAt)`,
            { ...secret, ciphertext: toJsonText(secret.ciphertext) },
          );
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          throw new StoreError('CONFLICT', `Secret ${secret.id} already exists.`, { cause: error });
        }
      });
    },

    async getSecret(id) {
      return getSecret(id);
    },

    async listSecrets(connectorId) {
      return db
        .all(
          `SELECT * FROM secrets WHERE :connectorId IS NULL OR connector_id = :connectorId ORDER BY name, id`,
          { connectorId: connectorId ?? null },
        )
        .map(toSecret);
    },

    async updateSecret(id, update) {
      return writes.run(() => {
        const current = getSecret(id);
        if (!current) throw new StoreError('NOT_FOUND', `Secret ${id} does not exist.`);
        const next: Secret = { ...current, ...definedOnly(update) };
        db.run(
          'UPDATE secrets SET name = :name, ciphertext = :ciphertext, updated_at = :updatedAt WHERE id = :id',
          {
            id,
            name: next.name,
            ciphertext: toJsonText(next.ciphertext),
            updatedAt: next.updatedAt,
          },
        );
        return next;
      });
    },

    async deleteSecret(id) {
      return (await writes.run(() => db.run('DELETE FROM secrets WHERE id = :id', { id }))) > 0;
    },
  };
}
