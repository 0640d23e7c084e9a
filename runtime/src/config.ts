import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DurationSchema, EvaluationLimitsOverrideSchema } from '@flowline/engine';
import { DEFAULT_MAX_MESSAGE_TTL } from './messages/messageTtl';
import { closestName, findUnknownKeys } from './configKeys';
import { RunLimitsSchema } from './limits/runLimits';
import { BacklogLimitsSchema } from './limits/backlogLimits';
import { LiveLimitsSchema } from './live/liveLimits';
import { RetentionConfigSchema } from './retention/retentionConfig';
import { switchSetting as bool, wholeSetting } from './settingValues';
import { PublicOriginSetting } from './tasks/linkOrigin';

/** Runtime configuration: environment variables, optionally a JSON file (`FLOWLINE_CONFIG`); env wins. */
export const ConfigSchema = z.object({
  port: wholeSetting({ min: 0, max: 65_535, example: 3000 }).default(3000),
  /** 127.0.0.1 by default: nothing is exposed until an operator says so. */
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1).default('./data'),
  /** Where approvers open links from e-mails; unset: the address this process listens on, with a warning. */
  publicOrigin: PublicOriginSetting.optional(),
  adminEmail: z.email().optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  seedExamples: bool.default(true),
  maxBodyBytes: wholeSetting({ min: 1024, max: 50 * 1024 * 1024, unit: 'bytes', example: 1_048_576 }).default(
    1024 * 1024,
  ),
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
  /** Where state lives: 'sqlite' (embedded, one machine; the default) or 'mongodb' (a replica set, many replicas). */
  store: z.enum(['sqlite', 'mongodb']).default('sqlite'),
  /** With store 'mongodb': a replica set or Atlas URI (credentials and TLS options go in it). */
  mongodbUri: z.string().min(1).optional(),
  /** The database; by default the one the URI names, else 'flowline'. */
  mongodbDatabase: z.string().min(1).optional(),
  /** Write concern of every write: 'majority' (default; Jepsen-checked for single-document CAS) or a member count. */
  mongodbWriteConcern: z
    .string()
    .regex(/^(majority|[1-9][0-9]*)$/, "must be 'majority' or a number of members")
    .default('majority'),
  /** Whether a write waits for the journal (default true). */
  mongodbJournal: bool.default(true),
  /** Read concern of reads that need not see the latest write: 'majority' (default) or 'local'. */
  mongodbReadConcern: z.enum(['majority', 'local']).default('majority'),
  /** How long a write waits for its write concern before it fails (unset: as long as it takes). */
  mongodbWtimeoutMs: wholeSetting({ min: 1, unit: 'milliseconds', example: 10_000 }).optional(),
  /**
   * The longest time to live a sender may give an event no run waits for yet (POST /api/events
   * `ttl`, a webhook trigger's `deliver.ttl`): buffered messages are kept at most this long.
   */
  messageMaxTtl: DurationSchema.default(DEFAULT_MAX_MESSAGE_TTL),
  /** Cron tick interval; by default a node-cron tick every minute (what is due comes from the store). */
  cronTickMs: wholeSetting({ min: 50, unit: 'milliseconds', example: 60_000 }).optional(),
  /**
   * Recently stepped instances one process keeps to save a read (least recently used goes first).
   * Only a read-saver: a stale entry loses its rev check, so replicas never depend on it; 0 turns it off.
   */
  instanceCacheSize: wholeSetting({ min: 0, max: 1_000_000, example: 2000 }).default(2_000),
  /** The same cache's bound on the serialized size of the states it holds, in bytes (16 MiB). */
  instanceCacheBytes: wholeSetting({
    min: 0,
    max: 1024 * 1024 * 1024,
    unit: 'bytes',
    example: 16_777_216,
  }).default(16 * 1024 * 1024),
  /**
   * Connector calls one process runs at once; due jobs beyond this wait in the store for any
   * replica. Calls mostly wait on the network, and a job beyond it costs a claim write and a poll.
   */
  workerConcurrency: wholeSetting({ min: 1, max: 1_024, example: 64 }).default(64),
  /**
   * How long before its due time a timer's step is computed (not written): thousands of timers due
   * together then cost only their writes when due. 0 computes each when it is due.
   */
  timerLookaheadMs: wholeSetting({ min: 0, max: 60_000, unit: 'milliseconds', example: 5000 }).default(5_000),
  /** The designer build to serve at `/`; by default designer/dist of this checkout (a container sets its own). */
  designerDir: z.string().min(1).optional(),
  /**
   * Reverse proxies in front of the runtime whose X-Forwarded-For is trusted (0: none, the TCP peer
   * is the client). Rate limits and the sign-in back-off then count per client, not per proxy.
   */
  trustedProxyHops: wholeSetting({ min: 0, max: 10, example: 1 }).default(0),
  /** Extra connector modules to load (package names or paths), each exporting `connector` or `connectors`. */
  connectors: z.array(z.string()).default([]),
  /**
   * Test-only: the process's clock can be moved forward with POST /api/test/clock (admins), so
   * scenario tests reach timers without sleeping. Refused when NODE_ENV is production.
   */
  testClock: bool.default(false),
  /**
   * Runtime limits, one object per area (env FLOWLINE_LIMITS as JSON, or `limits` in the file):
   * what definitions and inputs can multiply (limits/runLimits.ts), expression evaluation, storage.
   */
  limits: RunLimitsSchema.extend({
    /** Expression evaluation: operations per expression and per step, string/list/result sizes, nesting. */
    expression: EvaluationLimitsOverrideSchema.prefault({}),
    storage: z
      .object({
        /** Less free space than this where the data lives counts as a full disk: no start, not ready. */
        minFreeBytes: wholeSetting({ min: 0, unit: 'bytes', example: 8_388_608 }).default(8 * 1024 * 1024),
      })
      .prefault({}),
    /** Live updates (GET /api/stream): polling, heartbeats, per-client buffer, clients per user and process. */
    live: LiveLimitsSchema,
    /** Runnable work one process takes on before new starts answer 503 with Retry-After. */
    backlog: BacklogLimitsSchema,
  }).prefault({}),
  /**
   * Data retention (env FLOWLINE_RETENTION as JSON): delete or archive ended instances after N days.
   * Off by default; workflows can have their own policy (PUT /api/workflows/{id}/retention).
   */
  retention: RetentionConfigSchema,
});

