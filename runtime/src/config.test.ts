import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, readConfig } from './config';
import { findUnknownKeys } from './configKeys';

describe('loadConfig', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const file = (settings: unknown) => {
    const path = join(dir, 'flowline.json');
    writeFileSync(path, JSON.stringify(settings));
    return path;
  };
  const problem = (env: NodeJS.ProcessEnv): string => {
    try {
      loadConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('the configuration was accepted');
  };

  it('refuses an unknown key of the FLOWLINE_CONFIG file by name, with the key it probably meant', () => {
    const path = file({ prot: 8080, dataDir: './d' });
    expect(problem({ FLOWLINE_CONFIG: path })).toContain(
      `FLOWLINE_CONFIG (${path}): "prot" is not a setting (did you mean "port"?)`,
    );
  });

  it('refuses unknown keys inside nested objects, in the file and in JSON variables', () => {
    const path = file({ network: { allowLoopback: true, allowHost: ['crm.example.com'] } });
    expect(problem({ FLOWLINE_CONFIG: path })).toContain(
      `FLOWLINE_CONFIG (${path}): "network.allowHost" is not a setting (did you mean "allowHosts"?)`,
    );
    expect(problem({ FLOWLINE_NETWORK: '{"allowPrivat":true}' })).toContain(
      'FLOWLINE_NETWORK: "allowPrivat" is not a setting (did you mean "allowPrivate"?)',
    );
  });

  it('refuses unknown keys inside limits, and reads the limits from FLOWLINE_LIMITS', () => {
    expect(problem({ FLOWLINE_LIMITS: '{"storage":{"minFreeByte":1}}' })).toContain(
      'FLOWLINE_LIMITS: "storage.minFreeByte" is not a setting (did you mean "minFreeBytes"?)',
    );
    expect(problem({ FLOWLINE_LIMITS: '{"storag":{}}' })).toContain(
      'FLOWLINE_LIMITS: "storag" is not a setting',
    );
    expect(
      loadConfig({ FLOWLINE_LIMITS: '{"storage":{"minFreeBytes":1024}}' }).limits.storage.minFreeBytes,
    ).toBe(1024);
    expect(loadConfig({}).limits.storage.minFreeBytes).toBe(8 * 1024 * 1024);
  });

  it('allows the movable test clock only outside production, naming the variable', () => {
    expect(loadConfig({}).testClock).toBe(false);
    expect(loadConfig({ FLOWLINE_TEST_CLOCK: '1' }).testClock).toBe(true);
    expect(() => loadConfig({ FLOWLINE_TEST_CLOCK: '1', NODE_ENV: 'production' })).toThrow(
      /FLOWLINE_TEST_CLOCK: a movable clock is for tests; it is refused when NODE_ENV is production/,
    );
  });

  it('reads the cap on a buffered message’s time to live as a duration, refusing months by name', () => {
    expect(loadConfig({}).messageMaxTtl).toBe('P7D');
    expect(loadConfig({ FLOWLINE_MESSAGE_MAX_TTL: 'PT1H' }).messageMaxTtl).toBe('PT1H');
    expect(problem({ FLOWLINE_MESSAGE_MAX_TTL: 'P1M' })).toMatch(
      /^ {2}FLOWLINE_MESSAGE_MAX_TTL: .*ISO-8601/m,
    );
  });

  it('names the variable that was set, not another name of the same setting', () => {
    expect(problem({ FLOWLINE_PORT: '70000' })).toMatch(/^ {2}FLOWLINE_PORT: /m);
    const path = file({ port: 70000 });
    expect(problem({ FLOWLINE_CONFIG: path })).toMatch(
      new RegExp(`^  FLOWLINE_CONFIG \\(${path}\\): port: `, 'm'),
    );
    expect(problem({ FLOWLINE_NETWORK: '{"allowHosts":"crm"}' })).toMatch(
      /^ {2}FLOWLINE_NETWORK: allowHosts: /m,
    );
  });

  it('reads FLOWLINE_PORT only: PORT neither overrides it nor is read alone, and is warned about', () => {
    expect(loadConfig({ FLOWLINE_PORT: '4000', PORT: '5000' }).port).toBe(4000);
    const { config, warnings } = readConfig({ PORT: '5000' });
    expect(config.port).toBe(3000);
    expect(warnings).toEqual([expect.stringContaining('PORT is set but not read')]);
  });

  it('warns about an unknown FLOWLINE_ variable with the name it probably meant, but starts', () => {
    const { warnings } = readConfig({ FLOWLINE_PROT: '8080', FLOWLINE_SERVICE_HOST: '10.0.0.1' });
    expect(warnings).toEqual([
      'FLOWLINE_PROT is not a Flowline setting and is ignored (did you mean FLOWLINE_PORT?)',
    ]);
  });

  it('explains a Kubernetes service link in FLOWLINE_PORT', () => {
    expect(problem({ FLOWLINE_PORT: 'tcp://10.96.0.12:3000' })).toContain('Kubernetes service link');
  });

  it('refuses a file that is not an object of settings', () => {
    expect(problem({ FLOWLINE_CONFIG: file([1, 2]) })).toContain('must hold a JSON object of settings');
  });

  it('accepts every documented setting, from the file and from variables', () => {
    const path = file({
      host: '0.0.0.0',
      network: { allowLoopback: true },
      webhookSecrets: { itsm: 'x'.repeat(16) },
    });
    const config = loadConfig({ FLOWLINE_CONFIG: path, FLOWLINE_PORT: '0' });
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', network: { allowLoopback: true } });
  });
});

