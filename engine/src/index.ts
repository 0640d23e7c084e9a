/**
 * @module @flowline/engine
 *
 * The pure core of Flowline: the workflow definition format (zod schemas, types, JSON Schema),
 * validation with node-addressed issues, a safe expression language (CEL), and the compiler from
 * a definition to an XState v5 machine whose actions only assign context and emit commands.
 *
 * It never does I/O, never reads a clock (time arrives in events), never uses randomness, and
 * never evaluates JavaScript from a workflow. It runs the same in Node and in the browser.
 */
export * from './result';
export * from './catalog';
export {
  WorkflowDefinitionSchema,
  VariableSchema,
  PositionSchema,
  StickyNoteSchema,
  LayoutEntrySchema,
} from './definition/schema';
export { IdentifierSchema, WorkflowIdSchema } from './definition/identifiers';
export { NodeSchema, NODE_KINDS } from './definition/nodeSchema';
export { EdgeSchema } from './definition/edge';
export { FormFieldSchema, type FormField, type FormFieldInput } from './definition/formField';
export { fieldName, requiredMessage } from './definition/fieldName';
export { displayTextProblem, freeTextProblem } from './definition/displayText';
export { DurationSchema, parseDuration, toMilliseconds, type Duration } from './definition/duration';
export {
  DurationExpressionSchema,
  DurationOrExpressionSchema,
  MAX_COMPUTED_DURATION,
  MAX_COMPUTED_DURATION_MS,
  computedDurationMs,
  isDurationExpression,
  type DurationExpression,
  type DurationOrExpression,
} from './definition/computedDuration';
export {
  BUSINESS_KEY_MAX_LENGTH,
  BusinessKeySchema,
  businessKeyFromValue,
  businessKeyProblem,
} from './definition/businessKey';
export { compileBusinessKey, type BusinessKeyOf } from './compile/businessKey';
export { parseCron, isValidTimeZone, type CronSchedule } from './definition/cron';
export { handlesOf, type NodeHandles } from './definition/handles';
export { awaitedEvents } from './definition/awaitedEvents';
export { AssigneeSchema, ApprovalPolicySchema, DEFAULT_OUTCOMES } from './definition/nodes/approval';
export { DEFAULT_MANUAL_OUTCOMES } from './definition/nodes/manualTask';
export { OUTCOMES } from './definition/nodes/end';
export type * from './definition/types';
export { parseExpression, type ParsedExpression } from './expression/parse';
export { evaluateExpression } from './expression/evaluate';
export { EXPRESSION_LIMITS } from './expression/limits';
export { createExpressionBudget, type ExpressionBudget, type EvaluateOptions } from './expression/evaluate';
export {
  EVALUATION_LIMITS,
  EvaluationLimitsSchema,
  EvaluationLimitsOverrideSchema,
  evaluationLimits,
  type EvaluationLimits,
  type EvaluationLimitsOverride,
} from './expression/limits';
export { SCOPES, type ScopeName } from './expression/scope';
export type { ExpressionIssue } from './expression/issue';
export { isSafeKey, toPlainData } from './expression/plainData';
export { parseDefinition } from './validate/parseDefinition';
export { validate, validateDocument } from './validate';
export { canConnect, type Connection, type ConnectionProblem } from './validate/connect';
export { expressionScopeAt, type ExpressionScope } from './validate/scopeAt';
export { expressionSites, type ExpressionSite } from './expression/sites';
export { describeType, type CelType, type ObjectType } from './expression/celTypes';
export { hasErrors, type ValidationIssue, type ValidationCode } from './validate/issue';
export { compile, compileValidated, type WorkflowMachine } from './compile';
export type { CompileOptions } from './compile';
export {
  CommandSchema,
  StepErrorSchema,
  type Command,
  type CommandType,
  type StepError,
  type ResolvedAssignee,
} from './compile/commands';
export {
  EventSchema,
  JobErrorSchema,
  type EngineEvent,
  type JobError,
  type StartInput,
} from './compile/events';
export type {
  MachineContext,
  ApprovalIncident,
  ApprovalSlot,
  ApprovalState,
  Decision,
} from './compile/context';
export {
  startInstance,
  applyEvent,
  activeNodes,
  isPersistedState,
  waitingFor,
  type AwaitedEvent,
  type PersistedState,
  type StepResult,
} from './compile/step';
export type { StepOptions } from './compile/step';
export { backoffMs } from './compile/nodes/task';
export { otherPlaceOf } from './compile/nodes/approvalDelegation';
export {
  incidentsOf,
  incidentCount,
  decisionsSoFar,
  type Incident,
  type SlotDecision,
} from './compile/inspect';
export { awaitsChild, childrenAskedFor } from './compile/children';
export {
  callSitesOf,
  subworkflowCycles,
  type CallSite,
  type CalledVersion,
} from './validate/subworkflowCycles';
export { checkDefinitionLimits, type DefinitionLimits } from './validate/definitionLimits';
export { qualifiedIdempotencyKey } from './compile/stateIds';
export { simulate, runToEnd, type TraceStep, type Responder } from './simulate';
export { formToJsonSchema, formToValidator } from './definition/formSchema';
export { definitionJsonSchema } from './definition/publishJsonSchema';
