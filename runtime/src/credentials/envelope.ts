import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** A key-encryption key and its id (a fingerprint, stored with every secret it wraps). */
export interface KeyEncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

export const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

export function toKek(key: Buffer): KeyEncryptionKey {
  if (key.length !== 32) throw new RangeError('A key-encryption key is 32 bytes (AES-256)');
  return { id: keyIdOf(key), key };
}

const Sealed = z.object({ iv: z.string(), tag: z.string(), data: z.string() });
/** What is stored: the data encrypted under a fresh data key, that key wrapped by the KEK. */
export const EnvelopeSchema = z.object({
  v: z.literal(1),
  keyId: z.string(),
  wrappedKey: Sealed,
  payload: Sealed,
});
export type Envelope = z.infer<typeof EnvelopeSchema>;

function seal(key: Buffer, plaintext: Buffer, aad: string): z.infer<typeof Sealed> {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}

function open(key: Buffer, sealed: z.infer<typeof Sealed>, aad: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
}

/**
 * Envelope encryption with AES-256-GCM: each secret gets its own data key; the data key is
 * wrapped by the KEK. `aad` binds the ciphertext to its record (moving it to another record
 * fails to decrypt). Rotation re-wraps data keys without touching the data.
 */
export function encryptEnvelope(kek: KeyEncryptionKey, value: unknown, aad: string): Envelope {
  const dataKey = randomBytes(32);
  const payload = seal(dataKey, Buffer.from(JSON.stringify(value)), aad);
  return { v: 1, keyId: kek.id, wrappedKey: seal(kek.key, dataKey, `${aad}:key`), payload };
}

export function decryptEnvelope(
  keks: ReadonlyMap<string, KeyEncryptionKey>,
  envelope: Envelope,
  aad: string,
): unknown {
  const kek = keks.get(envelope.keyId);
  if (!kek) throw new Error(`The key ${envelope.keyId} that encrypted this secret is not configured`);
  const dataKey = open(kek.key, envelope.wrappedKey, `${aad}:key`);
  return JSON.parse(open(dataKey, envelope.payload, aad).toString('utf8')) as unknown;
}

/** Re-wraps the data key under `to` (the data itself is not re-encrypted). */
export function rewrapEnvelope(
  keks: ReadonlyMap<string, KeyEncryptionKey>,
  to: KeyEncryptionKey,
  envelope: Envelope,
  aad: string,
): Envelope {
  if (envelope.keyId === to.id) return envelope;
  const from = keks.get(envelope.keyId);
  if (!from) throw new Error(`The key ${envelope.keyId} that encrypted this secret is not configured`);
  const dataKey = open(from.key, envelope.wrappedKey, `${aad}:key`);
  return { ...envelope, keyId: to.id, wrappedKey: seal(to.key, dataKey, `${aad}:key`) };
}
