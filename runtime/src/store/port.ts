import type { Change, ChangeFeedBounds } from './schemas/change';
import type { Group, GroupPatch, GroupWithMembers } from './schemas/group';
import type { ApiToken, Away, Secret, SecretUpdate, Session, User, UserPatch } from './schemas/auth';
import type { EpochMs, Page, PageRequest } from './schemas/common';
import type { CronCursor, CronFire, OnceToken } from './schemas/cron';
import type { StoreEffect } from './schemas/effect';
import type { HistoryEntry, HistoryVerdict, NewHistoryEntry } from './schemas/history';
import type {
  CommitResult,
  CommitStep,
  Instance,
  InstanceFilter,
  InstanceSummary,
  PendingCommands,
} from './schemas/instance';
import type { ClaimedJob, Job, JobResult, JobStatus, NewJob } from './schemas/job';
import type { ClaimRequest, LeaseExtension } from './schemas/lease';
import type { Delegation, NewTask, Task, TaskChangeResult, TaskDecision, TaskFilter } from './schemas/task';
import type { ClaimedTimer, NewTimer, Timer, TimerClaimRequest } from './schemas/timer';
import type { PublishedVersionRef, SaveDraft, WorkflowDraft, WorkflowVersion } from './schemas/workflow';
import type {
  StatisticsRange,
  WorkflowStatistics,
  WorkflowStatisticsDetail,
  WorkflowStatisticsQuery,
} from './schemas/statistics';
import type { PrunableQuery, WorkflowRetention } from './schemas/retention';
import type { WorkflowActivation } from './schemas/activation';
import type { BufferedMessage, MessageReservation, NewBufferedMessage } from './schemas/message';

// Every promise below is honoured by each adapter and checked by contract.ts. The shape is chosen so
// that each state change of one instance is a single-document compare-and-set (MongoDB needs no
// multi-document transaction), uniqueness comes from unique keys, and claims are find-and-update
// with leases. Expected races are answered as values; request errors throw StoreError.

export interface WorkflowStore {
  /** Throws CONFLICT when `expectedDraftRev` is not the stored rev (0: no draft yet). */
  saveDraft(draft: SaveDraft): Promise<WorkflowDraft>;
  getDraft(workflowId: string): Promise<WorkflowDraft | null>;
  /**
   * Deletes a workflow that was never published (its draft is all there is). Throws NOT_FOUND
   * when there is no draft, CONFLICT when the draft is not at `expectedDraftRev` or the workflow
   * has a published version (its runs and history depend on it): then nothing is deleted.
   */
  deleteDraft(workflowId: string, expectedDraftRev: number): Promise<void>;
  /** Oldest first. */
  listDrafts(page: PageRequest): Promise<Page<WorkflowDraft>>;
  /** Versions are immutable: throws CONFLICT when (workflowId, version) exists. */
  publishVersion(version: WorkflowVersion): Promise<void>;
  getVersion(workflowId: string, version: number): Promise<WorkflowVersion | null>;
  getLatestVersion(workflowId: string): Promise<WorkflowVersion | null>;
  /** The latest version's number alone: what every start asks, without reading the definition. */
  getLatestVersionNumber(workflowId: string): Promise<number | null>;
  /** Ascending by version. */
  listVersions(workflowId: string): Promise<WorkflowVersion[]>;
  /**
   * Versions published after position `afterSeq` (0: from the first), in publication order, at
   * most `limit`, without their definitions. A reader that keeps the last `seq` it saw misses no
   * publication and reads each once: what changed, not everything.
   */
  listPublishedSince(afterSeq: number, limit: number): Promise<PublishedVersionRef[]>;
}

