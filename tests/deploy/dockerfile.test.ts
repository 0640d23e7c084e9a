import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../runtime/src/config';
import { execForm, isPinnedImage, parseDockerfile, stagesOf, type Instruction } from './dockerfileRules';

// The image's rules, read from the Dockerfile itself (no Docker engine or hadolint here).
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
const instructions = parseDockerfile(dockerfile);
const stages = stagesOf(instructions);
const final = stages.at(-1)!;
const stageNames = new Set(stages.map((s) => s.name));
const where = (i: Instruction) => `Dockerfile:${i.line} ${i.keyword} ${i.args}`;
const all = (keyword: string, list: readonly Instruction[] = instructions) =>
  list.filter((i) => i.keyword === keyword);

describe('Dockerfile', () => {
  it('builds in stages and ships only the last one, which installs nothing', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.name, stage.image).toBeDefined();
    const copiedFrom = all('COPY', final.instructions).flatMap((i) => /--from=(\S+)/.exec(i.args)?.[1] ?? []);
    expect(copiedFrom.length).toBeGreaterThan(0);
    for (const from of copiedFrom) expect(stageNames.has(from), from).toBe(true);
    // No package manager runs in the final image: its dependencies were resolved in the build.
    const installs = all('RUN', final.instructions).filter((i) =>
      /\b(pnpm|npm|yarn|apt-get|apk)\b/.test(i.args),
    );
    expect(installs.map(where)).toEqual([]);
  });

  it('pins every base image to a full release, never latest', () => {
    for (const stage of stages) {
      if (stageNames.has(stage.image)) continue;
      expect(isPinnedImage(stage.image), stage.image).toBe(true);
    }
    expect(isPinnedImage('node:20-slim')).toBe(false);
    expect(isPinnedImage('node:latest')).toBe(false);
    expect(isPinnedImage('node')).toBe(false);
    expect(isPinnedImage(`node@sha256:${'a'.repeat(64)}`)).toBe(true);
  });

  it("installs from the lockfile as it is; the image gets only the bundle's external packages", () => {
    const runs = all('RUN').map((i) => i.args);
    const install = runs.find((r) => /\bpnpm install\b/.test(r));
    expect(install).toMatch(/--frozen-lockfile/);
    expect(runs.some((r) => /deploy\/copyExternals\.ts/.test(r))).toBe(true);
    expect(runs.some((r) => /designer.*\bbuild\b/.test(r))).toBe(true);
    const copies = all('COPY', final.instructions).map((i) => i.args);
    expect(copies.some((c) => /node_modules/.test(c) && /^--from=/.test(c))).toBe(true);
    expect(copies.some((c) => /designer\/dist/.test(c))).toBe(true);
  });

  it('fetches nothing by URL with ADD (no ADD at all: COPY says what it does)', () => {
    expect(all('ADD').map(where)).toEqual([]);
    for (const run of all('RUN')) expect(run.args, where(run)).not.toMatch(/\b(curl|wget)\b.*\|\s*(ba)?sh/);
  });

  it('runs as a non-root user, by number', () => {
    const users = all('USER', final.instructions);
    expect(users.length).toBeGreaterThan(0);
    const user = users.at(-1)!.args;
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(user.split(':')[0]).not.toBe('0');
    // Nothing after the last USER switches back.
    const last = final.instructions.lastIndexOf(users.at(-1)!);
    expect(
      final.instructions
        .slice(last + 1)
        .filter((i) => i.keyword === 'RUN')
        .map(where),
    ).toEqual([]);
  });

  it('checks health on the readiness endpoint, and starts in exec form', () => {
    const health = all('HEALTHCHECK', final.instructions);
    expect(health).toHaveLength(1);
    const command = execForm(health[0]!.args.replace(/^(--\S+\s+)*CMD\s+/, ''));
    expect(command, health[0]!.args).toBeDefined();
    const script = command!.find((part) => part.endsWith('.mjs'))!;
    const copied = all('COPY', final.instructions).find((c) => c.args.includes('healthcheck.mjs'));
    expect(copied, 'the healthcheck script is copied into the image').toBeDefined();
    expect(script.endsWith('healthcheck.mjs')).toBe(true);
    expect(readFileSync(join(ROOT, 'deploy/healthcheck.mjs'), 'utf8')).toContain('/readyz');
    for (const keyword of ['ENTRYPOINT', 'CMD']) {
      const last = all(keyword, final.instructions).at(-1);
      expect(last, keyword).toBeDefined();
      expect(execForm(last!.args), where(last!)).toBeDefined();
    }
    const entrypoint = execForm(all('ENTRYPOINT', final.instructions).at(-1)!.args)![0]!;
    expect(entrypoint.endsWith('docker-entrypoint.sh')).toBe(true);
    expect(statSync(join(ROOT, 'deploy/docker-entrypoint.sh')).mode & 0o111).not.toBe(0);
  });

  it('copies from the build context only files that exist and that .dockerignore lets through', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
    for (const needed of ['**/node_modules', '.git', 'deploy/secrets', '**/*.db', '**/dist'])
      expect(ignore.split('\n'), needed).toContain(needed);
    const fromContext = all('COPY').filter((i) => !/--from=/.test(i.args));
    for (const copy of fromContext) {
      const parts = copy.args.split(/\s+/).filter((p) => !p.startsWith('--'));
      for (const source of parts.slice(0, -1)) {
        if (source === '.') continue;
        expect(existsSync(join(ROOT, source)), `${where(copy)}: ${source}`).toBe(true);
        expect(source, where(copy)).not.toMatch(/node_modules|secrets|\.git\b/);
      }
    }
  });

  it('sets only real settings in the environment', () => {
    const env: Record<string, string> = {};
    for (const instruction of all('ENV', final.instructions)) {
      for (const [, name, value] of instruction.args.matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
    }
    expect(Object.keys(env)).toContain('FLOWLINE_DESIGNER_DIR');
    const { config, warnings } = readConfig(env);
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({ host: '0.0.0.0', dataDir: '/data', designerDir: '/app/designer/dist' });
  });
});