export type Config = z.infer<typeof ConfigSchema>;

/** The MongoDB store cannot start without its URI: refused with the configuration's other errors. */
const CheckedConfigSchema = ConfigSchema.superRefine((config, context) => {
  if (config.store === 'mongodb' && config.mongodbUri === undefined)
    context.addIssue({
      code: 'custom',
      path: ['mongodbUri'],
      message:
        'FLOWLINE_STORE=mongodb needs FLOWLINE_MONGODB_URI, the URI of a replica set or Atlas cluster (e.g. mongodb://db1,db2,db3/flowline?replicaSet=rs0)',
    });
});

// PORT is not read: it is a generic name (other tools in the same shell or container set it),
// and a second name for one setting made errors name the wrong variable. One name per setting.
export const SETTING_VARIABLES: Readonly<Record<string, keyof Config>> = {
  FLOWLINE_PORT: 'port',
  FLOWLINE_HOST: 'host',
  FLOWLINE_DATA_DIR: 'dataDir',
  FLOWLINE_PUBLIC_ORIGIN: 'publicOrigin',
  FLOWLINE_ADMIN_EMAIL: 'adminEmail',
  FLOWLINE_LOG_LEVEL: 'logLevel',
  FLOWLINE_SEED_EXAMPLES: 'seedExamples',
  FLOWLINE_MAX_BODY_BYTES: 'maxBodyBytes',
  FLOWLINE_SECRET: 'secret',
  FLOWLINE_CRON_TICK_MS: 'cronTickMs',
  FLOWLINE_MESSAGE_MAX_TTL: 'messageMaxTtl',
  FLOWLINE_MASTER_KEY: 'masterKey',
  FLOWLINE_KEY_FILE: 'keyFile',
  FLOWLINE_TEST_CLOCK: 'testClock',
  FLOWLINE_TRUSTED_PROXY_HOPS: 'trustedProxyHops',
  FLOWLINE_STORE: 'store',
  FLOWLINE_MONGODB_URI: 'mongodbUri',
  FLOWLINE_MONGODB_DATABASE: 'mongodbDatabase',
  FLOWLINE_MONGODB_WRITE_CONCERN: 'mongodbWriteConcern',
  FLOWLINE_MONGODB_JOURNAL: 'mongodbJournal',
  FLOWLINE_MONGODB_READ_CONCERN: 'mongodbReadConcern',
  FLOWLINE_MONGODB_WTIMEOUT_MS: 'mongodbWtimeoutMs',
  FLOWLINE_INSTANCE_CACHE_SIZE: 'instanceCacheSize',
  FLOWLINE_INSTANCE_CACHE_BYTES: 'instanceCacheBytes',
  FLOWLINE_WORKER_CONCURRENCY: 'workerConcurrency',
  FLOWLINE_TIMER_LOOKAHEAD_MS: 'timerLookaheadMs',
  FLOWLINE_DESIGNER_DIR: 'designerDir',
};
/** Variables holding JSON: an object or array of settings. */
export const JSON_SETTING_VARIABLES: Readonly<Record<string, keyof Config>> = {
  FLOWLINE_WEBHOOK_SECRETS: 'webhookSecrets',
  FLOWLINE_NETWORK: 'network',
  FLOWLINE_CONNECTORS: 'connectors',
  FLOWLINE_PREVIOUS_KEYS: 'previousKeys',
  FLOWLINE_LIMITS: 'limits',
  FLOWLINE_RETENTION: 'retention',
};

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the configuration; every problem is named with its variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return readConfig(env).config;
}

