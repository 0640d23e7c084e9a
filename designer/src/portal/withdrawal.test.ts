import { describe, expect, it } from 'vitest';
import { ApiError, problemFromResponse } from '../app/apiErrors';
import { mayWithdraw, withdrawProblem } from './withdrawal';

const rita = { id: 'rita', permissions: ['instances:read', 'instances:start'] as const };
const operator = { id: 'olga', permissions: ['instances:read', 'instances:cancel'] as const };
const running = { status: 'running', startedBy: 'rita' } as const;

describe('who may withdraw a request', () => {
  it('lets the requester withdraw their own running request', () => {
    expect(mayWithdraw(running, rita)).toBe(true);
  });

  it('does not offer it once the request has ended, whatever the reader may do', () => {
    for (const status of ['completed', 'rejected', 'failed', 'cancelled'] as const) {
      expect(mayWithdraw({ ...running, status }, rita)).toBe(false);
      expect(mayWithdraw({ ...running, status }, operator)).toBe(false);
    }
  });

  it('refuses someone who neither started it nor may cancel instances', () => {
    expect(mayWithdraw(running, { ...rita, id: 'max' })).toBe(false);
  });

  it('lets a holder of instances:cancel withdraw anyone’s request, as the API does', () => {
    expect(mayWithdraw(running, operator)).toBe(true);
  });

  it('offers nothing on a request nobody started (a schedule or webhook) without instances:cancel', () => {
    expect(mayWithdraw({ status: 'running' }, rita)).toBe(false);
    expect(mayWithdraw({ status: 'running', startedBy: undefined }, operator)).toBe(true);
  });
});

describe('why a withdrawal failed', () => {
  it('says in plain words that a request which ended meanwhile cannot be withdrawn', () => {
    const ended = new ApiError(
      problemFromResponse(409, { code: 'INSTANCE_ENDED', message: 'The instance has already ended' }),
    );
    expect(withdrawProblem(ended)).toBe(
      'This request has already ended, so it can no longer be withdrawn. Nothing was changed.',
    );
  });

  it('passes on the server’s sentence for anything else', () => {
    const refused = new ApiError(
      problemFromResponse(403, {
        code: 'FORBIDDEN',
        message:
          'Only the person who started this request, or someone who may cancel instances, can withdraw it',
      }),
    );
    expect(withdrawProblem(refused)).toBe(
      'Only the person who started this request, or someone who may cancel instances, can withdraw it.',
    );
  });
});
