import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { DCLinter } from 'dclint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../runtime/src/config';

// deploy/compose.yaml checked without a Docker engine: against the Compose Specification's JSON
// Schema (compose-spec/compose-spec, Apache-2.0, as shipped in the dclint package's
// schemas/compose.schema.json, pinned by the lockfile), then by dclint's rules.
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const COMPOSE = join(ROOT, 'deploy/compose.yaml');
const require = createRequire(import.meta.url);
const schemaFile = join(dirname(require.resolve('dclint/package.json')), 'schemas/compose.schema.json');

const text = readFileSync(COMPOSE, 'utf8');
/** Parsed with YAML merge keys (`<<: *runtime`), as Compose reads them. */
const compose = parse(text, { merge: true }) as {
  services: Record<string, Record<string, unknown>>;
  secrets: Record<string, { file: string }>;
};
const services = compose.services;

function schemaValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // The schema names its meta-schema by the https address; Ajv knows draft-07 by the http one.
  const draft7 = require('ajv/dist/refs/json-schema-draft-07.json') as Record<string, unknown>;
  ajv.addMetaSchema({ ...draft7, $id: 'https://json-schema.org/draft-07/schema' });
  return ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object);
}

describe('deploy/compose.yaml', () => {
  it('is valid against the Compose Specification schema (and the schema refuses a typo)', () => {
    const validate = schemaValidator();
    expect(validate(compose), JSON.stringify(validate.errors, null, 1)).toBe(true);
    const typo = structuredClone(compose);
    typo.services['proxy']!['restart_policy'] = 'always';
    expect(validate(typo)).toBe(false);
  });

  it("passes dclint's rules (its key-ordering style rules aside: the file reads in start order)", () => {
    const linter = new DCLinter({
      rules: {
        'service-keys-order': 0,
        'services-alphabetical-order': 0,
        'top-level-properties-order': 0,
        'service-dependencies-alphabetical-order': 0,
        'require-quotes-in-ports': [1, { quoteType: 'single' }],
      },
      quiet: false,
      debug: false,
      exclude: [],
    });
    const [result] = linter.lintFiles([COMPOSE], false);
    expect(result!.messages.map((m) => `${m.line}: ${m.rule}: ${m.message}`)).toEqual([]);
  });

  it('runs a three-member replica set, initiated once by a one-shot service, with keyfile auth', () => {
    const members = ['mongo1', 'mongo2', 'mongo3'];
    for (const name of members) {
      const service = services[name]!;
      expect(service['image'], name).toMatch(/^mongo:7\.\d+\.\d+$/);
      expect(JSON.stringify(service['entrypoint']), name).toMatch(/--replSet rs0 .*--keyFile/);
      expect(service['secrets'], name).toContain('mongo_keyfile');
    }
    const init = services['mongo-init']!;
    expect(init['restart']).toBe('no');
    for (const name of members)
      expect(init['depends_on']).toHaveProperty([name, 'condition'], 'service_healthy');
    const script = readFileSync(join(ROOT, 'deploy/mongo-init.js'), 'utf8');
    expect(script).toContain('rs.initiate');
    for (const name of members) expect(script).toContain(`${name}:27017`);
    const uri = readFileSync(join(ROOT, 'deploy/make-secrets.sh'), 'utf8');
    expect(uri).toMatch(/replicaSet=rs0/);
    expect(uri).toMatch(/w=majority/);
  });

  it('runs two runtime replicas on MongoDB behind the proxy, secrets from files', () => {
    const runtimes = Object.entries(services).filter(([, s]) => s['image'] === 'flowline:local');
    expect(runtimes.map(([name]) => name).sort()).toEqual(['runtime-a', 'runtime-b']);
    for (const [name, service] of runtimes) {
      const env = service['environment'] as Record<string, string>;
      expect(env['FLOWLINE_STORE'], name).toBe('mongodb');
      expect(env['FLOWLINE_MONGODB_URI_FILE'], name).toMatch(/^\/run\/secrets\//);
      expect(env['FLOWLINE_KEY_FILE'], name).toMatch(/^\/run\/secrets\//);
      // No secret value written into the file itself.
      expect(
        Object.keys(env).filter((k) => /PASSWORD$|_URI$|MASTER_KEY$|SECRET$/.test(k)),
        name,
      ).toEqual([]);
      expect(service['depends_on']).toHaveProperty(
        ['mongo-init', 'condition'],
        'service_completed_successfully',
      );
      expect(service['ports'], `${name} publishes no port of its own`).toBeUndefined();
    }
    // Every secret a service names is declared, from a file under deploy/secrets.
    for (const [name, service] of Object.entries(services))
      for (const secret of (service['secrets'] as string[] | undefined) ?? [])
        expect(compose.secrets[secret]?.file, `${name}: ${secret}`).toMatch(/^\.\/secrets\//);

    const proxy = services['proxy']!;
    expect(proxy['depends_on']).toHaveProperty(['runtime-a', 'condition'], 'service_healthy');
    expect(proxy['depends_on']).toHaveProperty(['runtime-b', 'condition'], 'service_healthy');
    const nginx = readFileSync(join(ROOT, 'deploy/nginx.conf'), 'utf8');
    for (const [name] of runtimes) expect(nginx).toContain(`server ${name}:3000`);
    // Server-sent events: unbuffered, with a read timeout far above the 15 s heartbeat.
    const stream = /location = \/api\/stream \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(stream).toMatch(/proxy_buffering off;/);
    expect(stream).toMatch(/proxy_read_timeout 1h;/);
  });

  it('sets only real runtime settings (the store selection lands with the MongoDB adapter)', () => {
    const env = { ...(services['runtime-a']!['environment'] as Record<string, string>) };
    // What the image's entrypoint turns FLOWLINE_<NAME>_FILE into.
    for (const key of Object.keys(env).filter((k) => k.endsWith('_FILE') && k !== 'FLOWLINE_KEY_FILE')) {
      env[key.slice(0, -'_FILE'.length)] = 'mongodb://flowline:x@mongo1:27017/flowline?replicaSet=rs0';
      delete env[key];
    }
    for (const [key, value] of Object.entries(env)) env[key] = value.replace(/\$\{\w+:-([^}]*)\}/, '$1');
    const { config, warnings } = readConfig(env);
    const pending = /^(FLOWLINE_STORE|FLOWLINE_MONGODB_URI) is not a Flowline setting/;
    expect(warnings.filter((w) => !pending.test(w))).toEqual([]);
    expect(config).toMatchObject({ workerConcurrency: 16, instanceCacheSize: 2000, seedExamples: false });
  });
});
