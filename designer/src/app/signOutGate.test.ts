import { afterEach, describe, expect, it, vi } from 'vitest';
import { DRAIN_MS, gatedFetch, SignedOutLocally, withGateClosed } from './signOutGate';

afterEach(() => vi.unstubAllGlobals());

describe('the sign-out gate', () => {
  it('lets sign-out through only after the reads already sent are answered, and sends none meanwhile', async () => {
    const order: string[] = [];
    let answerRead!: () => void;
    vi.stubGlobal(
      'fetch',
      vi.fn(async (request: Request) => {
        const path = new URL(request.url).pathname;
        order.push(`sent ${path}`);
        if (path === '/api/tasks') await new Promise<void>((resolve) => (answerRead = resolve));
        order.push(`answered ${path}`);
        return new Response('{}');
      }),
    );
    const read = gatedFetch(new Request('http://x/api/tasks'));
    const signOut = withGateClosed((send) =>
      send(new Request('http://x/api/auth/sign-out', { method: 'POST' })),
    );
    await expect(gatedFetch(new Request('http://x/api/instances'))).rejects.toBeInstanceOf(SignedOutLocally);
    await Promise.resolve();
    expect(order).toEqual(['sent /api/tasks']);
    answerRead();
    await Promise.all([read, signOut]);
    expect(order).toEqual([
      'sent /api/tasks',
      'answered /api/tasks',
      'sent /api/auth/sign-out',
      'answered /api/auth/sign-out',
    ]);
    // Open again afterwards, for the next user's reads.
    await expect(gatedFetch(new Request('http://x/api/instances'))).resolves.toBeInstanceOf(Response);
  });

  it('signs out anyway once a read has taken longer than the bound', async () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      vi.stubGlobal(
        'fetch',
        vi.fn((request: Request) => {
          sent.push(new URL(request.url).pathname);
          // The read never answers; the sign-out does.
          return sent.length === 1 ? new Promise<Response>(() => {}) : Promise.resolve(new Response('{}'));
        }),
      );
      void gatedFetch(new Request('http://x/api/instances?wait=30000', { method: 'POST' }));
      const signOut = withGateClosed((send) =>
        send(new Request('http://x/api/auth/sign-out', { method: 'POST' })),
      );
      await vi.advanceTimersByTimeAsync(DRAIN_MS);
      await expect(signOut).resolves.toBeInstanceOf(Response);
      expect(sent).toEqual(['/api/instances', '/api/auth/sign-out']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('opens again when the sign-out fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}')),
    );
    await expect(withGateClosed(async () => Promise.reject(new Error('offline')))).rejects.toThrow('offline');
    await expect(gatedFetch(new Request('http://x/api/tasks'))).resolves.toBeInstanceOf(Response);
  });
});
