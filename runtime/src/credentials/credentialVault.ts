import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { Store } from '../store';
import {
  decryptEnvelope,
  encryptEnvelope,
  EnvelopeSchema,
  rewrapEnvelope,
  type KeyEncryptionKey,
} from './envelope';

/** A stored connection: credentials (secret) and settings for one connector, under a name. */
export interface ConnectionValue {
  readonly credentials?: unknown;
  readonly settings?: unknown;
}

/**
 * Connections encrypted at rest. Plaintext exists only in memory, on its way to a connector;
 * the API lists names only. `DEFAULT_CONNECTION` is used when a task names no connection.
 */
export function createCredentialVault(deps: {
  store: Store;
  clock: Clock;
  current: KeyEncryptionKey;
  keys: ReadonlyMap<string, KeyEncryptionKey>;
}) {
  const aadOf = (id: string, connectorId: string) => `flowline:connection:${id}:${connectorId}`;

  async function find(connectorId: string, name: string) {
    return (await deps.store.listSecrets(connectorId)).find((s) => s.name === name);
  }

  return {
    async save(connectorId: string, name: string, value: ConnectionValue) {
      const existing = await find(connectorId, name);
      const id = existing?.id ?? randomUUID();
      const ciphertext = encryptEnvelope(deps.current, value, aadOf(id, connectorId));
      const now = deps.clock.now();
      if (existing) await deps.store.updateSecret(id, { ciphertext, updatedAt: now });
      else
        await deps.store.createSecret({ id, name, connectorId, ciphertext, createdAt: now, updatedAt: now });
      return { id, name, connectorId };
    },
    /** Names only: the API never returns credentials. */
    async list(connectorId?: string) {
      return (await deps.store.listSecrets(connectorId)).map((s) => ({
        id: s.id,
        name: s.name,
        connectorId: s.connectorId,
        updatedAt: s.updatedAt,
      }));
    },
    /** The stored connection of that name (its id), without decrypting it. */
    async find(connectorId: string, name: string): Promise<{ id: string } | undefined> {
      const secret = await find(connectorId, name);
      return secret ? { id: secret.id } : undefined;
    },
    async has(connectorId: string, name: string): Promise<boolean> {
      return (await find(connectorId, name)) !== undefined;
    },
    async remove(id: string) {
      if (!(await deps.store.deleteSecret(id)))
        throw new AppError('NOT_FOUND', 'There is no such connection');
    },
    /** A connection by id, decrypted, for testing it; undefined when there is none. */
    async open(
      id: string,
    ): Promise<{ connectorId: string; name: string; value: ConnectionValue } | undefined> {
      const secret = await deps.store.getSecret(id);
      if (!secret) return undefined;
      const value = decryptEnvelope(
        deps.keys,
        EnvelopeSchema.parse(secret.ciphertext),
        aadOf(secret.id, secret.connectorId),
      ) as ConnectionValue;
      return { connectorId: secret.connectorId, name: secret.name, value };
    },
    /** For the job worker: decrypted credentials and settings of a named (or the default) connection. */
    async resolve(connectorId: string, name: string | undefined): Promise<ConnectionValue> {
      const secret = await find(connectorId, name ?? 'default');
      if (!secret) {
        if (name) throw new Error(`There is no connection "${name}" for ${connectorId}`);
        return {};
      }
      return decryptEnvelope(
        deps.keys,
        EnvelopeSchema.parse(secret.ciphertext),
        aadOf(secret.id, connectorId),
      ) as ConnectionValue;
    },
    /** Re-wraps every data key under the current KEK; afterwards the previous keys can be retired. */
    async rotate(): Promise<number> {
      let rewrapped = 0;
      for (const secret of await deps.store.listSecrets()) {
        const envelope = EnvelopeSchema.parse(secret.ciphertext);
        if (envelope.keyId === deps.current.id) continue;
        const next = rewrapEnvelope(deps.keys, deps.current, envelope, aadOf(secret.id, secret.connectorId));
        await deps.store.updateSecret(secret.id, { ciphertext: next, updatedAt: deps.clock.now() });
        rewrapped += 1;
      }
      return rewrapped;
    },
  };
}

export type CredentialVault = ReturnType<typeof createCredentialVault>;
