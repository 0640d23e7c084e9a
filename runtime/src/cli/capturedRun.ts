import { runCli } from './cli';

export interface CapturedRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs a command line in-process with its output captured: for tests. */
export async function runCaptured(
  argv: readonly string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CapturedRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
