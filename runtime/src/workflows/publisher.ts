import {
  checkDefinitionLimits,
  hasErrors,
  type ValidationIssue,
  type WorkflowDefinition,
} from '@flowline/engine';
import { AppError } from '../errors';
import { createInstanceLocks } from '../executor/instanceLocks';
import type { RunLimits } from '../limits/runLimits';
import { isStoreError, type Store, type WorkflowDraft, type WorkflowVersion } from '../store';
import { subworkflowCycleIssues } from './subworkflowCalls';

export type PublishResult =
  | {
      readonly ok: true;
      readonly version: number;
      /** What was stored, for whoever follows publications (the cron triggers arm from it). */
      readonly published: WorkflowVersion;
      /** What did not stop publishing but someone should know (an unsigned webhook, a missing connection). */
      readonly warnings: ValidationIssue[];
    }
  | { readonly ok: false; readonly issues: ValidationIssue[] };

export interface PublishOptions {
  /** Shown beside the version in its list. */
  readonly note?: string | undefined;
  /** The draft revision the publisher looked at: another tab's later save is not published unseen. */
  readonly expectedDraftRev?: number | undefined;
}

/**
 * Publishes drafts as immutable versions, refusing one with errors: the definition's own (as the
 * designer sees them), the runtime's limits, and a subworkflow cycle through what is published.
 * Publishes run one at a time in this process, so the two halves of a cycle cannot each pass
 * their check before the other is stored; across replicas the run-time limits still hold.
 */
export function createPublisher(deps: {
  store: Store;
  limits: RunLimits;
  now: () => number;
  /** The definition's own issues (schema and validation); `parsed` when it follows the format. */
  check: (document: unknown) => { parsed: WorkflowDefinition | undefined; issues: ValidationIssue[] };
  /** What the runtime's stored state says of a definition that parses (missing connections). */
  runtimeIssues?: (definition: WorkflowDefinition) => Promise<ValidationIssue[]>;
}) {
  const { store } = deps;
  const publishing = createInstanceLocks();

  const restoreDraft = async (draft: WorkflowDraft): Promise<void> => {
    try {
      await store.saveDraft({ ...draft, expectedDraftRev: 0 });
    } catch (error) {
      // Someone saved a new draft under the id meanwhile: theirs stays.
      if (!isStoreError(error, 'CONFLICT')) throw error;
    }
  };

  return {
    publish: (workflowId: string, by: string, options: PublishOptions = {}): Promise<PublishResult> =>
      publishing.run('publish', async () => {
        const draft = await store.getDraft(workflowId);
        if (!draft) throw new AppError('NOT_FOUND', 'There is no such workflow');
        if (options.expectedDraftRev !== undefined && options.expectedDraftRev !== draft.draftRev)
          throw new AppError(
            'CONFLICT',
            `The draft changed since you opened it (revision ${draft.draftRev}, you saw ${options.expectedDraftRev}): reload it and publish again`,
          );
        const version = ((await store.getLatestVersionNumber(workflowId)) ?? 0) + 1;
        const { parsed, issues } = deps.check(draft.definition);
        const all = parsed
          ? [
              ...issues,
              ...checkDefinitionLimits(parsed, deps.limits),
              ...(await subworkflowCycleIssues(store, parsed, version)),
              ...((await deps.runtimeIssues?.(parsed)) ?? []),
            ]
          : issues;
        if (hasErrors(all)) return { ok: false, issues: all.filter((i) => i.severity === 'error') };
        const published: WorkflowVersion = {
          workflowId,
          version,
          definition: { ...draft.definition, version },
          publishedAt: deps.now(),
          publishedBy: by,
          ...(options.note ? { note: options.note } : {}),
        };
        await store.publishVersion(published);
        // A deletion on another replica may have taken the draft after it was read here (this
        // process runs both under one lock): the workflow is published, so its draft comes back.
        if (!(await store.getDraft(workflowId))) await restoreDraft(draft);
        return { ok: true, version, published, warnings: all.filter((i) => i.severity === 'warning') };
      }),
    /**
     * Deletes a workflow that was never published (see Store.deleteDraft), under the publishing
     * lock, so a publish in this process sees either the draft or nothing.
     */
    deleteUnpublished: (workflowId: string, expectedDraftRev: number): Promise<void> =>
      publishing.run('publish', async () => {
        await store.deleteDraft(workflowId, expectedDraftRev);
        // Its own retention policy goes with it: a new workflow given the id must not inherit it.
        await store.deleteRetentionPolicy(workflowId);
      }),
  };
}
