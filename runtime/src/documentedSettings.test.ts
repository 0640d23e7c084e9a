import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_SETTING_VARIABLES, SETTING_VARIABLES, readConfig } from './config';

const ROOT = join(import.meta.dirname, '../..');
const DOCS = ['README.md', 'docs/deploy.md'].map((path) => ({
  path,
  text: readFileSync(join(ROOT, path), 'utf8'),
}));
const VARIABLES = new Set([...Object.keys(SETTING_VARIABLES), ...Object.keys(JSON_SETTING_VARIABLES)]);
/** A value written whole: no prose ("the URI's database"), no placeholder ("–", "unset"). */
const VALUE = /^[\w.:/@-]+$/;

const UNITS: Readonly<Record<string, number>> = { '': 1, KiB: 1024, MiB: 1024 * 1024 };

/** A limit's documented default as a number: `1,000`, `64 KiB`; undefined for `60 s / 1,000`. */
function limitValue(text: string): number | undefined {
  const [, digits, unit = ''] = /^(\d{1,3}(?:,\d{3})*)(?: (KiB|MiB))?$/.exec(text) ?? [];
  return digits === undefined ? undefined : Number(digits.replace(/,/g, '')) * UNITS[unit]!;
}

interface Example {
  readonly where: string;
  readonly env: Record<string, string>;
}

/**
 * Every value the operator documentation gives a setting: `FLOWLINE_X=value` in examples,
 * `FLOWLINE_X` (`value`) in prose, the default column of a table of variables, and the numeric
 * defaults of the tables of limits (`FLOWLINE_LIMITS`).
 */
function documentedExamples(): Example[] {
  const examples: Example[] = [];
  for (const { path, text } of DOCS) {
    for (const [, name, quoted, bare] of text.matchAll(/\b(FLOWLINE_[A-Z0-9_]+)=(?:'([^']*)'|([^\s`'"]+))/g))
      if (VARIABLES.has(name!))
        examples.push({ where: `${path}: ${name}=`, env: { [name!]: quoted ?? bare! } });
    for (const [, name, value] of text.matchAll(/`(FLOWLINE_[A-Z0-9_]+)` \(`([^`]+)`\)/g))
      if (VARIABLES.has(name!)) examples.push({ where: `${path}: ${name} (…)`, env: { [name!]: value! } });
    let limitsTable = false;
    for (const line of text.split('\n')) {
      if (!line.startsWith('|')) {
        limitsTable = false;
        continue;
      }
      const [first = '', second = ''] = line
        .split('|')
        .slice(1)
        .map((cell) => cell.trim());
      // The header of a table of limits, which names FLOWLINE_LIMITS without being a value of it.
      if (/^(limit|setting \(in `FLOWLINE_LIMITS`)/.test(first)) {
        limitsTable = true;
        continue;
      }
      const names = [...first.matchAll(/`(FLOWLINE_[A-Z0-9_]+)`/g)].map((m) => m[1]!);
      if (names.length > 0) {
        const values = second
          .replace(/ in the image$/, '')
          .split(' / ')
          .map((v) => v.replace(/`/g, ''));
        names.forEach((name, index) => {
          const value = values[index];
          if (VARIABLES.has(name) && value !== undefined && VALUE.test(value) && value !== 'unset')
            examples.push({ where: `${path}: table row ${name}`, env: { [name]: value } });
        });
      } else if (limitsTable) {
        const key = /^`([\w.]+)`$/.exec(first)?.[1];
        const number = limitValue(second);
        if (key && number !== undefined) {
          const limits = key.split('.').reduceRight<unknown>((value, part) => ({ [part]: value }), number);
          examples.push({ where: `${path}: limit ${key}`, env: { FLOWLINE_LIMITS: JSON.stringify(limits) } });
        }
      }
    }
  }
  return examples;
}

describe('the settings the documentation shows', () => {
  const examples = documentedExamples();

  it('are found (the extraction still reads the documents)', () => {
    const found = new Set(examples.flatMap((e) => Object.keys(e.env)));
    for (const name of [
      'FLOWLINE_TEST_CLOCK',
      'FLOWLINE_RETENTION',
      'FLOWLINE_WORKER_CONCURRENCY',
      'FLOWLINE_INSTANCE_CACHE_SIZE',
      'FLOWLINE_PORT',
      'FLOWLINE_MONGODB_JOURNAL',
      'FLOWLINE_MONGODB_WRITE_CONCERN',
      'FLOWLINE_STORE',
      'FLOWLINE_PUBLIC_ORIGIN',
      'FLOWLINE_LIMITS',
      'FLOWLINE_MESSAGE_MAX_TTL',
    ])
      expect(found, name).toContain(name);
    expect(examples.filter((e) => e.env['FLOWLINE_LIMITS']).length).toBeGreaterThanOrEqual(10);
  });

  it.each(documentedExamples().map((e) => [e.where, e] as const))('parse: %s', (_, { env }) => {
    // FLOWLINE_STORE=mongodb needs its URI, as the documentation says next to it.
    const { warnings } = readConfig({
      FLOWLINE_MONGODB_URI: 'mongodb://db1,db2,db3/flowline?replicaSet=rs0',
      ...env,
    });
    expect(warnings).toEqual([]);
  });
});
