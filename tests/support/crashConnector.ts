// Loaded INTO the runtime process (FLOWLINE_CONNECTORS); the test reads the files it writes.
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineAction, defineConnector, EmptySettingsSchema } from '@flowline/connector-sdk';

/** Environment variable naming the directory the connector writes its logs to. */
export const CRASH_LOG_DIR = 'CRASH_LOG_DIR';

/** The lines of one of the connector's logs (calls.log, effects.log), read by the test; none when absent. */
export const readLogLines = (path: string): string[] =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];

function logDir(): string {
  const dir = process.env[CRASH_LOG_DIR];
  if (!dir) throw new Error(`${CRASH_LOG_DIR} is not set`);
  return dir;
}

const isAlreadyThere = (error: unknown) => (error as NodeJS.ErrnoException).code === 'EEXIST';

/**
 * Behaves like a well-behaved idempotent external API: every CALL is logged to `calls.log`, but the
 * EFFECT (a line in `effects.log`) happens only the first time an idempotency key is seen. "First"
 * is decided by an exclusive create of a marker file per key, so it holds across processes and
 * restarts. A short random delay keeps calls in flight when the runtime is killed.
 */
const record = defineAction({
  id: 'record',
  title: 'Record a call',
  description: 'Logs every call and records one effect per idempotency key',
  // No zod import needed (tests has none): the action takes and returns an empty object.
  input: EmptySettingsSchema,
  output: EmptySettingsSchema,
  async run(ctx) {
    const dir = logDir();
    const key = ctx.idempotencyKey;
    appendFileSync(join(dir, 'calls.log'), `${key}\n`, { flag: 'a' });
    await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 31)));
    const markers = join(dir, 'effects');
    mkdirSync(markers, { recursive: true });
    let first = true;
    try {
      writeFileSync(join(markers, createHash('sha256').update(key).digest('hex')), key, { flag: 'wx' });
    } catch (error) {
      if (!isAlreadyThere(error)) throw error;
      first = false;
    }
    // The marker is the peer's commit of the effect; the log line is its visible record. A kill
    // between the two leaves the line to the next call under the key, which is safe: calls for one
    // key never overlap (the killed process is gone before its job can be claimed again).
    const effects = join(dir, 'effects.log');
    if (first || !readFileSync(effects, { encoding: 'utf8', flag: 'a+' }).split('\n').includes(key))
      appendFileSync(effects, `${key}\n`, { flag: 'a' });
    return {};
  },
});

export const connector = defineConnector({
  id: 'crash',
  title: 'Crash test recorder',
  version: '1.0.0',
  actions: [record],
});