export interface InstanceStore {
  /**
   * Throws CONFLICT when the id exists. The history entries start the chain at seq 1; the effects
   * are applied with the insert (nothing of them when it throws).
   */
  createInstance(
    instance: Instance,
    options: { history: NewHistoryEntry[]; effects?: StoreEffect[] },
  ): Promise<void>;
  getInstance(id: string): Promise<Instance | null>;
  /**
   * Several instances in one read, as `getInstance` gives each (ids not found are left out; the
   * order is not given): the timer service loads a claim's instances with one query, not hundreds.
   */
  getInstances(ids: readonly string[]): Promise<Instance[]>;
  /**
   * Group commit: each step is applied only if the stored rev equals `expectedRev`, independently
   * of the others; its commands are appended to the outbox, its history chained and its effects
   * applied, atomically with the state. When the promise resolves, every applied step is durable.
   * Results are in step order. Two steps for one instance in one call apply in order.
   *
   * Effects touch other records (jobs, timers, tasks). SQLite applies them in the step's
   * transaction. An adapter limited to single-document atomicity records them in the instance
   * document with the state, applies them (each is idempotent) before resolving, and finishes the
   * ones a crash interrupted in its own recovery, as the runtime does for the outbox.
   */
  commitSteps(steps: CommitStep[]): Promise<CommitResult[]>;
  /** Newest first (by createdAt, then id); the cursor stays valid while instances change. */
  listInstances(filter: InstanceFilter, page: PageRequest): Promise<Page<InstanceSummary>>;
  /**
   * How many instances `listInstances` would list under `filter`, exactly, counted by the store over
   * its indexes (the dashboard's incident count and a bulk action's confirmation, at any volume).
   */
  countInstances(filter: InstanceFilter): Promise<number>;
  findInstancesByCorrelation(key: string): Promise<InstanceSummary[]>;
  /** How many instances name `rootId` as their tree's root (`parent.rootId`); the root is not one. */
  countInstancesInTree(rootId: string): Promise<number>;
  /**
   * Instances with commands still in their outbox, for recovery after a crash, oldest commands
   * first. With `updatedBefore`, only instances whose last step is older than that: a live
   * dispatcher finishes within moments, so older entries were left by a crash or a failed target.
   */
  listUndispatched(options: { limit: number; updatedBefore?: EpochMs }): Promise<PendingCommands[]>;
  /** Removes these commands from the outbox; unknown ids are ignored, so repeating is harmless. */
  markDispatched(instanceId: string, commandIds: string[]): Promise<void>;
}

export interface HistoryStore {
  /** In seq order. */
  readHistory(instanceId: string): Promise<HistoryEntry[]>;
  /** Recomputes the chain: the first entry whose seq, link or hash does not check out. */
  verifyHistory(instanceId: string): Promise<HistoryVerdict>;
}

export interface JobStore {
  /** Idempotent by id: returns false (and changes nothing) when the job exists. */
  enqueueJob(job: NewJob): Promise<boolean>;
  getJob(id: string): Promise<Job | null>;
  /** Queued jobs due by `now`, and running jobs whose lease expired, each with a fresh lease. */
  claimJobs(request: ClaimRequest): Promise<ClaimedJob[]>;
  /** Only the current lease holder may complete; anyone else gets false. */
  completeJob(id: string, leaseToken: string, result: JobResult): Promise<boolean>;
  extendLease(id: string, leaseToken: string, extension: LeaseExtension): Promise<boolean>;
  /** Only the lease holder: the job goes back to the queue as its next attempt, due at `runAt`. */
  retryJob(id: string, leaseToken: string, next: { runAt: EpochMs }): Promise<boolean>;
  /** Graceful shutdown: the owner's running jobs go back to the queue. Returns how many. */
  releaseJobs(owner: string): Promise<number>;
  /** False when the job is missing or already finished. */
  cancelJob(id: string): Promise<boolean>;
  countJobs(status: JobStatus): Promise<number>;
}

