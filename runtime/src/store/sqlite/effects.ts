import type { StoreEffect } from '../schemas/effect';
import type { SqlDatabase } from './database';
import { cancelJobRow, finishJob, insertJob } from './jobs';
import { takeMessageRow } from './messages';
import { cancelTaskRows, decideTaskRow, delegateTaskRow, insertTask } from './tasks';
import { cancelTimerRow, insertTimer, markTimerFiredRow } from './timers';

/** Applies a step's effects in the step's own transaction, with the same rules as the single methods. */
export function applyEffects(db: SqlDatabase, effects: readonly StoreEffect[] | undefined): void {
  for (const effect of effects ?? []) {
    switch (effect.type) {
      case 'job.enqueue':
        insertJob(db, effect.job, effect.lease);
        break;
      case 'job.complete':
        finishJob(db, effect.id, effect.leaseToken, effect.result);
        break;
      case 'job.cancel':
        cancelJobRow(db, effect.id);
        break;
      case 'timer.schedule':
        insertTimer(db, effect.timer);
        break;
      case 'timer.cancel':
        cancelTimerRow(db, effect.id);
        break;
      case 'timer.fired':
        markTimerFiredRow(db, effect.id, effect.leaseToken);
        break;
      case 'task.create':
        insertTask(db, effect.task);
        break;
      case 'task.decide':
        decideTaskRow(db, effect.id, effect.decision);
        break;
      case 'task.delegate':
        delegateTaskRow(db, effect.id, effect);
        break;
      case 'task.cancel':
        cancelTaskRows(db, effect.instanceId, effect.nodeId, effect.at);
        break;
      case 'message.take':
        // commitSteps checked it is current (takesCurrent) before writing anything of the step.
        takeMessageRow(db, effect);
        break;
    }
  }
}
