import { writeSync } from 'node:fs';
import pino from 'pino';

/** sysexits' EX_IOERR: the process stopped because it could not write its output. */
export const EXIT_OUTPUT_FAILED = 74;

/**
 * The log destination of the process: stdout, written synchronously. pino's default (async,
 * flushed at exit) retries a failed write forever in that exit-time flush: with the disk full the
 * process then neither works nor exits, and /healthz never answers. Written synchronously there is
 * nothing left to flush at exit, and a failed write surfaces at once as an 'error' event.
 */
export function createLogDestination(onFailure: (error: Error) => void, fd = 1): pino.DestinationStream {
  const destination = pino.destination({ dest: fd, sync: true });
  destination.on('error', onFailure);
  return destination;
}

/**
 * What to do when the process cannot write its output: say so on the other stream if it still
 * works, and exit non-zero, so a supervisor restarts it (or shows it crash-looping) instead of a
 * process that hangs or serves without a log. Safe to call more than once.
 */
export function exitOnOutputFailure(
  options: { exit?: (code: number) => never; stderrFd?: number } = {},
): (error: Error, output?: string) => void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let exiting = false;
  return (error, output = 'the log (stdout)') => {
    if (exiting) return;
    exiting = true;
    try {
      writeSync(
        options.stderrFd ?? 2,
        `flowline: cannot write ${output} (${error.message}); stopping with exit code ${EXIT_OUTPUT_FAILED} so a supervisor can restart it\n`,
      );
    } catch {
      // That output fails too: the exit code is what is left to say it.
    }
    exit(EXIT_OUTPUT_FAILED);
  };
}