export interface TimerStore {
  /** Idempotent by id. */
  scheduleTimer(timer: NewTimer): Promise<boolean>;
  getTimer(id: string): Promise<Timer | null>;
  cancelTimer(id: string): Promise<boolean>;
  /**
   * Scheduled timers due by `dueBy` (default `now`) not under a lease live at `now`, earliest due
   * first, with a fresh lease until `dueBy` + `leaseMs`.
   */
  claimDueTimers(request: TimerClaimRequest): Promise<ClaimedTimer[]>;
  /** Only the current lease holder may mark the timer fired. */
  markTimerFired(id: string, leaseToken: string): Promise<boolean>;
  /**
   * Graceful shutdown: the owner's leased timers due by `dueBy`, not yet fired, can be claimed at
   * once. Returns how many.
   */
  releaseTimers(owner: string, dueBy: EpochMs): Promise<number>;
  countDueTimers(now: EpochMs): Promise<number>;
  /** When the next scheduled timer falls due after `after` (null: none), so the timer service can wake then. */
  nextTimerDue(after: EpochMs): Promise<EpochMs | null>;
}

export interface TaskStore {
  /** Idempotent by id; a new task is open. */
  createTask(task: NewTask): Promise<boolean>;
  getTask(id: string): Promise<Task | null>;
  /** Oldest first. */
  listTasks(filter: TaskFilter, page: PageRequest): Promise<Page<Task>>;
  /** Compare-and-set on 'open': of two concurrent deciders exactly one wins. */
  decideTask(id: string, decision: TaskDecision): Promise<TaskChangeResult>;
  /** Compare-and-set on 'open' and on the assignee still being `from`. */
  delegateTask(id: string, delegation: Delegation): Promise<TaskChangeResult>;
  /**
   * Cancels the open tasks of an instance (or of one node of it), closed at `at` when given (for
   * statistics: closed past the due time is a breach). Returns how many.
   */
  cancelTasks(instanceId: string, nodeId?: string, at?: EpochMs): Promise<number>;
}

export interface CronStore {
  /** True only for the first claimer of (workflowId, triggerId, scheduledAt), across processes. */
  claimCronFire(fire: CronFire): Promise<boolean>;
  getCronCursor(workflowId: string, triggerId: string): Promise<CronCursor | null>;
  setCronCursor(cursor: CronCursor): Promise<void>;
}

export interface OnceTokenStore {
  /** True the first time a (namespace, key) is consumed, false ever after (until purged). */
  consumeOnce(token: OnceToken): Promise<boolean>;
  /**
   * Forgets tokens that expired before `now`, at most `limit` of them (oldest first) when given,
   * so a backlog is deleted in small batches. Returns how many.
   */
  purgeExpiredOnce(now: EpochMs, limit?: number): Promise<number>;
}

export interface UserStore {
  /** Throws CONFLICT on a taken id or e-mail, NOT_FOUND on an unknown group (see GroupStore). */
  createUser(user: User): Promise<void>;
  getUser(id: string): Promise<User | null>;
  getUserByEmail(email: string): Promise<User | null>;
  listUsers(page: PageRequest): Promise<Page<User>>;
  /**
   * Active users whose e-mail, name, or a word of their name starts with `prefix` (any case), by
   * name, at most `limit`: the people pickers' directory.
   */
  searchUsers(query: { prefix: string; limit: number }): Promise<User[]>;
  /** Members of a group (disabled ones too), oldest first, at most `limit`. */
  listGroupMembers(group: string, options: { limit: number }): Promise<User[]>;
  /** Throws NOT_FOUND (an unknown user or group), or CONFLICT on a taken e-mail. */
  updateUser(id: string, patch: UserPatch): Promise<User>;
  /** Sets (or, with null, clears) the user's away setting; throws NOT_FOUND for an unknown user. */
  setUserAway(id: string, away: Away | null): Promise<User>;
  deleteUser(id: string): Promise<boolean>;

  createSession(session: Session): Promise<void>;
  getSession(id: string): Promise<Session | null>;
  deleteSession(id: string): Promise<boolean>;
  deleteUserSessions(userId: string): Promise<number>;
  deleteExpiredSessions(now: EpochMs): Promise<number>;

  createApiToken(token: ApiToken): Promise<void>;
  getApiTokenByHash(tokenHash: string): Promise<ApiToken | null>;
  listApiTokens(userId: string): Promise<ApiToken[]>;
  touchApiToken(id: string, usedAt: EpochMs): Promise<void>;
  deleteApiToken(id: string): Promise<boolean>;
}

