import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient, type ApiResponse } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const WORKFLOW = 'access-approval';
const FORM = { system: 'crm', accessLevel: 'read', justification: 'x', manager: 'maria' };
const PASSWORD = 'correct horse battery staple';
const USERS = [
  { id: 'admin', email: 'admin@localhost', password: PASSWORD, roles: ['admin' as const] },
  { id: 'maria', email: 'maria@example.test', password: PASSWORD, roles: ['approver' as const] },
  { id: 'olga', email: 'olga@example.test', password: PASSWORD, roles: ['approver' as const] },
];

interface Task {
  id: string;
  instanceId: string;
  status: string;
}
interface Instance {
  id: string;
  status: string;
  updatedAt: number;
  history: { type: string; actor?: string }[];
}
interface ErrorBody {
  code: string;
  issues?: { path: string; message: string }[];
}

describe('deciding approvals over HTTP', () => {
  const data = createTempDir('decisions');
  let runtime: RuntimeProcess;
  let admin: ApiClient;
  let maria: ApiClient;
  let olga: ApiClient;

  beforeAll(async () => {
    // No user-admin API yet: approvers go into the store before the process starts (and with
    // users present, the runtime prints no one-time admin password).
    await seedUsers(data.path, USERS);
    runtime = await startRuntime({ dataDir: data.path, seedExamples: true });
    [admin, maria, olga] = USERS.map(() => createApiClient(runtime.url)) as [ApiClient, ApiClient, ApiClient];
    await admin.signIn('admin@localhost', PASSWORD);
    await maria.signIn('maria@example.test', PASSWORD);
    await olga.signIn('olga@example.test', PASSWORD);
  });

  afterAll(async () => {
    await killAllRuntimes();
    data.remove();
  });

  async function requestAccess(): Promise<{ instanceId: string; taskId: string }> {
    // The admin asks for the access (maria, the manager, may not approve a request of her own).
    const started = await admin.post<{ id: string }>('/api/instances', { workflowId: WORKFLOW, input: FORM });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const instanceId = started.body.id;
    const taskId = await pollUntil(
      `maria's task for ${instanceId}`,
      async () => {
        const tasks = await maria.get<{ items: Task[] }>('/api/tasks?limit=200');
        return tasks.body.items.find((t) => t.instanceId === instanceId)?.id;
      },
      { timeoutMs: 10_000, intervalMs: 50 },
    );
    return { instanceId, taskId };
  }

  const instance = (id: string) => admin.get<Instance>(`/api/instances/${encodeURIComponent(id)}`);
  const decide = (client: ApiClient, taskId: string, outcome: string, comment = 'decided in a race') =>
    client.post<ErrorBody>(`/api/tasks/${encodeURIComponent(taskId)}/decide`, { outcome, comment });

  /** Everything a refused request must leave as it was. */
  async function observableState() {
    const [instances, tasks, drafts, versions] = await Promise.all([
      admin.get<{ items: { id: string; status: string; updatedAt: number }[] }>('/api/instances?limit=200'),
      maria.get<{ items: Task[] }>('/api/tasks?limit=200'),
      admin.get<{ items: { workflowId: string; draftRev: number }[] }>('/api/definitions?limit=200'),
      admin.get<{ items: { version: number }[] }>(`/api/definitions/${WORKFLOW}/versions`),
    ]);
    return {
      instances: instances.body.items.map((i) => `${i.id}:${i.status}:${i.updatedAt}`).sort(),
      openTasks: tasks.body.items.map((t) => t.id).sort(),
      drafts: drafts.body.items.map((d) => `${d.workflowId}:${d.draftRev}`).sort(),
      versions: versions.body.items.map((v) => v.version),
    };
  }

  it('lets exactly one of two simultaneous decisions win, and the instance ends its way', async () => {
    const rounds = 5;
    const winners: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const { instanceId, taskId } = await requestAccess();
      // Alternate who asks first, so either outcome gets its chance to win.
      const outcomes = round % 2 === 0 ? ['approved', 'rejected'] : ['rejected', 'approved'];
      const answers = await Promise.all(outcomes.map((outcome) => decide(maria, taskId, outcome)));
      const statuses = answers.map((a) => a.status);
      expect([...statuses].sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([200, 409]);
      const loser = answers.find((a) => a.status === 409)!;
      expect(loser.body.code).toBe('ALREADY_DECIDED');
      const winner = outcomes[statuses.indexOf(200)]!;
      winners.push(winner);

      const ended = await pollUntil(
        `instance ${instanceId} to end`,
        async () => {
          const found = await instance(instanceId);
          return found.body.status === 'running' ? undefined : found.body;
        },
        { timeoutMs: 10_000, intervalMs: 50 },
      );
      expect(ended.status).toBe(winner === 'approved' ? 'completed' : 'rejected');
      expect(ended.history.filter((h) => h.type === 'task.decided')).toHaveLength(1);
      expect(ended.history.find((h) => h.type === 'task.decided')?.actor).toBe('maria');
    }
    console.log(`[decisionRace] winners over ${rounds} rounds: ${winners.join(', ')}`);
  });

  it('refuses a decision from an approver the task is not assigned to, changing nothing', async () => {
    const { instanceId, taskId } = await requestAccess();
    const before = await observableState();

    const refused = await decide(olga, taskId, 'approved');
    // Olga is not involved in the request: its task is answered as missing, as the instance is.
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('NOT_FOUND');

    expect(await observableState()).toEqual(before);
    expect((await instance(instanceId)).body.status).toBe('running');
  });

  it('answers bad input with 400 and field issues, changing nothing', async () => {
    const { taskId } = await requestAccess();
    const before = await observableState();
    const decidePath = `/api/tasks/${encodeURIComponent(taskId)}/decide`;

    const json = { 'content-type': 'application/json' };
    // [what, text an issue must name (its path or message), the request]
    const cases: [string, string, Promise<ApiResponse<ErrorBody>>][] = [
      ['start without a workflow id', 'workflowId', admin.post('/api/instances', { input: FORM })],
      [
        'start with a form value out of its options',
        'system',
        admin.post('/api/instances', { workflowId: WORKFLOW, input: { ...FORM, system: 'mainframe' } }),
      ],
      [
        'start without a required field',
        'justification',
        admin.post('/api/instances', {
          workflowId: WORKFLOW,
          input: { system: 'crm', accessLevel: 'read', manager: 'maria' },
        }),
      ],
      [
        'start with an unknown field',
        'extra',
        admin.post('/api/instances', { workflowId: WORKFLOW, input: { ...FORM, extra: 1 } }),
      ],
      [
        'send an event whose payload has a prototype key',
        '__proto__',
        admin.post('/api/events', undefined, {
          rawBody: '{"event":"ping","correlationKey":"k","payload":{"__proto__":{"admin":true}}}',
          headers: json,
        }),
      ],
      [
        'start with malformed JSON',
        '(body)',
        admin.post('/api/instances', undefined, { rawBody: '{"workflowId":', headers: json }),
      ],
      ['decide with an empty outcome', 'outcome', maria.post(decidePath, { outcome: '' })],
      [
        'decide with an outcome the task does not offer',
        'outcome',
        maria.post(decidePath, { outcome: 'maybe' }),
      ],
      [
        'decide with a comment of the wrong type',
        'comment',
        maria.post(decidePath, { outcome: 'approved', comment: 42 }),
      ],
      ['list instances with limit 0', 'limit', admin.get('/api/instances?limit=0')],
      ['list instances with an unknown status', 'status', admin.get('/api/instances?status=sleeping')],
      [
        'save a draft with a negative revision',
        'draftRev',
        admin.put('/api/definitions/broken', { definition: {}, draftRev: -1 }),
      ],
      [
        'save a draft that is not a definition',
        'nodes',
        admin.put('/api/definitions/broken', { definition: { id: 'broken', nodes: 'none' }, draftRev: 0 }),
      ],
      [
        'sign in without a password',
        'password',
        createApiClient(runtime.url).post('/api/auth/sign-in', { email: 'maria@example.test' }),
      ],
    ];
    for (const [name, named, pending] of cases) {
      const answer = await pending;
      const described = `${name}: ${JSON.stringify(answer.body)}`;
      expect(answer.status, described).toBe(400);
      expect(answer.body.code, described).toBe('INVALID_INPUT');
      const issues = (answer.body.issues ?? []).map((i) => `${i.path} ${i.message}`);
      expect(
        issues.some((i) => i.includes(named)),
        described,
      ).toBe(true);
    }

    expect(await observableState()).toEqual(before);
  });

  // Found by this suite: zod's z.record used to drop the key silently; the raw body is now checked first.
  it('refuses a start request whose input has a __proto__ key, changing nothing', async () => {
    const before = await observableState();
    const answer = await admin.post<ErrorBody>('/api/instances', undefined, {
      rawBody: JSON.stringify({ workflowId: WORKFLOW, input: FORM }).replace(
        '"input":{',
        '"input":{"__proto__":{"admin":true},',
      ),
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(400);
    expect(answer.body.issues?.some((i) => i.path.includes('__proto__'))).toBe(true);
    expect(await observableState()).toEqual(before);
  });

  it('refuses an oversize body with 413 and a non-JSON body with 415, changing nothing', async () => {
    const { taskId } = await requestAccess();
    const before = await observableState();
    const huge = { workflowId: WORKFLOW, input: { ...FORM, justification: 'x'.repeat(2 * 1024 * 1024) } };

    const oversize = await admin.upload<ErrorBody>(
      '/api/instances',
      JSON.stringify(huge),
      'application/json',
    );
    expect(oversize.status).toBe(413);
    expect(oversize.body.code).toBe('PAYLOAD_TOO_LARGE');

    const wrongTypes: [string, string, string][] = [
      ['/api/instances', 'text/plain', JSON.stringify({ workflowId: WORKFLOW, input: FORM })],
      ['/api/instances', 'application/x-www-form-urlencoded', `workflowId=${WORKFLOW}`],
      [
        `/api/tasks/${encodeURIComponent(taskId)}/decide`,
        'text/plain',
        JSON.stringify({ outcome: 'approved' }),
      ],
      [`/api/definitions/${WORKFLOW}/publish`, 'application/xml', '<publish/>'],
    ];
    for (const [path, type, body] of wrongTypes) {
      const answer = await admin.post<ErrorBody>(path, undefined, {
        rawBody: body,
        headers: { 'content-type': type },
      });
      expect(answer.status, `${path} as ${type}`).toBe(415);
      expect(answer.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }

    expect(await observableState()).toEqual(before);
  });
});