describe('findUnknownKeys', () => {
  it('reads through defaults, optionals and pipes, so objects added later refuse unknown keys too', () => {
    const schema = z.object({
      limits: z
        .object({
          expression: z.object({ maxOps: z.number().default(1) }).default({ maxOps: 1 }),
          depth: z.number().optional(),
        })
        .default({ expression: { maxOps: 1 } }),
      names: z.record(z.string(), z.object({ a: z.number() })),
      loose: z.looseObject({ a: z.number() }),
    });
    const found = findUnknownKeys(schema, {
      limits: { expression: { maxOp: 3 }, depht: 2 },
      names: { anything: { a: 1, b: 2 } },
      loose: { a: 1, extra: true },
    });
    expect(found.map((f) => [f.path.join('.'), f.suggestion])).toEqual([
      ['limits.expression.maxOp', 'maxOps'],
      ['limits.depht', 'depth'],
      ['names.anything.b', undefined],
    ]);
  });
});

describe('replica tuning settings', () => {
  it('reads the instance-cache size and worker concurrency, with documented defaults', () => {
    expect(loadConfig({})).toMatchObject({ instanceCacheSize: 2_000, workerConcurrency: 64 });
    expect(loadConfig({ FLOWLINE_INSTANCE_CACHE_SIZE: '0', FLOWLINE_WORKER_CONCURRENCY: '8' })).toMatchObject(
      { instanceCacheSize: 0, workerConcurrency: 8 },
    );
  });

  it('reads the instance cache byte budget, 16 MiB by default', () => {
    expect(loadConfig({})).toMatchObject({ instanceCacheBytes: 16 * 1024 * 1024 });
    expect(loadConfig({ FLOWLINE_INSTANCE_CACHE_BYTES: '1048576' })).toMatchObject({
      instanceCacheBytes: 1024 * 1024,
    });
  });

  it('reads where the designer build is served from (a container keeps it beside the bundle)', () => {
    expect(loadConfig({}).designerDir).toBeUndefined();
    expect(loadConfig({ FLOWLINE_DESIGNER_DIR: '/app/designer/dist' }).designerDir).toBe(
      '/app/designer/dist',
    );
  });

  it('reads the timer lookahead, 5 s by default, 0 to turn it off; refuses a negative, fractional, huge or non-numeric one by name (an empty one is unset, as for every setting)', () => {
    expect(loadConfig({}).timerLookaheadMs).toBe(5_000);
    expect(loadConfig({ FLOWLINE_TIMER_LOOKAHEAD_MS: '0' }).timerLookaheadMs).toBe(0);
    for (const bad of ['-1', '1.5', '60001', '1e9', 'soon'])
      expect(() => loadConfig({ FLOWLINE_TIMER_LOOKAHEAD_MS: bad }), bad).toThrow(
        /FLOWLINE_TIMER_LOOKAHEAD_MS/,
      );
  });

  it('refuses a concurrency below one or a negative cache size, naming the variable', () => {
    expect(() => loadConfig({ FLOWLINE_WORKER_CONCURRENCY: '0' })).toThrow(/FLOWLINE_WORKER_CONCURRENCY/);
    expect(() => loadConfig({ FLOWLINE_INSTANCE_CACHE_SIZE: '-1' })).toThrow(/FLOWLINE_INSTANCE_CACHE_SIZE/);
  });

  it('keeps ended instances forever by default, and reads a retention policy from FLOWLINE_RETENTION', () => {
    expect(loadConfig({}).retention).toEqual({
      endedInstancesDays: null,
      mode: 'delete',
      batchSize: 200,
      intervalMs: 3_600_000,
      pauseMs: 10,
    });
    expect(
      loadConfig({ FLOWLINE_RETENTION: '{"endedInstancesDays":90,"mode":"archive","archiveDir":"/audit"}' })
        .retention,
    ).toMatchObject({ endedInstancesDays: 90, mode: 'archive', archiveDir: '/audit', batchSize: 200 });
    expect(() => loadConfig({ FLOWLINE_RETENTION: '{"endedInstanceDays":90}' })).toThrow(
      'FLOWLINE_RETENTION: "endedInstanceDays" is not a setting (did you mean "endedInstancesDays"?)',
    );
    expect(() => loadConfig({ FLOWLINE_RETENTION: '{"mode":"shred"}' })).toThrow('FLOWLINE_RETENTION: mode');
  });
});
