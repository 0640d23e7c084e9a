import type { User } from '../schemas/auth';
import type { CommitStep, Instance } from '../schemas/instance';
import type { NewJob } from '../schemas/job';
import type { NewTask } from '../schemas/task';

/** An arbitrary fixed instant: the store never reads the clock, so tests choose time. */
export const T0 = 1_750_000_000_000;

export const anInstance = (overrides: Partial<Instance> = {}): Instance => ({
  id: 'inst-1',
  workflowId: 'access-request',
  version: 1,
  status: 'running',
  snapshot: { value: 'approve', context: { n: 0 } },
  rev: 1,
  input: { requester: 'ada' },
  currentNodes: ['approve'],
  correlationKeys: [],
  startedBy: 'ada',
  createdAt: T0,
  updatedAt: T0,
  outbox: [],
  ...overrides,
});

export const aStep = (overrides: Partial<CommitStep> = {}): CommitStep => ({
  instanceId: 'inst-1',
  expectedRev: 1,
  set: {
    snapshot: { value: 'provision', context: { n: 1 } },
    status: 'running',
    currentNodes: ['provision'],
    correlationKeys: [],
    updatedAt: T0 + 1000,
  },
  commands: [],
  history: [],
  ...overrides,
});

export const aJob = (overrides: Partial<NewJob> = {}): NewJob => ({
  id: 'inst-1:2:0',
  instanceId: 'inst-1',
  nodeId: 'provision',
  action: 'scim.createUser',
  input: { userName: 'ada' },
  attempt: 1,
  idempotencyKey: 'inst-1:provision:1',
  runAt: T0,
  timeoutMs: 30_000,
  ...overrides,
});

export const aTask = (overrides: Partial<NewTask> = {}): NewTask => ({
  id: 'task-1',
  instanceId: 'inst-1',
  nodeId: 'approve',
  slot: '0',
  assignee: { type: 'user', id: 'grace' },
  title: 'Approve access for ada',
  form: { fields: [] },
  outcomes: ['approved', 'rejected'],
  allowDelegation: true,
  createdAt: T0,
  ...overrides,
});

export const aUser = (overrides: Partial<User> = {}): User => ({
  id: 'user-1',
  email: 'grace@example.com',
  name: 'Grace',
  passwordHash: 'scrypt$…',
  roles: ['approver'],
  groups: ['it-ops'],
  disabled: false,
  createdAt: T0,
  ...overrides,
});
