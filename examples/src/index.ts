/**
 * @module @flowline/examples
 *
 * The ITSM example workflows as definition files, exactly as a process owner would save them.
 * `pnpm start` publishes them; each has an end-to-end scenario test.
 */
import accessApproval from '../access-approval/definition.json' with { type: 'json' };
import employeeOnboarding from '../employee-onboarding/definition.json' with { type: 'json' };

export interface ExampleWorkflow {
  readonly id: string;
  /** The definition document as saved (validated by the engine when published). */
  readonly definition: unknown;
}

export const exampleWorkflows: readonly ExampleWorkflow[] = [
  { id: 'access-approval', definition: accessApproval },
  { id: 'employee-onboarding', definition: employeeOnboarding },
];
