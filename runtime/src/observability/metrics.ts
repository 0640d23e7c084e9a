import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BacklogView } from '../jobs/backlog';
import type { ClaimedJob, InstanceStatus, Store } from '../store';

/** Prometheus metrics of the runtime, on a registry of its own (several runtimes can share a process in tests). */
export function createMetrics(store: Store, now: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const started = new Counter({
    name: 'flowline_instances_started_total',
    help: 'Instances started',
    labelNames: ['workflow'],
    registers: [registry],
  });
  const ended = new Counter({
    name: 'flowline_instances_ended_total',
    help: 'Instances ended, by outcome',
    labelNames: ['workflow', 'outcome'],
    registers: [registry],
  });
  const cycle = new Histogram({
    name: 'flowline_instance_cycle_seconds',
    help: 'Start to end of an instance',
    labelNames: ['workflow'],
    buckets: [0.01, 0.1, 1, 60, 3600, 86400, 604800],
    registers: [registry],
  });
  const jobLatency = new Histogram({
    name: 'flowline_job_duration_seconds',
    help: 'Connector call duration',
    labelNames: ['action', 'ok'],
    buckets: [0.005, 0.02, 0.1, 0.5, 2, 10, 60],
    registers: [registry],
  });
  const timerLag = new Histogram({
    name: 'flowline_timer_lag_seconds',
    help: 'How late timers fired',
    buckets: [0.01, 0.05, 0.25, 1, 5, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'flowline_queue_depth',
    help: 'Work waiting, by queue',
    labelNames: ['queue'],
    registers: [registry],
    async collect() {
      this.set({ queue: 'jobs_queued' }, await store.countJobs('queued'));
      this.set({ queue: 'jobs_running' }, await store.countJobs('running'));
      this.set({ queue: 'timers_due' }, await store.countDueTimers(now()));
    },
  });
  const pruned = new Counter({
    name: 'flowline_retention_removed_total',
    help: 'Ended instances removed by the retention policy, by policy (global or a workflow) and mode',
    labelNames: ['policy', 'mode'],
    registers: [registry],
  });
  const archived = new Counter({
    name: 'flowline_retention_archived_total',
    help: 'Ended instances written to an archive file before removal',
    labelNames: ['policy'],
    registers: [registry],
  });
  const lastCutoff = new Gauge({
    name: 'flowline_retention_cutoff_timestamp_seconds',
    help: 'The end-time cutoff of the last retention run, by policy',
    labelNames: ['policy'],
    registers: [registry],
  });
  let backlog: (() => BacklogView) | undefined;
  new Gauge({
    name: 'flowline_backlog',
    help: "This process's runnable work as bounded admission counts it (limits.backlog), by kind",
    labelNames: ['kind'],
    registers: [registry],
    collect() {
      if (!backlog) return;
      const view = backlog();
      this.set({ kind: 'queued_jobs' }, view.queuedJobs);
      this.set({ kind: 'starts_in_flight' }, view.startsInFlight);
      this.set({ kind: 'limit' }, view.limit);
      this.set({ kind: 'drain_per_second' }, view.drainPerSecond);
    },
  });
  const refused = new Counter({
    name: 'flowline_starts_refused_total',
    help: 'Starts refused with 503 OVERLOADED because the backlog was full',
    registers: [registry],
  });
  return {
    registry,
    /** The backlog the gauge reads at each scrape (in process, no query). */
    watchBacklog: (view: () => BacklogView) => {
      backlog = view;
    },
    startRefused: () => refused.inc(),
    instanceStarted: (workflowId: string) => started.inc({ workflow: workflowId }),
    instanceEnded: (i: {
      workflowId: string;
      status: InstanceStatus;
      createdAt: number;
      endedAt: number;
    }) => {
      ended.inc({ workflow: i.workflowId, outcome: i.status });
      cycle.observe({ workflow: i.workflowId }, (i.endedAt - i.createdAt) / 1000);
    },
    jobFinished: (job: ClaimedJob, ok: boolean, ms: number) =>
      jobLatency.observe({ action: job.action, ok: String(ok) }, ms / 1000),
    timerFired: (lagMs: number) => timerLag.observe(Math.max(0, lagMs) / 1000),
    retentionPass: (pass: {
      policy: string;
      mode: string;
      deleted: number;
      archived: number;
      cutoff: number;
    }) => {
      pruned.inc({ policy: pass.policy, mode: pass.mode }, pass.deleted);
      if (pass.archived > 0) archived.inc({ policy: pass.policy }, pass.archived);
      lastCutoff.set({ policy: pass.policy }, pass.cutoff / 1000);
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
