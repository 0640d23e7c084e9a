import { describe, expect, it } from 'vitest';
import { incidentHint } from './incidentHint';

describe('what an operator does about an incident', () => {
  it('after an outage: fix or wait for the service, then retry every run at once from the list', () => {
    const hint = incidentHint({ kind: 'task', error: { code: 'NETWORK_ERROR' } }, 'desk', true);
    expect(hint?.text).toBe(
      'The service was not reached, or answered that it failed. Once it is back (or the “desk” connection points where it should), retry. ' +
        'After an outage, retry every run it stopped at once: Runs, “Has incident”, Retry all.',
    );
    expect(hint?.link).toEqual({ to: '/admin/connections', label: 'Open Connections' });
    expect(incidentHint({ kind: 'task', error: { code: 'HTTP_503' } }, undefined, false)).toEqual({
      text: expect.stringContaining('its connection points where it should'),
    });
  });

  it('refused credentials: renew them on the connection', () => {
    expect(incidentHint({ kind: 'task', error: { code: 'HTTP_401' } }, 'servicenow', true)).toEqual({
      text: 'The service refused the credentials of the “servicenow” connection. Renew them, then retry.',
      link: { to: '/admin/connections', label: 'Open Connections' },
    });
  });

  it('an approval nobody may decide: fix the approver, then retry', () => {
    const hint = incidentHint({ kind: 'approval', error: { code: 'UNKNOWN_APPROVER' } }, undefined, true);
    expect(hint?.text).toMatch(/^Nobody can decide this approval\./);
    expect(hint?.link).toEqual({ to: '/admin/users', label: 'Open Users' });
    // Someone who cannot change users is not sent there.
    expect(
      incidentHint({ kind: 'approval', error: { code: 'SELF_APPROVAL' } }, undefined, false),
    ).not.toHaveProperty('link');
  });

  it('says nothing it cannot place', () => {
    expect(incidentHint({ kind: 'task', error: { code: 'TICKET_CLOSED' } }, 'desk', true)).toBeUndefined();
    expect(incidentHint({ kind: 'subworkflow', error: null }, undefined, true)).toBeUndefined();
  });
});
