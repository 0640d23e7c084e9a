import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { API_HELP, API_OPTIONS, ApiFailure, apiTarget, createApiClient } from './apiClient';
import { parseCommandArgs } from './args';
import { canonicalJson } from './canonicalJson';
import type { Command } from './command';
import { EXIT, UsageError } from './io';
import { latestVersion, readVersion } from './publishDefinition';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a published version of a workflow as a definition file',
  help: `Usage: flowline export <workflowId> --url <runtime> --token <api token>
                       [--version <n>] [--out <file>]

Writes a published version's definition (the latest unless --version) as pretty
JSON in a stable key order, so a file kept in git changes only where the
workflow changed. "flowline publish" of an exported file publishes nothing new.

Options:
  --version <n>          the version to export (default: the latest)
  --out <file>           write to this file instead of standard output
${API_HELP}
  -h, --help             show this help

Exit status: 0 when written, 1 when the runtime refused or has no such version,
2 for a usage problem.`,

  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...API_OPTIONS,
      version: { type: 'string' },
      out: { type: 'string' },
    });
    const [workflowId, ...extra] = positionals;
    if (workflowId === undefined) throw new UsageError('name the workflow to export');
    if (extra.length > 0) throw new UsageError(`export takes one workflow id, not also "${extra.join(' ')}"`);
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version >= 1))
      throw new UsageError(`--version "${values.version}" is not a version number (1, 2, …)`);
    const target = apiTarget(values, io);
    const api = createApiClient(target);

    let found: { version: number; definition: Record<string, unknown> } | undefined;
    try {
      found =
        version === undefined
          ? await latestVersion(api, target, workflowId)
          : await readVersion(api, target, workflowId, version);
    } catch (error) {
      if (!(error instanceof ApiFailure)) throw error;
      io.err(`flowline export: ${workflowId}: ${error.message}`);
      return EXIT.failed;
    }
    if (!found) {
      io.err(`flowline export: ${workflowId} has no published version on ${target.url}`);
      return EXIT.failed;
    }
    const text = canonicalJson(found.definition);
    if (values.out === undefined) {
      io.out(text.trimEnd());
      return EXIT.ok;
    }
    try {
      await writeFile(resolve(io.cwd, values.out), text);
    } catch (error) {
      io.err(
        `flowline export: cannot write ${values.out} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
      return EXIT.failed;
    }
    io.out(`${values.out}: wrote ${workflowId} version ${found.version}`);
    return EXIT.ok;
  },
};
