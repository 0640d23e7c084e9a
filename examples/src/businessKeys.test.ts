import { compileBusinessKey, parseDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import accessApproval from '../access-approval/definition.json' with { type: 'json' };
import changeManagement from '../change-management/definition.json' with { type: 'json' };
import onboardingInput from '../employee-onboarding/sample-input.json' with { type: 'json' };
import employeeOnboarding from '../employee-onboarding/definition.json' with { type: 'json' };
import majorIncident from '../major-incident/definition.json' with { type: 'json' };

const keyOf = (document: unknown, input: Record<string, unknown>) => {
  const parsed = parseDefinition(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return compileBusinessKey(parsed.value)(input);
};

describe('the examples’ business keys: what an operator searches the runs list for', () => {
  it('access approval: whose account and which system, or the system alone', () => {
    const form = { system: 'github', accessLevel: 'write', justification: 'x', manager: 'maria' };
    expect(keyOf(accessApproval, { ...form, requester: 'rita' })).toBe('rita · github');
    expect(keyOf(accessApproval, form)).toBe('github');
  });

  it('major incident: the alert id', () => {
    expect(keyOf(majorIncident, { alertId: 'prom-4711', service: 'erp', severity: 'P1', summary: 's' })).toBe(
      'prom-4711',
    );
  });

  it('change management: what changes (the change number exists only once ServiceNow made it)', () => {
    expect(keyOf(changeManagement, { title: 'Upgrade the ERP database' })).toBe('Upgrade the ERP database');
  });

  it('employee onboarding: the work e-mail address', () => {
    expect(keyOf(employeeOnboarding, onboardingInput)).toBe('ada.lovelace@example.com');
  });
});
