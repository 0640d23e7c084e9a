import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { RunLimitsSchema } from './limits/runLimits';

const bool = z.union([
  z.boolean(),
  z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1'),
]);

/** Runtime configuration: environment variables, optionally a JSON file (`FLOWLINE_CONFIG`); env wins. */
export const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** 127.0.0.1 by default: nothing is exposed until an operator says so. */
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  publicOrigin: z.url().optional(),
  adminEmail: z.email().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  seedExamples: bool.default(true),
  maxBodyBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** Signing key for approval links; by default derived from the master key (never kept in the data directory). */
  secret: z.string().min(32).optional(),
  webhookSecrets: z.record(z.string(), z.string().min(16)).default({}),
  /** Outbound network allowances for connectors (the SSRF guard refuses private ranges otherwise). */
  network: z
    .object({
      allowLoopback: z.boolean().optional(),
      allowPrivate: z.boolean().optional(),
      allowHosts: z.array(z.string()).optional(),
    })
    .default({}),
  /** Key-encryption key for stored credentials (base64, 32 bytes); else a key file outside the data dir. */
  masterKey: z.string().optional(),
  keyFile: z.string().optional(),
  /** Older keys still accepted while `pnpm rotate-keys` re-wraps secrets under the current one. */
  previousKeys: z.array(z.string()).default([]),
  /** Cron tick interval; by default a node-cron tick every minute (what is due comes from the store). */
  cronTickMs: z.coerce.number().int().min(50).optional(),
  /** Extra connector modules to load (package names or paths), each exporting `connector` or `connectors`. */
  connectors: z.array(z.string()).default([]),
  /** Bounds on what definitions and inputs can multiply (limits/runLimits.ts); env FLOWLINE_LIMITS. */
  limits: RunLimitsSchema.prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;

const ENV: Record<string, keyof Config> = {
  FLOWLINE_PORT: 'port',
  PORT: 'port',
  FLOWLINE_HOST: 'host',
  FLOWLINE_DATA_DIR: 'dataDir',
  FLOWLINE_PUBLIC_ORIGIN: 'publicOrigin',
  FLOWLINE_ADMIN_EMAIL: 'adminEmail',
  FLOWLINE_LOG_LEVEL: 'logLevel',
  FLOWLINE_SEED_EXAMPLES: 'seedExamples',
  FLOWLINE_MAX_BODY_BYTES: 'maxBodyBytes',
  FLOWLINE_SECRET: 'secret',
  FLOWLINE_CRON_TICK_MS: 'cronTickMs',
  FLOWLINE_MASTER_KEY: 'masterKey',
  FLOWLINE_KEY_FILE: 'keyFile',
};
const JSON_ENV: Record<string, keyof Config> = {
  FLOWLINE_WEBHOOK_SECRETS: 'webhookSecrets',
  FLOWLINE_NETWORK: 'network',
  FLOWLINE_CONNECTORS: 'connectors',
  FLOWLINE_PREVIOUS_KEYS: 'previousKeys',
  FLOWLINE_LIMITS: 'limits',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration; every problem is named with its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  let file: Record<string, unknown> = {};
  if (env['FLOWLINE_CONFIG']) {
    try {
      file = JSON.parse(readFileSync(resolve(env['FLOWLINE_CONFIG']), 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new ConfigError(
        `FLOWLINE_CONFIG: cannot read ${env['FLOWLINE_CONFIG']} as JSON (${(error as Error).message})`,
      );
    }
  }
  const merged: Record<string, unknown> = { ...file };
  for (const [name, key] of Object.entries(ENV))
    if (env[name] !== undefined && env[name] !== '') merged[key] = env[name];
  for (const [name, key] of Object.entries(JSON_ENV)) {
    if (!env[name]) continue;
    try {
      merged[key] = JSON.parse(env[name]);
    } catch {
      throw new ConfigError(`${name}: must be JSON`);
    }
  }
  const parsed = ConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const names = Object.fromEntries(Object.entries({ ...ENV, ...JSON_ENV }).map(([n, k]) => [k, n]));
    const lines = parsed.error.issues.map(
      (i) => `  ${names[String(i.path[0])] ?? String(i.path.join('.'))}: ${i.message}`,
    );
    throw new ConfigError(`The configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
