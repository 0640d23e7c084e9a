import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './testApp';

describe('HTTP API: a method a path does not take', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await t.user('ada', ['admin']);
  });
  afterAll(() => t.close());

  it('is a 405 with the methods the path takes, in the body and in Allow', async () => {
    const answer = await t.call('ada', 'DELETE', '/api/instances');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, HEAD, POST');
    expect(await answer.json()).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: 'DELETE is not taken here; this path takes GET, HEAD, POST',
    });
    const withParameter = await t.call('ada', 'PUT', '/api/tasks/some-task/decide', {});
    expect(withParameter.status).toBe(405);
    expect(withParameter.headers.get('allow')).toBe('POST');
  });

  it('answers HEAD where GET is taken, as Allow says', async () => {
    expect((await t.call('ada', 'HEAD', '/api/instances')).status).toBe(200);
  });

  it('is still a 404 for a path nothing serves, a trailing slash included', async () => {
    for (const path of ['/api/no-such-thing', '/api/instances/', '/api/auth/me/']) {
      const answer = await t.call('ada', 'GET', path);
      expect(answer.status, path).toBe(404);
      expect(await answer.json()).toEqual({ code: 'NOT_FOUND', message: 'There is nothing here' });
    }
  });
});