/**
 * The configuration and what looks wrong but does not stop a start (an unknown FLOWLINE_*
 * variable: the environment is shared with orchestrators, e.g. Kubernetes injects FLOWLINE_SERVICE_HOST
 * for a Service named flowline, so these are warned about, never refused). Unknown keys in the
 * FLOWLINE_CONFIG file or a JSON variable are refused by name, at every depth.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): { config: Config; warnings: string[] } {
  const file = readConfigFile(env['FLOWLINE_CONFIG']);
  const merged: Record<string, unknown> = { ...file.values };
  /** Where each top-level key came from, to name it in errors. */
  const sources = new Map<string, Source>(Object.keys(file.values).map((key) => [key, file.source]));
  for (const [name, key] of Object.entries(SETTING_VARIABLES)) {
    // An empty variable is unset, for every setting alike (a template's `${X:-}`): the default holds.
    if (env[name] === undefined || env[name] === '') continue;
    merged[key] = env[name];
    sources.set(key, { name, kind: 'variable' });
  }
  for (const [name, key] of Object.entries(JSON_SETTING_VARIABLES)) {
    if (!env[name]) continue;
    try {
      merged[key] = JSON.parse(env[name]);
    } catch {
      throw new ConfigError(`${name}: must be JSON`);
    }
    sources.set(key, { name, kind: 'json variable' });
  }

  const lines = findUnknownKeys(ConfigSchema, merged).map(({ path, suggestion }) => {
    const { source, key } = locate(path, sources);
    const guess = suggestion ? ` (did you mean "${suggestion}"?)` : '';
    return `  ${source}: "${key}" is not a setting${guess}`;
  });
  const parsed = CheckedConfigSchema.safeParse(merged);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Unknown keys were named above, with a suggestion; strict objects report them again.
      if (issue.code === 'unrecognized_keys') continue;
      const { source, key } = locate(issue.path.map(String), sources);
      lines.push(`  ${[source, key].filter(Boolean).join(': ')}: ${issue.message}${hintFor(source, env)}`);
    }
  }
  if (parsed.success && parsed.data.testClock && env['NODE_ENV'] === 'production')
    lines.push(
      `  ${sources.get('testClock')?.name ?? 'testClock'}: a movable clock is for tests; it is refused when NODE_ENV is production`,
    );
  if (lines.length > 0 || !parsed.success)
    throw new ConfigError(`The configuration is not valid:\n${lines.join('\n')}`);
  return { config: parsed.data, warnings: environmentWarnings(env) };
}

interface Source {
  /** The variable, or the file, a value came from. */
  readonly name: string;
  readonly kind: 'file' | 'variable' | 'json variable';
}

/** Names a setting the way the operator wrote it: the variable, plus the key inside a JSON value. */
function locate(path: readonly string[], sources: ReadonlyMap<string, Source>) {
  const [top = '', ...rest] = path;
  const source = sources.get(top);
  if (source === undefined) return { source: '', key: path.join('.') };
  if (source.kind === 'file') return { source: source.name, key: path.join('.') };
  if (source.kind === 'json variable') return { source: source.name, key: rest.join('.') };
  return { source: source.name, key: '' };
}

function readConfigFile(path: string | undefined): { values: Record<string, unknown>; source: Source } {
  const source: Source = { name: `FLOWLINE_CONFIG (${path})`, kind: 'file' };
  if (!path) return { values: {}, source };
  let values: unknown;
  try {
    values = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch (error) {
    throw new ConfigError(`FLOWLINE_CONFIG: cannot read ${path} as JSON (${(error as Error).message})`);
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    throw new ConfigError(`FLOWLINE_CONFIG: ${path} must hold a JSON object of settings`);
  return { values: values as Record<string, unknown>, source };
}

/** Kubernetes service links for a Service named flowline look like ours; none of them is a setting. */
const SERVICE_LINK = /^FLOWLINE_(SERVICE_|PORT_\d)/;

function hintFor(source: string, env: NodeJS.ProcessEnv): string {
  if (source === 'FLOWLINE_PORT' && /^tcp:\/\//.test(env['FLOWLINE_PORT'] ?? ''))
    return ' (this looks like a Kubernetes service link for a Service named flowline: set FLOWLINE_PORT in the pod spec, or enableServiceLinks: false)';
  return '';
}

function environmentWarnings(env: NodeJS.ProcessEnv): string[] {
  const known = [
    'FLOWLINE_CONFIG',
    ...Object.keys(SETTING_VARIABLES),
    ...Object.keys(JSON_SETTING_VARIABLES),
  ];
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith('FLOWLINE_') && !known.includes(name) && !SERVICE_LINK.test(name))
    .sort()
    .map((name) => {
      const suggestion = closestName(name, known);
      return `${name} is not a Flowline setting and is ignored${suggestion ? ` (did you mean ${suggestion}?)` : ''}`;
    });
  if (env['PORT'] && !env['FLOWLINE_PORT'])
    warnings.push(`PORT is set but not read: Flowline listens on FLOWLINE_PORT (default 3000)`);
  return warnings;
}
