/** Connection credentials encrypted at rest (AES-256-GCM envelopes, rotatable key-encryption keys). */
export { createCredentialVault, type CredentialVault, type ConnectionValue } from './credentialVault';
export { loadKeys, defaultKeyFile } from './masterKey';
export {
  encryptEnvelope,
  decryptEnvelope,
  rewrapEnvelope,
  toKek,
  keyIdOf,
  type Envelope,
  type KeyEncryptionKey,
} from './envelope';
