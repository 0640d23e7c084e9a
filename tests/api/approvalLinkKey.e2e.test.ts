import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil, type ApiClient } from '../support/apiClient';
import { createApprovalLinks, seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const USERS = [
  { id: 'maria', email: 'maria@example.test', password: PASSWORD, roles: ['approver' as const] },
  { id: 'olga', email: 'olga@example.test', password: PASSWORD, roles: ['approver' as const] },
];
// Olga asks for access; Maria, her manager, approves.
const FORM = { system: 'crm', accessLevel: 'read', justification: 'Sales onboarding', manager: 'maria' };

/** Every file of a directory tree: what someone holding a copy of the data directory has. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

async function openTask(
  runtime: RuntimeProcess,
): Promise<{ olga: ApiClient; maria: ApiClient; taskId: string }> {
  const olga = createApiClient(runtime.url);
  const maria = createApiClient(runtime.url);
  await olga.signIn('olga@example.test', PASSWORD);
  await maria.signIn('maria@example.test', PASSWORD);
  const started = await olga.post<{ id: string }>('/api/instances', {
    workflowId: 'access-approval',
    input: FORM,
  });
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const taskId = await pollUntil(
    'maria’s task',
    async () =>
      (await maria.get<{ items: { id: string; instanceId: string }[] }>('/api/tasks')).body.items.find(
        (t) => t.instanceId === started.body.id,
      )?.id,
    { timeoutMs: 10_000, intervalMs: 50 },
  );
  return { olga, maria, taskId };
}

const confirm = (runtime: RuntimeProcess, token: string) =>
  fetch(`${runtime.url}/approve/${token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'comment=ok',
  });

describe('the approval-link signing key', () => {
  afterAll(async () => {
    await killAllRuntimes();
  });

  it('cannot be taken from a copy of the data directory: links forged with its files are refused', async () => {
    const data = createTempDir('link-key');
    await seedUsers(data.path, USERS);
    const runtime = await startRuntime({ dataDir: data.path, seedExamples: true });
    const { maria, taskId } = await openTask(runtime);
    const claims = { taskId, approverId: 'maria', decision: 'approved', expiresAt: Date.now() + 3_600_000 };
    for (const file of filesUnder(data.path)) {
      const secret = readFileSync(file, 'utf8').trim();
      if (Buffer.byteLength(secret) < 32) continue;
      const forged = createApprovalLinks({ secret }).sign(claims, Date.now());
      expect((await confirm(runtime, forged)).status, `signed with ${file}`).toBe(400);
    }
    // A link the runtime minted itself still works after a restart (the key is derived, not stored).
    const minted = await maria.post<{ links: Record<string, string> }>(
      `/api/tasks/${encodeURIComponent(taskId)}/links`,
    );
    expect(minted.status).toBe(201);
    await runtime.restart();
    const token = minted.body.links['approved']!.split('/').at(-1)!;
    expect((await confirm(runtime, token)).status).toBe(200);
    await runtime.stop();
    data.remove();
  });

  it('honours links mailed with the old data-directory key after an upgrade, and signs new ones without it', async () => {
    const data = createTempDir('link-key-upgrade');
    await seedUsers(data.path, USERS);
    const legacy = randomBytes(32).toString('base64url');
    writeFileSync(join(data.path, 'signing.key'), legacy, { mode: 0o600 });
    const runtime = await startRuntime({ dataDir: data.path, seedExamples: true });
    expect(runtime.output()).toMatch(/Links mailed before the upgrade stay valid until/);
    const { maria, taskId } = await openTask(runtime);
    const minted = await maria.post<{ links: Record<string, string> }>(
      `/api/tasks/${encodeURIComponent(taskId)}/links`,
    );
    const fresh = minted.body.links['approved']!.split('/').at(-1)!;
    expect(createApprovalLinks({ secret: legacy }).verify(fresh, Date.now())).toMatchObject({ ok: false });
    const mailed = createApprovalLinks({ secret: legacy }).sign(
      { taskId, approverId: 'maria', decision: 'approved', expiresAt: Date.now() + 3_600_000 },
      Date.now(),
    );
    expect((await confirm(runtime, mailed)).status).toBe(200);
    await runtime.stop();
    data.remove();
  });
});