/**
 * Groups as records. A user's `groups` (UserStore) are their memberships: writing a user's groups
 * replaces their memberships; an unknown group id throws NOT_FOUND (naming it) and writes nothing,
 * and never creates the group (groups are made with createGroup only).
 */
export interface GroupStore {
  /** Throws CONFLICT on a taken id. */
  createGroup(group: Group): Promise<void>;
  getGroup(id: string): Promise<GroupWithMembers | null>;
  /** By id; each with how many members it has. */
  listGroups(page: PageRequest): Promise<Page<Group & { memberCount: number }>>;
  /** Throws NOT_FOUND. */
  updateGroup(id: string, patch: GroupPatch): Promise<Group>;
  /** Deletes the group and its memberships. */
  deleteGroup(id: string): Promise<boolean>;
  /** Throws NOT_FOUND for an unknown group or user; false when already a member. */
  addGroupMember(groupId: string, userId: string): Promise<boolean>;
  /** False when they were not a member. */
  removeGroupMember(groupId: string, userId: string): Promise<boolean>;
}

export interface SecretStore {
  createSecret(secret: Secret): Promise<void>;
  getSecret(id: string): Promise<Secret | null>;
  listSecrets(connectorId?: string): Promise<Secret[]>;
  /** Throws NOT_FOUND. */
  updateSecret(id: string, update: SecretUpdate): Promise<Secret>;
  deleteSecret(id: string): Promise<boolean>;
}

/**
 * The change feed: a record of each committed change to an instance's status or place, and to a
 * task (created, decided, delegated, cancelled), written in the same atomic write as the change,
 * numbered by a sequence that never goes back and that readers see without gaps (a reader that saw
 * `seq` has seen every committed change before it). Live updates read it from any process.
 */
export interface ChangeFeedStore {
  /** Changes after `afterSeq`, in seq order, at most `limit`. */
  readChanges(afterSeq: number, limit: number): Promise<Change[]>;
  changeFeedBounds(): Promise<ChangeFeedBounds>;
  /** Forgets all but the newest `keep` changes (the sequence still never goes back). Returns how many. */
  pruneChanges(keep: number): Promise<number>;
}

/**
 * Process statistics, aggregated by the store over its indexes (never by reading instances into
 * the caller): instances started and tasks created in [from, to), open tasks as they are now.
 */
export interface StatisticsStore {
  /** One row per workflow with instances started or tasks created in the range, all versions together, by id. */
  statisticsByWorkflow(range: StatisticsRange): Promise<WorkflowStatistics[]>;
  /** One workflow (or one version of it): totals, per version, and per human-task node. */
  workflowStatistics(query: WorkflowStatisticsQuery): Promise<WorkflowStatisticsDetail>;
}

/**
 * Data retention: ended instances past their time are removed with everything that belongs to them.
 * "Prunable" means ended (not running) before `endedBefore` and holding nothing open: no command in
 * its outbox, no unfinished step record, no queued or running job, no scheduled timer, no open task,
 * and no running instance in the tree it is the root of.
 */
export interface RetentionStore {
  /** Prunable instances' ids, oldest end first, at most `limit`. */
  listPrunableInstances(query: PrunableQuery): Promise<string[]>;
  /**
   * Deletes each instance that is still prunable (checked again as it is deleted) with its history,
   * tasks, jobs, timers, correlation keys and outbox. Returns the ids it deleted; ids already gone
   * (another replica pruned them) or no longer prunable are skipped, so concurrent prunes are harmless.
   * Change-feed entries are left to the feed's own rolling pruning.
   */
  pruneInstances(ids: readonly string[], endedBefore: number): Promise<string[]>;
  getRetentionPolicy(workflowId: string): Promise<WorkflowRetention | null>;
  /** By workflow id. */
  listRetentionPolicies(): Promise<WorkflowRetention[]>;
  /** Replaces the workflow's policy. */
  setRetentionPolicy(policy: WorkflowRetention): Promise<void>;
  deleteRetentionPolicy(workflowId: string): Promise<boolean>;
}

