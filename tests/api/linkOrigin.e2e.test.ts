import { afterAll, describe, expect, it } from 'vitest';
import { createApiClient, pollUntil } from '../support/apiClient';
import { seedUsers } from '../support/runtimeInternals';
import { createTempDir, killAllRuntimes, startRuntime, type RuntimeProcess } from '../support/startRuntime';

const PASSWORD = 'correct horse battery staple';
const USERS = [
  { id: 'maria', email: 'maria@example.test', password: PASSWORD, roles: ['approver' as const] },
  { id: 'olga', email: 'olga@example.test', password: PASSWORD, roles: ['approver' as const] },
];
const FORM = { system: 'crm', accessLevel: 'read', justification: 'Sales onboarding', manager: 'maria' };

interface Minted {
  links: Record<string, string>;
  origin: { url: string; source: string };
}

/** A runtime with Olga's request open on Maria's desk; the links Maria mints for it. */
async function mintedLinks(
  env: Record<string, string>,
): Promise<{ runtime: RuntimeProcess; minted: Minted }> {
  const data = createTempDir('link-origin');
  await seedUsers(data.path, USERS);
  const runtime = await startRuntime({ dataDir: data.path, seedExamples: true, env });
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
  const minted = await maria.post<Minted>(`/api/tasks/${encodeURIComponent(taskId)}/links`, undefined, {
    headers: { 'x-forwarded-host': 'attacker.example' },
  });
  expect(minted.status, JSON.stringify(minted.body)).toBe(201);
  return { runtime, minted: minted.body };
}

describe('approval links minted by a running process', () => {
  afterAll(async () => {
    await killAllRuntimes();
  });

  it('point at the listen address when FLOWLINE_PUBLIC_ORIGIN is unset, and the start warns about it', async () => {
    const { runtime, minted } = await mintedLinks({ FLOWLINE_PUBLIC_ORIGIN: '' });
    expect(minted.origin).toEqual({ url: runtime.url, source: 'listenAddress' });
    for (const link of Object.values(minted.links))
      expect(link.startsWith(`${runtime.url}/approve/`)).toBe(true);
    // The link works where it points.
    const page = await fetch(minted.links['approved']!);
    expect(page.status).toBe(200);
    expect(runtime.output()).toMatch(
      /FLOWLINE_PUBLIC_ORIGIN is not set: approval links .* point at http:\/\/127\.0\.0\.1:/,
    );
    await runtime.stop();
  });

  it('point at FLOWLINE_PUBLIC_ORIGIN when it is set, whatever host the request names', async () => {
    const { runtime, minted } = await mintedLinks({
      FLOWLINE_PUBLIC_ORIGIN: 'https://flowline.example.com/',
    });
    expect(minted.origin).toEqual({ url: 'https://flowline.example.com', source: 'publicOrigin' });
    for (const link of Object.values(minted.links))
      expect(link).toMatch(/^https:\/\/flowline\.example\.com\/approve\/[^/]+$/);
    expect(runtime.output()).not.toMatch(/FLOWLINE_PUBLIC_ORIGIN is not set/);
    await runtime.stop();
  });
});
