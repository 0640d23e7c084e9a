// `pnpm dev`: the runtime on 127.0.0.1:3000 (or FLOWLINE_PORT) and Vite with HMR in front of it,
// proxying /api and /approve. With FLOWLINE_API_URL set, only Vite starts, against that runtime.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { ROOT } from './designerBuild';

const children: ChildProcess[] = [];
const external = process.env['FLOWLINE_API_URL'];
const port = process.env['FLOWLINE_PORT'] ?? '3000';
const apiUrl = external ?? `http://127.0.0.1:${port}`;

if (!external) {
  const tsx = createRequire(join(ROOT, 'package.json')).resolve('tsx');
  children.push(
    spawn(process.execPath, ['--import', tsx, join(ROOT, 'runtime/src/main.ts')], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, FLOWLINE_PORT: port },
    }),
  );
}
const designer = join(ROOT, 'designer');
const vite = join(
  resolve(createRequire(join(designer, 'package.json')).resolve('vite/package.json'), '..'),
  'bin',
  'vite.js',
);
children.push(
  spawn(process.execPath, [vite], {
    cwd: designer,
    stdio: 'inherit',
    env: { ...process.env, FLOWLINE_API_URL: apiUrl },
  }),
);

const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
for (const child of children)
  child.once('exit', (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