/**
 * Deactivated workflows: a published workflow retired from new starts (its running instances go
 * on). No record means active.
 */
export interface ActivationStore {
  /**
   * Records the workflow as active or not, checked and written at once. Idempotent: when it already
   * is in that state nothing is written and the stored record is answered (who deactivated it
   * first stays named), null when there is none (active, never deactivated); else `change`.
   */
  setWorkflowActive(change: WorkflowActivation): Promise<WorkflowActivation | null>;
  /** Null: never deactivated (active). */
  getWorkflowActivation(workflowId: string): Promise<WorkflowActivation | null>;
  /** The records of those of `workflowIds` that have one (a page of a list, the armed cron triggers). */
  listWorkflowActivations(workflowIds: readonly string[]): Promise<WorkflowActivation[]>;
}

/**
 * Buffered messages: events kept for a while for the first run that starts waiting for them. A run
 * reserves one (compare-and-set: one run per message, with a new token), then takes it with the
 * `message.take` effect of the step it causes, in that step's write, naming the token. A
 * reservation outlives a crash between the two; the runtime finds it stale and settles it through
 * the run it names. The token fences the take: once a reservation is released (or the message
 * taken), a step still carrying its token is refused whole (`reservation_lost`), however late it
 * comes, so no message is taken twice, by one run or two.
 */
export interface MessageBufferStore {
  /** Idempotent by id: a second message with a stored id stores nothing and answers the stored one. */
  bufferMessage(message: NewBufferedMessage): Promise<{ message: BufferedMessage; created: boolean }>;
  getBufferedMessage(id: string): Promise<BufferedMessage | null>;
  /**
   * Reserves for `instanceId` the oldest message (by `bufferedAt`, then arrival) for this event and
   * key that is unexpired at `now`, not reserved, and unscoped or scoped to `workflowId`. Of
   * concurrent callers, across processes, each message goes to one only. The answer carries the
   * reservation's new `reservationToken`. Null: none.
   */
  reserveBufferedMessage(request: MessageReservation): Promise<BufferedMessage | null>;
  /**
   * Frees a message reserved for `instanceId` under `token` that it has not taken, for other runs.
   * From then on no step can take it under that token; a take already committed is kept (steps
   * of the instance already committed are finished first). False when it is not so reserved (the
   * reservation changed since), or taken.
   */
  releaseBufferedMessage(id: string, instanceId: string, token: string): Promise<boolean>;
  /** Reserved, not taken, reserved before `reservedBefore`: left by a crash or a failure. Oldest first. */
  listStaleReservations(query: { reservedBefore: EpochMs; limit: number }): Promise<BufferedMessage[]>;
  /**
   * Deletes at most `limit` messages whose `expiresAt` is at or before `now`, except those reserved
   * and not yet taken (their run is still to settle them). Returns how many.
   */
  purgeExpiredMessages(now: EpochMs, limit: number): Promise<number>;
}

/** The runtime's one storage port; adapters: sqlite/ (embedded, default) and MongoDB (later). */
export interface Store
  extends
    WorkflowStore,
    InstanceStore,
    HistoryStore,
    JobStore,
    TimerStore,
    TaskStore,
    CronStore,
    OnceTokenStore,
    UserStore,
    SecretStore,
    ChangeFeedStore,
    GroupStore,
    StatisticsStore,
    RetentionStore,
    ActivationStore,
    MessageBufferStore {
  /** Brings the schema up to date; adapters run it on open, so calling it again is a no-op. */
  migrate(): Promise<void>;
  /**
   * Resolves when a write can commit now; throws StoreError UNAVAILABLE, with its reason (disk
   * full, read-only, …), when it cannot. Cheap enough for every readiness probe: an adapter may
   * answer from recent writes' outcomes and write a probe record only now and then.
   */
  checkWritable(now: EpochMs): Promise<void>;
  close(): Promise<void>;
}
