/** What a command may touch of the world, so tests run it in-process with captured output. */
export interface CliIo {
  /** Writes one line (or several) to standard output. */
  readonly out: (text: string) => void;
  /** Writes one line (or several) to standard error. */
  readonly err: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative file names are read from and written to. */
  readonly cwd: string;
}

/** The exit statuses: CI scripts key on them. */
export const EXIT = {
  ok: 0,
  /** The command ran and found errors, or the runtime refused. */
  failed: 1,
  /** The command line itself is wrong: unknown command or flag, a missing file, unreadable JSON. */
  usage: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A mistake in the command line: printed with a pointer to the command's help, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
