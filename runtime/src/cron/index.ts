/**
 * @module Cron triggers: DST-correct fire times computed on the trigger zone's wall clock, catch-up
 * policies for fires missed while down, and the scheduler that claims each fire in the store before
 * starting its instance. Every scheduled time starts at most one instance across replicas; nothing
 * here depends on the timer ticking on time — what is due comes from cursors in the store.
 */
export { nextFireAfter, lastFireAtOrBefore, fireTimesBetween, SEARCH_YEARS } from './fireTimes';
export {
  planCatchUp,
  DEFAULT_GRACE_MS,
  type CatchUpPolicy,
  type CatchUpRequest,
  type CatchUpPlan,
} from './catchUp';
export { armTrigger, rearmTrigger } from './armTrigger';
export {
  fireTrigger,
  scheduleOf,
  type CronTrigger,
  type CronFireStart,
  type CronLogger,
  type FireTriggerDeps,
} from './fireTrigger';
export {
  createCronScheduler,
  type CronScheduler,
  type CronSchedulerDeps,
  type CronTickReport,
} from './cronScheduler';
