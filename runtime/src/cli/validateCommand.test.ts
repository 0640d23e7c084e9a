import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from './capturedRun';

const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));
const exampleFiles = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(EXAMPLES, d.name, 'definition.json')))
  // Every definition of each example: change-management has a second one (report.json).
  .flatMap((d) =>
    readdirSync(join(EXAMPLES, d.name))
      // Definitions only: an example may also keep a sample input for `flowline simulate`.
      .filter(
        (file) =>
          file.endsWith('.json') && 'nodes' in JSON.parse(readFileSync(join(EXAMPLES, d.name, file), 'utf8')),
      )
      .map((file) => join(d.name, file)),
  );
const accessApproval = () =>
  JSON.parse(readFileSync(join(EXAMPLES, 'access-approval/definition.json'), 'utf8')) as {
    nodes: Record<string, unknown>[];
    edges: Record<string, unknown>[];
    [key: string]: unknown;
  };

describe('flowline validate', () => {
  let dir = '';
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);
  const cli = (...argv: string[]) => runCaptured(argv, { cwd: dir });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'flowline-validate-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes every example definition', async () => {
    expect(exampleFiles).toContain(join('access-approval', 'definition.json'));
    expect(exampleFiles).toContain(join('change-management', 'report.json'));
    const result = await runCaptured(['validate', ...exampleFiles], { cwd: EXAMPLES });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    for (const file of exampleFiles) expect(result.out).toMatch(new RegExp(`^${file}: valid`, 'm'));
  });

  it('refuses a broken definition with exit 1, naming the node and field of each error', async () => {
    const broken = accessApproval();
    broken.nodes[1]!['assignees'] = [{ type: 'expression', expression: 'input.manger' }];
    broken.edges.push({ id: 'e99', source: 'granted', target: 'nowhere' });
    write('broken.json', JSON.stringify(broken, null, 2));
    const result = await cli('validate', 'broken.json');
    expect(result.code).toBe(1);
    expect(result.out.split('\n')).toEqual([
      'broken.json: edge "e99": This edge points to "nowhere", which is not a node of this workflow',
      'broken.json: node "managerApproval" field assignees[0].expression: The request form has no field "manger" (fields: system, accessLevel, justification, manager, requester)',
      'broken.json: invalid, 2 errors',
    ]);
  });

  it("type-checks a connector task's inputs against the built-in connectors, as publishing does", async () => {
    const withTask = accessApproval();
    withTask.nodes.push({
      id: 'notify',
      name: 'Tell the channel',
      kind: 'task',
      action: 'slack.postMessage',
      input: { channel: '"#access"' },
    });
    withTask.edges = withTask.edges.map((e) => (e['target'] === 'granted' ? { ...e, target: 'notify' } : e));
    withTask.edges.push({ id: 'e11', source: 'notify', target: 'granted' });
    write('task.json', JSON.stringify(withTask));
    const result = await cli('validate', 'task.json');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'task.json: node "notify" field input.channel: slack.postMessage has no input "channel" (it takes: text, blocks)',
    );
    expect(result.out).toContain(
      'task.json: node "notify" field input: slack.postMessage needs a value for "text"',
    );
  });

  it('reports schema problems at their node, and shows the part of an expression at fault', async () => {
    const doc = accessApproval();
    doc.nodes[1]!['assignees'] = [];
    doc.nodes[2]!['conditions'] = [
      { id: 'yes', when: 'input.accessLevel == "admin" || input.justification + 1 == 2' },
    ];
    write('schema.json', JSON.stringify(doc));
    expect((await cli('validate', 'schema.json')).out).toContain(
      'schema.json: node "managerApproval" field assignees: Name at least one approver',
    );
    doc.nodes[1]!['assignees'] = [{ type: 'user', id: 'mgr' }];
    write('expression.json', JSON.stringify(doc));
    expect((await cli('validate', 'expression.json')).out.split('\n').slice(0, 3)).toEqual([
      'expression.json: node "privileged" field conditions[0].when: Cannot add text and a whole number (input.justification + 1)',
      '    input.accessLevel == "admin" || input.justification + 1 == 2',
      '                                    ^^^^^^^^^^^^^^^^^^^^^^^',
    ]);
  });

  it('prints warnings and still exits 0 when there is no error', async () => {
    const doc = accessApproval();
    delete doc.nodes[4]!['due'];
    write('warning.json', JSON.stringify(doc));
    const result = await cli('validate', 'warning.json');
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out.split('\n')).toEqual([
      'warning.json: warning: node "serviceDesk" field due: "Service desk decides" has no due date: a request could wait for ever',
      'warning.json: valid, with 1 warning',
    ]);
  });

  it('refuses keys that could reach a prototype, as the API does', async () => {
    write('proto.json', '{"id": "x", "nodes": [{"__proto__": {"polluted": true}}]}');
    const result = await cli('validate', 'proto.json');
    expect(result.code).toBe(1);
    expect(result.out).toContain(
      'proto.json: node #1 field __proto__: Keys named __proto__, constructor or prototype',
    );
  });

  it('exits 2 for JSON that does not parse, with its line and column', async () => {
    write('bad.json', '{\n  "id": "x",\n  "name": "y"\n  "nodes": []\n}\n');
    write('empty.json', '');
    const result = await cli('validate', 'bad.json', 'empty.json');
    expect(result.code).toBe(2);
    expect(result.err.split('\n')).toEqual([
      expect.stringMatching(/^bad\.json: is not valid JSON at line 4, column 3: /),
      expect.stringMatching(/^empty\.json: is not valid JSON at line 1, column 1: /),
    ]);
  });

  it('exits 2 for a missing file, an unknown option, no file at all or an unknown command', async () => {
    write('ok.json', JSON.stringify(accessApproval()));
    const missing = await cli('validate', 'ok.json', 'missing.json');
    expect(missing).toMatchObject({ code: 2, err: 'missing.json: no such file' });
    expect(missing.out).toContain('ok.json: valid');
    expect(await cli('validate', 'ok.json', '--strict')).toMatchObject({
      code: 2,
      err: 'flowline validate: unknown option --strict\nRun "flowline validate --help" for usage.',
    });
    expect(await cli('validate')).toMatchObject({
      code: 2,
      err: expect.stringContaining('name at least one'),
    });
    expect(await cli('validat', 'ok.json')).toMatchObject({
      code: 2,
      err: expect.stringContaining('unknown command "validat"'),
    });
    expect(await cli('validate', 'ok.json', '--connector', './nowhere.mjs')).toMatchObject({
      code: 2,
      err: expect.stringContaining('Cannot load connector module "./nowhere.mjs"'),
    });
  });

  it('prints machine-readable results with --json', async () => {
    const broken = accessApproval();
    broken.nodes[1]!['assignees'] = [{ type: 'expression', expression: 'input.manger' }];
    write('broken.json', JSON.stringify(broken));
    write('bad.json', '{');
    const result = await cli('validate', 'broken.json', 'bad.json', '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.out)).toEqual({
      valid: false,
      files: [
        {
          file: 'broken.json',
          valid: false,
          errors: 1,
          warnings: 0,
          issues: [
            {
              code: 'UNKNOWN_FIELD',
              severity: 'error',
              nodeId: 'managerApproval',
              path: ['nodes', 1, 'assignees', 0, 'expression'],
              message: expect.stringContaining('no field "manger"'),
            },
          ],
        },
        {
          file: 'bad.json',
          valid: false,
          problem: {
            code: 'INVALID_JSON',
            line: 1,
            column: 2,
            message: expect.stringContaining('line 1, column 2'),
          },
        },
      ],
    });
  });
});
