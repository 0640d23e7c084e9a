import type { Command } from './command';
import { EXIT, UsageError, type CliIo, type ExitCode } from './io';
import { exportCommand } from './exportCommand';
import { publishCommand } from './publishCommand';
import { simulateCommand } from './simulateCommand';
import { validateCommand } from './validateCommand';

const COMMANDS: readonly Command[] = [validateCommand, publishCommand, exportCommand, simulateCommand];

const overview = () => `Usage: flowline <command> [options]

Check, deploy and try workflow definitions kept as files.

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}

Run "flowline <command> --help" for a command's options.
Exit status: 0 on success, 1 when the command found errors or was refused,
2 for a usage problem.`;

/** Runs one command line; never exits the process, so tests call it in-process. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    io.err(overview());
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    io.out(overview());
    return EXIT.ok;
  }
  if (name === 'help') return runCli([rest[0]!, '--help'], io);
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`flowline: unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`);
    io.err('Run "flowline --help" for usage.');
    return EXIT.usage;
  }
  // Help wins over everything else on the line, even a wrong option.
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`flowline ${command.name}: ${error.message}`);
    io.err(`Run "flowline ${command.name} --help" for usage.`);
    return EXIT.usage;
  }
}
