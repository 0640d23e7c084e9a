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
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? topic.help : overview());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`flowline: unknown command "${name}"; the commands are ${COMMANDS.map((c) => c.name).join(', ')}`);
    io.err('Run "flowline --help" for usage.');
    return EXIT.usage;
  }
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
