import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unavailable } from '../store/sqlite/storageErrors';
import { createTestApp, type TestApp } from './testApp';

// The store's own failures are real-SQLite tested (storageErrors, writeHealth) and end to end on a
// full and a read-only filesystem (tests/crash/storageFaults); here: what the API makes of them.
describe('the API while the store cannot commit', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    await t.user('dan', ['designer']);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await t.rt.close();
  });

  it('answers writes with 503 STORE_UNAVAILABLE and the reason, and still answers reads', async () => {
    vi.spyOn(t.rt.store, 'saveDraft').mockRejectedValue(
      unavailable('disk-full', { cause: new Error('SQLITE_FULL') }),
    );
    const saved = await t.call('dan', 'PUT', '/api/definitions/x', {
      definition: aWorkflow('x').nodes(n.trigger(), n.end('done')).edges('start -> done').document(),
      draftRev: 0,
    });
    expect(saved.status).toBe(503);
    expect(saved.headers.get('retry-after')).toBe('30');
    expect(await saved.json()).toMatchObject({
      code: 'STORE_UNAVAILABLE',
      reason: 'disk-full',
      message: expect.stringContaining('disk is full'),
    });
    expect((await t.call('dan', 'GET', '/api/definitions')).status).toBe(200);
  });

  it('is not ready while the store cannot commit, names the reason, and is ready again after', async () => {
    const check = vi.spyOn(t.rt.store, 'checkWritable').mockRejectedValue(unavailable('read-only'));
    const notReady = await t.call(null, 'GET', '/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toEqual({ status: 'store unavailable', reason: 'read-only' });
    check.mockRestore();
    const ready = await t.call(null, 'GET', '/readyz');
    expect(await ready.json()).toEqual({ status: 'ready' });
  });
});
