// `flowline` (the runtime package's bin) and `pnpm flowline`: the command line for definitions.
import { runCli } from './cli';

// `pnpm flowline` runs in the workspace root; INIT_CWD is where it was typed, so relative file
// names mean what the user meant. Only when pnpm (or npm) ran this very script.
const launchedByScript = process.env['npm_lifecycle_event'] === 'flowline';
const cwd = (launchedByScript && process.env['INIT_CWD']) || process.cwd();

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other tools do.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });

try {
  process.exitCode = await runCli(process.argv.slice(2), {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    env: process.env,
    cwd,
  });
} catch (error) {
  // A bug, not the user's mistake: say so plainly, with the stack for the report.
  process.stderr.write(`flowline: unexpected failure: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
