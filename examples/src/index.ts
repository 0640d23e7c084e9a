/**
 * @module @flowline/examples
 *
 * The ITSM example workflows as definition files, exactly as a process owner would save them.
 * `pnpm start` publishes them; each has an end-to-end scenario test.
 */
import accessApproval from '../access-approval/definition.json' with { type: 'json' };
import changeManagement from '../change-management/definition.json' with { type: 'json' };
import changeReport from '../change-management/report.json' with { type: 'json' };
import employeeOnboarding from '../employee-onboarding/definition.json' with { type: 'json' };
import majorIncident from '../major-incident/definition.json' with { type: 'json' };
import majorIncidentDeclare from '../major-incident/declare.json' with { type: 'json' };

export interface ExampleWorkflow {
  readonly id: string;
  /** The definition document as saved (validated by the engine when published). */
  readonly definition: unknown;
}

export const exampleWorkflows: readonly ExampleWorkflow[] = [
  { id: 'access-approval', definition: accessApproval },
  { id: 'change-management', definition: changeManagement },
  { id: 'change-report', definition: changeReport },
  { id: 'employee-onboarding', definition: employeeOnboarding },
  { id: 'major-incident', definition: majorIncident },
  // After the workflow it runs: publishing checks that a subworkflow's target is published.
  { id: 'major-incident-declare', definition: majorIncidentDeclare },
];

/**
 * Tests only: the access-approval example as it was before it provisioned through SCIM and
 * posted to chat: three approvals, no connector calls. Tests that need a plain approval workflow
 * that publishes on a runtime without connectors use this rather than the example, which keeps
 * growing.
 */
export { default as accessApprovalV1 } from './testing/accessApprovalV1.json' with { type: 'json' };
