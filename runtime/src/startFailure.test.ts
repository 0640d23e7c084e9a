import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { describeStartFailure } from './startFailure';
import { StoreError } from './store';

describe('describeStartFailure', () => {
  it("passes the store's sentence on", () => {
    const error = new StoreError('UNAVAILABLE', 'The data directory /d is read-only; …', {
      reason: 'read-only',
    });
    expect(describeStartFailure(error)).toBe('The data directory /d is read-only; …');
  });

  it('names the path of a write the disk refused', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device, open'), {
      code: 'ENOSPC',
      path: '/data/signing.key',
    });
    expect(describeStartFailure(error)).toBe(
      'Cannot start: cannot write /data/signing.key: no space left on the disk (ENOSPC).',
    );
  });

  it('names the address of a port that is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    const error = await new Promise<Error>((resolve) => {
      const second = createServer();
      second.once('error', resolve);
      second.listen(port, '127.0.0.1');
    });
    taken.close();
    expect(describeStartFailure(error)).toBe(
      `Cannot listen on 127.0.0.1:${port}: the address is already in use (FLOWLINE_HOST, FLOWLINE_PORT).`,
    );
  });

  it('leaves anything else (a bug) to its stack', () => {
    expect(describeStartFailure(new TypeError('x is undefined'))).toBeUndefined();
  });
});
