import { awaitsChild, type Command, type EngineEvent } from '@flowline/engine';
import type { Clock } from '../clock';
import { childId } from '../dispatch/dispatcher';
import { AppError } from '../errors';
import type { StartRequest } from '../executor/executor';
import { createInstanceLocks } from '../executor/instanceLocks';
import type { RunLimits } from '../limits/runLimits';
import { LIMIT_EXCEEDED } from '../limits/stepLimits';
import type { Instance, Store } from '../store';
import { storedState } from '../executor/storedState';

type StartCommand = Extract<Command, { type: 'subworkflow.start' }>;
type Lineage = { readonly rootId: string; readonly depth: number };

export interface ChildStarterDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly limits: RunLimits;
  readonly start: (request: StartRequest) => Promise<unknown>;
  /** Delivers an event; an unknown instance is not an error (undefined). */
  readonly send: (instanceId: string, event: EngineEvent) => Promise<unknown>;
}

const waitsFor = (parent: Instance | null, childKey: string): parent is Instance =>
  parent !== null && parent.status === 'running' && awaitsChild(storedState(parent), childKey);

/**
 * Starts the child a parent's step asked for, idempotently (the id comes from the parent and the
 * child key), within the tree's limits (depth and size: they depend on other instances, so they
 * are judged here; how many children one instance asks for is judged with its own step). A child that must not start is refused to the parent
 * (`subworkflow.refused`: its error edge, or an incident). A child is only started while its
 * parent still waits for it, and cancelled when the parent stopped waiting while it was being
 * created; with the parent's cancel reaching every child it knows of, no child outlives a
 * cancelled tree, also after a crash (both sides are outbox commands, retried until done).
 */
export function createChildStarter(deps: ChildStarterDeps) {
  const { store, limits } = deps;
  // Counting a tree and adding to it is one step per tree in this process.
  const trees = createInstanceLocks();

  const refuse = (parentId: string, childKey: string, code: string, message: string) =>
    deps.send(parentId, {
      type: 'subworkflow.refused',
      childKey,
      error: { code, message },
      at: deps.clock.now(),
    });

  const cancel = (id: string) =>
    deps.send(id, {
      type: 'instance.cancel',
      by: 'parent',
      reason: 'The parent instance no longer waits for it',
      at: deps.clock.now(),
    });

  /** Where the parent sits: its tree's root and depth (walking up for parents stored before both were kept). */
  async function lineageOf(parent: Instance): Promise<Lineage> {
    if (!parent.parent) return { rootId: parent.id, depth: 0 };
    if (parent.parent.rootId !== undefined && parent.parent.depth !== undefined)
      return { rootId: parent.parent.rootId, depth: parent.parent.depth };
    let depth = 1;
    let above = await store.getInstance(parent.parent.instanceId);
    let rootId = parent.parent.instanceId;
    while (above?.parent && depth <= limits.subworkflowDepth) {
      depth += 1;
      rootId = above.parent.instanceId;
      above = await store.getInstance(rootId);
    }
    return { rootId, depth };
  }

  /** Which limit starting one more child of `parent` would break, as a sentence; undefined if none. */
  async function limitBroken(lineage: Lineage): Promise<string | undefined> {
    const depth = lineage.depth + 1;
    if (depth > limits.subworkflowDepth)
      return `The subworkflow would run ${depth} levels below the instance that started the tree; at most ${limits.subworkflowDepth} are allowed (limits.subworkflowDepth)`;
    const inTree = await store.countInstancesInTree(lineage.rootId);
    if (inTree >= limits.instancesPerTree)
      return `The tree of instance ${lineage.rootId} already holds ${inTree} subworkflow instances; at most ${limits.instancesPerTree} are allowed (limits.instancesPerTree)`;
    return undefined;
  }

  /**
   * Whether every instance above still waits for the one below it, up to the root: a cancel
   * travels down a tree one level per step, so a growing tree checks upwards before each new
   * child instead of racing it.
   */
  async function treeStillWaits(parent: Instance, childKey: string): Promise<boolean> {
    let current: Instance | null = parent;
    let key = childKey;
    for (let level = 0; level <= limits.subworkflowDepth + 1; level += 1) {
      if (!waitsFor(current, key)) return false;
      if (!current.parent) return true;
      key = current.parent.childKey;
      current = await store.getInstance(current.parent.instanceId);
    }
    return true;
  }

  return async function startChild(parentId: string, command: StartCommand): Promise<void> {
    const id = childId(parentId, command.childKey);
    const parent = await store.getInstance(parentId);
    if (!waitsFor(parent, command.childKey) || !(await treeStillWaits(parent, command.childKey))) {
      // The parent or one above it moved on (cancelled, failed) before the child started: none
      // now, and one a crash left behind half-way is cancelled.
      await cancel(id);
      return;
    }
    if ((await store.getInstance(id)) === null) {
      const lineage = await lineageOf(parent);
      const refused = await trees.run(lineage.rootId, async () => {
        const broken = await limitBroken(lineage);
        if (broken) return { code: LIMIT_EXCEEDED, message: broken };
        try {
          await deps.start({
            id,
            workflowId: command.workflowId,
            version: command.version,
            input: command.input,
            parent: {
              instanceId: parentId,
              childKey: command.childKey,
              rootId: lineage.rootId,
              depth: lineage.depth + 1,
            },
            ...(parent.startedBy ? { startedBy: parent.startedBy } : {}),
          });
          return undefined;
        } catch (error) {
          // A refusal (unknown workflow, input its form refuses, a limit) is the parent's to handle;
          // anything else (the store) leaves the command in the outbox to be tried again.
          if (!(error instanceof AppError)) throw error;
          return { code: error.code, message: describe(error) };
        }
      });
      if (refused) {
        await refuse(parentId, command.childKey, refused.code, refused.message);
        return;
      }
    }
    // The parent may have been cancelled while the child was being created: then nobody else
    // will cancel the child (the parent's cancel found no child yet).
    if (!waitsFor(await store.getInstance(parentId), command.childKey)) await cancel(id);
  };
}

/** An AppError as one sentence, with its field issues (a child's input its form refused). */
function describe(error: AppError): string {
  const issues = error.details.issues ?? [];
  if (issues.length === 0) return error.message;
  return `${error.message}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
}

export type ChildStarter = ReturnType<typeof createChildStarter>;
