import type { CliIo, ExitCode } from './io';

/** One `flowline <name>` command: its help and its run. */
export interface Command {
  readonly name: string;
  /** One line for `flowline --help`. */
  readonly summary: string;
  /** The whole of `flowline <name> --help`. */
  readonly help: string;
  /** Runs with the arguments after the command's name; throws UsageError for a wrong command line. */
  run(args: readonly string[], io: CliIo): Promise<ExitCode>;
}
