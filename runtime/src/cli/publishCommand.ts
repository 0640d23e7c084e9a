import {
  API_HELP,
  API_OPTIONS,
  ApiFailure,
  apiIssueLine,
  apiTarget,
  createApiClient,
  type ApiIssue,
} from './apiClient';
import { parseCommandArgs } from './args';
import type { Command } from './command';
import { fileProblemSentence, loadJsonFile } from './definitionFile';
import { EXIT, UsageError } from './io';
import { publishDefinition, type Publication } from './publishDefinition';

/** What `--json` prints for one file. */
export type PublishResult =
  | ({ readonly file: string; readonly workflowId: string } & Publication)
  | {
      readonly file: string;
      readonly workflowId?: string;
      readonly status: 'refused';
      readonly message: string;
      readonly issues: readonly ApiIssue[];
    };

export const publishCommand: Command = {
  name: 'publish',
  summary: 'save each file as the draft and publish it as a new version, unless unchanged',
  help: `Usage: flowline publish <files...> --url <runtime> --token <api token> [--json]

Deploys definition files: for each, saves it as the workflow's draft (the
workflow id is the file's "id"; unpublished edits in that draft are replaced)
and publishes the draft as a new, immutable version. The runtime validates it
with its own connectors, limits and configuration; a refusal is printed with
each problem at its node and field (the draft stays saved).

A file equal to the latest published version (whatever its "version" field or
key order) is not published again: publishing always makes a new version, so
this keeps a deploy from a repository idempotent.

Options:
${API_HELP}
  --json                 print the results as JSON (one entry per file)
  -h, --help             show this help

Exit status: 0 when every file is published or unchanged, 1 when one was
refused or the runtime could not be reached, 2 for a usage problem (nothing is
published when a file is missing or is not JSON).`,

  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { ...API_OPTIONS, json: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('name at least one definition file');
    const target = apiTarget(values, io);
    const loaded = await Promise.all(positionals.map((file) => loadJsonFile(file, io.cwd)));
    const unreadable = loaded.filter((l) => !l.ok);
    if (unreadable.length > 0) {
      for (const l of unreadable) io.err(fileProblemSentence(l.file, l.problem));
      io.err('Nothing was published.');
      return EXIT.usage;
    }
    const api = createApiClient(target);
    const results: PublishResult[] = [];
    for (const file of loaded) {
      if (!file.ok) continue;
      const result = await publishFile(file.file, file.document, (document, id) =>
        publishDefinition(api, target, id, document),
      );
      results.push(result);
      if (!values.json) for (const line of describe(result, file.document)) io.out(line);
      if (result.status === 'refused' && result.unreachable) {
        const left = loaded.length - results.length;
        if (left > 0) io.err(`The other ${left} file${left === 1 ? ' was' : 's were'} not tried.`);
        break;
      }
    }
    const ok = results.length === loaded.length && results.every((r) => r.status !== 'refused');
    if (values.json) io.out(JSON.stringify({ ok, files: results.map(withoutReach) }, null, 2));
    return ok ? EXIT.ok : EXIT.failed;
  },
};

type Attempt = PublishResult & { readonly unreachable?: boolean };

async function publishFile(
  file: string,
  document: unknown,
  publish: (document: Record<string, unknown>, id: string) => Promise<Publication>,
): Promise<Attempt> {
  const id = isRecord(document) && typeof document['id'] === 'string' ? document['id'] : undefined;
  if (!isRecord(document) || id === undefined || id === '')
    return {
      file,
      status: 'refused',
      message: 'the file has no workflow "id" to publish it under',
      issues: [],
    };
  try {
    return { file, workflowId: id, ...(await publish(document, id)) };
  } catch (error) {
    if (!(error instanceof ApiFailure)) throw error;
    return {
      file,
      workflowId: id,
      status: 'refused',
      message: error.message,
      issues: error.issues,
      ...(error.unreachable ? { unreachable: true } : {}),
    };
  }
}

function describe(result: Attempt, document: unknown): string[] {
  const { file } = result;
  switch (result.status) {
    case 'published':
      return [
        `${file}: published ${result.workflowId} version ${result.version}`,
        ...result.warnings.map((w) => `${file}: ${apiIssueLine(w, document)}`),
      ];
    case 'unchanged':
      return [
        `${file}: ${result.workflowId} is unchanged since version ${result.version}; nothing published`,
      ];
    case 'refused':
      return [
        `${file}: ${result.workflowId ?? 'the workflow'} was not published: ${result.message}`,
        ...result.issues.map((i) => `${file}: ${apiIssueLine(i, document)}`),
      ];
  }
}

const withoutReach = ({ unreachable: _, ...result }: Attempt): PublishResult => result;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
