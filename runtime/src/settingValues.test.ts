import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

const problem = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the configuration was accepted');
};

describe('numeric settings take plain decimal digits', () => {
  it.each(['0x10', '1e3', ' 16', '16 ', '+16', '16.0', '1_000', 'sixteen'])(
    'refuses FLOWLINE_WORKER_CONCURRENCY=%j, naming the variable and what it takes',
    (value) => {
      expect(problem({ FLOWLINE_WORKER_CONCURRENCY: value })).toContain(
        `  FLOWLINE_WORKER_CONCURRENCY: ${JSON.stringify(value)} is not accepted: it takes a whole number from 1 to 1024, in decimal digits (such as 64)`,
      );
    },
  );

  it('refuses every numeric variable the same way', () => {
    const message = problem({
      FLOWLINE_PORT: '0x50',
      FLOWLINE_MAX_BODY_BYTES: '1e6',
      FLOWLINE_CRON_TICK_MS: '6e4',
      FLOWLINE_INSTANCE_CACHE_SIZE: '0b11',
      FLOWLINE_INSTANCE_CACHE_BYTES: ' 1048576',
      FLOWLINE_TRUSTED_PROXY_HOPS: '1.0',
      FLOWLINE_MONGODB_WTIMEOUT_MS: 'Infinity',
    });
    for (const line of [
      'FLOWLINE_PORT: "0x50" is not accepted: it takes a whole number from 0 to 65535',
      'FLOWLINE_MAX_BODY_BYTES: "1e6" is not accepted: it takes a whole number of bytes from 1024 to 52428800',
      'FLOWLINE_CRON_TICK_MS: "6e4" is not accepted: it takes a whole number of milliseconds of 50 or more',
      'FLOWLINE_INSTANCE_CACHE_SIZE: "0b11" is not accepted',
      'FLOWLINE_INSTANCE_CACHE_BYTES: " 1048576" is not accepted',
      'FLOWLINE_TRUSTED_PROXY_HOPS: "1.0" is not accepted',
      'FLOWLINE_MONGODB_WTIMEOUT_MS: "Infinity" is not accepted',
    ])
      expect(message).toContain(`  ${line}`);
  });

  it('says the range when the digits are out of it', () => {
    expect(problem({ FLOWLINE_PORT: '70000' })).toContain(
      'FLOWLINE_PORT: "70000" is not accepted: it takes a whole number from 0 to 65535, in decimal digits (such as 3000)',
    );
  });

  it('reads digits as the number they spell, from variables and the file alike', () => {
    expect(
      loadConfig({
        FLOWLINE_PORT: '0',
        FLOWLINE_WORKER_CONCURRENCY: '016',
        FLOWLINE_MONGODB_WTIMEOUT_MS: '10000',
        FLOWLINE_LIMITS: '{"live":{"pollMs":"500","heartbeatMs":20000},"backlog":{"maxQueuedJobs":1000}}',
      }),
    ).toMatchObject({
      port: 0,
      workerConcurrency: 16,
      mongodbWtimeoutMs: 10_000,
      limits: { live: { pollMs: 500, heartbeatMs: 20_000 }, backlog: { maxQueuedJobs: 1000 } },
    });
  });

  it('takes an empty variable as unset, as it does for every setting', () => {
    expect(loadConfig({ FLOWLINE_WORKER_CONCURRENCY: '', FLOWLINE_PORT: '' })).toMatchObject({
      workerConcurrency: 64,
      port: 3000,
    });
  });

  it('refuses in JSON what is not a whole number: an empty or hex string, a fraction, a boolean', () => {
    const message = problem({
      FLOWLINE_LIMITS: JSON.stringify({
        live: { pollMs: '', heartbeatMs: '0x4000', clientBuffer: 10.5, maxClients: true },
        backlog: { maxQueuedJobs: '1e3', maxRetryAfterSeconds: null },
        storage: { minFreeBytes: '-1' },
      }),
    });
    for (const line of [
      'FLOWLINE_LIMITS: live.pollMs: "" is not accepted: it takes a whole number of milliseconds from 10 to 10000',
      'FLOWLINE_LIMITS: live.heartbeatMs: "0x4000" is not accepted',
      'FLOWLINE_LIMITS: live.clientBuffer: 10.5 is not accepted: it takes a whole number from 2 to 100000',
      'FLOWLINE_LIMITS: live.maxClients: ',
      'FLOWLINE_LIMITS: backlog.maxQueuedJobs: "1e3" is not accepted',
      'FLOWLINE_LIMITS: backlog.maxRetryAfterSeconds: ',
      'FLOWLINE_LIMITS: storage.minFreeBytes: "-1" is not accepted: it takes a whole number of bytes of 0 or more',
    ])
      expect(message).toContain(`  ${line}`);
  });
});

describe('switch settings take true, false, 1 or 0', () => {
  it('reads each of them', () => {
    for (const [value, on] of [
      ['true', true],
      ['1', true],
      ['false', false],
      ['0', false],
    ] as const) {
      expect(loadConfig({ FLOWLINE_SEED_EXAMPLES: value, FLOWLINE_MONGODB_JOURNAL: value })).toMatchObject({
        seedExamples: on,
        mongodbJournal: on,
      });
      expect(loadConfig({ FLOWLINE_TEST_CLOCK: value }).testClock).toBe(on);
    }
  });

  it.each(['yes', 'no', 'TRUE', 'False', 'on', ' 1', '2'])('refuses %j by name', (value) => {
    expect(problem({ FLOWLINE_SEED_EXAMPLES: value })).toContain(
      `  FLOWLINE_SEED_EXAMPLES: ${JSON.stringify(value)} is not accepted: it takes true or false (or 1 or 0)`,
    );
  });
});
