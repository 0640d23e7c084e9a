// `pnpm create-connector <name> [--dir <folder>] [--no-install]`: scaffolds a connector package
// with one action and a test, then links it into the workspace.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBuiltinConnectors } from '../builtin/src/index';
import { connectorFiles } from './connectorTemplate';

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith('--'));
const dirFlag = args.indexOf('--dir');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

if (!name || !/^[a-z][a-z0-9-]{1,40}$/.test(name) || ['sdk', 'builtin', 'scripts'].includes(name)) {
  console.error('Usage: pnpm create-connector <name>   (kebab-case, e.g. "acme-crm")');
  process.exit(2);
}
// Workflows name a connector by its id: a built-in's would stop the runtime at start (two
// connectors with one id), so it is refused here, before anything is written.
const builtin = createBuiltinConnectors().find((connector) => connector.id === name);
if (builtin) {
  console.error(
    `"${name}" is the id of the built-in connector "${builtin.title}"; choose another (e.g. "acme-${name}").`,
  );
  process.exit(2);
}
const target =
  dirFlag >= 0 && args[dirFlag + 1] ? resolve(args[dirFlag + 1]!, name) : join(root, 'connectors', name);
if (existsSync(target)) {
  console.error(`${target} already exists`);
  process.exit(2);
}
for (const [file, content] of Object.entries(
  connectorFiles(name, relative(target, join(root, 'tsconfig.base.json'))),
)) {
  mkdirSync(dirname(join(target, file)), { recursive: true });
  writeFileSync(join(target, file), content);
}
// Formatted like the rest of the repository, so `pnpm test` (which checks formatting) stays green.
try {
  execFileSync(join(root, 'node_modules', '.bin', 'prettier'), ['--write', target], { stdio: 'ignore' });
} catch {
  // Outside this repository there may be no prettier; the files are still valid.
}
console.log(`Created ${target}`);
if (!args.includes('--no-install') && target.startsWith(join(root, 'connectors'))) {
  execFileSync('pnpm', ['install', '--offline'], { cwd: root, stdio: 'inherit' });
}
console.log(
  `Next: pnpm vitest run --project connectors, then set FLOWLINE_CONNECTORS='["./connectors/${name}/src/index.ts"]' and pnpm start.`,
);
