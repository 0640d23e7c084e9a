import { describe, expect, it } from 'vitest';
import { read } from './apiClient';
import {
  ApiError,
  fieldMessage,
  listFieldMessage,
  networkProblem,
  problemFromResponse,
  sentenceOf,
} from './apiErrors';

describe('API errors as sentences', () => {
  it('keeps the server sentence and its field issues for invalid input', () => {
    const problem = problemFromResponse(400, {
      code: 'INVALID_INPUT',
      message: 'The definition id must match the URL',
      issues: [{ path: 'definition.id', message: 'Expected "leave"' }],
    });
    expect(problem.sentence).toBe('The definition id must match the URL.');
    expect(problem.fields).toEqual([{ path: 'definition.id', message: 'Expected "leave"' }]);
    expect(fieldMessage(new ApiError(problem), 'id', 'definition.id')).toBe('Expected "leave"');
  });

  it('finds the issue of a list field by the list, whichever item it names', () => {
    const error = new ApiError(
      problemFromResponse(400, {
        code: 'INVALID_INPUT',
        message: 'A user can only join groups that exist',
        issues: [
          { path: 'groups.1', message: 'There is no group night-shift; create it first at /api/groups' },
        ],
      }),
    );
    expect(listFieldMessage(error, 'groups')).toBe(
      'There is no group night-shift; create it first at /api/groups',
    );
    expect(listFieldMessage(error, 'group')).toBeUndefined();
    expect(fieldMessage(error, 'groups')).toBeUndefined();
  });

  it('reads engine issues whose path is an array', () => {
    const problem = problemFromResponse(422, {
      code: 'DEFINITION_INVALID',
      message: 'Fix the errors before publishing',
      issues: [{ path: ['nodes', 2, 'assignees'], message: 'Add an approver', code: 'X', severity: 'error' }],
    });
    expect(problem.fields).toEqual([{ path: 'nodes.2.assignees', message: 'Add an approver' }]);
  });

  it('tells a wrong password apart from an ended session', () => {
    const body = { code: 'UNAUTHENTICATED', message: 'The e-mail or password is not correct.' };
    expect(problemFromResponse(401, body, { signingIn: true }).sentence).toBe(
      'The e-mail or password is not correct.',
    );
    expect(problemFromResponse(401, { code: 'UNAUTHENTICATED', message: 'Sign in first.' }).sentence).toBe(
      'Your session has ended. Sign in again.',
    );
  });

  it('never shows route paths or permission table wording', () => {
    expect(
      problemFromResponse(403, {
        code: 'PASSWORD_CHANGE_REQUIRED',
        message: 'Change your password first: POST /api/auth/password.',
      }).sentence,
    ).toBe('Choose a new password before you continue.');
    expect(
      problemFromResponse(403, {
        code: 'FORBIDDEN',
        message: 'Your roles do not include the permission definitions:write.',
      }).sentence,
    ).toBe('You do not have permission to do this (it needs definitions:write).');
    expect(
      problemFromResponse(403, { code: 'FORBIDDEN', message: 'This route is not open to anyone.' }).sentence,
    ).toBe('You do not have permission to do this.');
  });

  it('says a taken id when creating, a concurrent edit otherwise', () => {
    const body = { code: 'CONFLICT', message: 'draft rev mismatch' };
    expect(problemFromResponse(409, body, { creating: 'leave' }).sentence).toContain(
      '“leave” already exists',
    );
    expect(problemFromResponse(409, body).sentence).toContain('Someone else changed this');
  });

  it('gives a reference, not a stack, for server failures', () => {
    const problem = problemFromResponse(500, {
      code: 'INTERNAL',
      message: 'Something went wrong on our side',
      requestId: 'r-1',
    });
    expect(problem.sentence).toContain('reference: r-1');
    expect(problem.requestId).toBe('r-1');
  });

  it('copes with bodies that are not ours (a proxy page, nothing at all)', () => {
    expect(problemFromResponse(502, '<html>Bad gateway</html>').sentence).toBe(
      'The server answered unexpectedly (HTTP 502).',
    );
    expect(problemFromResponse(503, undefined).sentence).toBe(
      'The server cannot do this right now. Try again in a minute.',
    );
    expect(problemFromResponse(404, null).sentence).toBe('This no longer exists, or never did.');
    expect(
      problemFromResponse(404, { code: 'NOT_FOUND', message: 'There is no such workflow' }).sentence,
    ).toBe('There is no such workflow.');
  });

  it('says the server cannot be reached, and hides anything thrown that is not an API error', () => {
    expect(networkProblem().sentence).toMatch(/Cannot reach the Flowline server/);
    expect(sentenceOf(new TypeError('x is undefined at foo.js:1'))).toBe(
      'Something went wrong in the app. Reload the page and try again.',
    );
  });

  it('tells someone whose start the busy runtime refused when to try again, not which limit was hit', async () => {
    // What POST /api/instances answers with a full backlog (runtime/src/jobs/backlog.ts).
    const overloaded = {
      code: 'OVERLOADED',
      message:
        'The runtime has more work queued than it takes on (limits.backlog.maxQueuedJobs, 1); nothing was started. Try again in 3 s.',
      retryAfterSeconds: 3,
      limit: 'limits.backlog.maxQueuedJobs',
    };
    const response = new Response(JSON.stringify(overloaded), {
      status: 503,
      headers: { 'Content-Type': 'application/json', 'Retry-After': '7' },
    });
    const refused = await read(Promise.resolve({ error: overloaded, response })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(sentenceOf(refused)).toBe('The server is busy; nothing was started. Try again in 7\u00a0s.');
    expect((refused as ApiError).problem).toMatchObject({
      status: 503,
      code: 'OVERLOADED',
      retryAfterSeconds: 7,
    });
    // Without the header (a proxy dropped it), the body says when; without either, soon.
    expect(problemFromResponse(503, overloaded).sentence).toBe(
      'The server is busy; nothing was started. Try again in 3\u00a0s.',
    );
    expect(problemFromResponse(503, { code: 'OVERLOADED', message: 'x' }).sentence).toBe(
      'The server is busy; nothing was started. Try again in a moment.',
    );
    expect(
      problemFromResponse(503, { code: 'OVERLOADED' }, {}, 'Thu, 01 Jan 1970 00:00:00 GMT').sentence,
    ).toBe('The server is busy; nothing was started. Try again in 1\u00a0s.');
  });

  it('says when to try again after a 429, keeping why the server refused', () => {
    const waiting = {
      code: 'RATE_LIMITED',
      message: 'Too many starts are waiting for their instances; try again soon',
      retryAfterSeconds: 1,
      limit: 'limits.syncStartsWaiting',
    };
    expect(problemFromResponse(429, waiting, {}, '1').sentence).toBe(
      'Too many starts are waiting for their instances; try again in 1\u00a0s.',
    );
    const wrongPasswords = {
      code: 'RATE_LIMITED',
      message: 'Too many wrong passwords for this account; try again in 4 s.',
    };
    expect(problemFromResponse(429, wrongPasswords, { signingIn: true }, '4').sentence).toBe(
      wrongPasswords.message,
    );
    const streams = {
      code: 'RATE_LIMITED',
      message: 'You have 5 live streams open already; close one (another tab) first',
    };
    expect(problemFromResponse(429, streams).sentence).toBe(`${streams.message}.`);
  });
});
