import { hasErrors } from '@flowline/engine';
import { parseCommandArgs } from './args';
import type { Command } from './command';
import { connectorCatalog } from './connectorCatalog';
import { checkDefinition } from './definitionCheck';
import { fileProblemSentence, loadJsonFile, type FileProblem } from './definitionFile';
import { EXIT, UsageError, type ExitCode } from './io';
import { issueSentence, type IssueLike } from './issueText';

/** What `--json` prints for one file. */
export type FileResult =
  | { readonly file: string; readonly valid: false; readonly problem: FileProblem }
  | {
      readonly file: string;
      readonly valid: boolean;
      readonly errors: number;
      readonly warnings: number;
      readonly issues: readonly IssueLike[];
    };

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check definition files as publishing does (schema, graph, expressions, connectors)',
  help: `Usage: flowline validate <files...> [--json] [--connector <module>...]

Checks each workflow definition file as publishing does, without a server: the
definition format, the graph rules, and every expression and connector mapping
type-checked against the built-in connectors' catalog. Prints one sentence per
problem, addressed to its node and field; warnings too.

What only a runtime knows is checked when publishing: its webhook secrets, its
configured limits, subworkflow cycles through versions it has published.

Options:
  --json                 print the results as JSON (one entry per file)
  --connector <module>   also know this connector module (a path or package that
                         exports \`connector\`, \`connectors\` or a default), as
                         FLOWLINE_CONNECTORS does for a runtime; repeatable
  -h, --help             show this help

Exit status: 0 when no file has errors (warnings allowed), 1 when one has,
2 for a usage problem (unknown option, missing file, a file that is not JSON).`,

  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      json: { type: 'boolean' },
      connector: { type: 'string', multiple: true },
    });
    if (positionals.length === 0) throw new UsageError('name at least one definition file');
    const registry = await connectorCatalog(values.connector ?? [], io.cwd);
    const results: FileResult[] = [];
    for (const file of positionals) {
      const loaded = await loadJsonFile(file, io.cwd);
      if (!loaded.ok) {
        results.push({ file, valid: false, problem: loaded.problem });
        if (!values.json) io.err(fileProblemSentence(file, loaded.problem));
        continue;
      }
      const { issues } = checkDefinition(loaded.document, registry.catalog());
      const errors = issues.filter((i) => i.severity === 'error').length;
      results.push({ file, valid: !hasErrors(issues), errors, warnings: issues.length - errors, issues });
      if (values.json) continue;
      for (const issue of issues) io.out(issueSentence(file, issue, loaded.document));
      io.out(`${file}: ${summary(errors, issues.length - errors)}`);
    }
    const exit = exitOf(results);
    if (values.json) io.out(JSON.stringify({ valid: exit === EXIT.ok, files: results }, null, 2));
    return exit;
  },
};

function summary(errors: number, warnings: number): string {
  const counted = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  if (errors > 0)
    return `invalid, ${counted(errors, 'error')}${warnings > 0 ? ` and ${counted(warnings, 'warning')}` : ''}`;
  return warnings > 0 ? `valid, with ${counted(warnings, 'warning')}` : 'valid';
}

function exitOf(results: readonly FileResult[]): ExitCode {
  if (results.some((r) => 'problem' in r)) return EXIT.usage;
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.failed;
}
