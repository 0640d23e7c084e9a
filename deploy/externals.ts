/**
 * Packages the runtime bundle leaves outside (deploy/bundleRuntime.ts) and the image installs
 * beside it (deploy/copyExternals.ts): native binaries, or optional add-ons required lazily.
 */
export const EXTERNAL = [
  'libsql',
  '@libsql/*',
  'mongodb',
  // mongodb's optional peers (compression, Kerberos, client-side encryption, cloud auth): the
  // driver requires them inside try/catch, so absent ones only turn their feature off.
  'kerberos',
  'snappy',
  'mongodb-client-encryption',
  '@mongodb-js/zstd',
  '@aws-sdk/credential-providers',
  'gcp-metadata',
  'socks',
  // Loads a TypeScript custom connector under plain node (runtime/src/connectors/loadConnectors.ts)
  // when installed: a development dependency, so a checkout has it and the image does not.
  'tsx',
  'tsx/*',
];

/** The externals the image must have: copied with their dependencies, as installed. */
export const REQUIRED_EXTERNALS = ['libsql', 'mongodb'];
