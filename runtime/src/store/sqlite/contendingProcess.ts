// A separate OS process racing others on one database file; sqliteStore.processes.test.ts spawns
// several. Usage: node --import tsx contendingProcess.ts <dbPath> <owner> <fires> <tasks>
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSqliteStore } from './sqliteStore';

const [path, owner, firesText, tasksText] = process.argv.slice(2);
if (!path || !owner) throw new Error('usage: contendingProcess.ts <dbPath> <owner> <fires> <tasks>');
const NOW = 1_750_000_000_000;

const store = await createSqliteStore({ path });
// A start barrier, so the processes really contend for the write lock instead of taking turns.
writeFileSync(`${path}.ready-${owner}`, '');
while (!existsSync(`${path}.go`)) await sleep(1);

const cronWins: number[] = [];
for (let n = 0; n < Number(firesText); n += 1) {
  if (await store.claimCronFire({ workflowId: 'wf', triggerId: 'tick', scheduledAt: NOW + n }))
    cronWins.push(n);
}
const taskWins: string[] = [];
for (let n = 0; n < Number(tasksText); n += 1) {
  const result = await store.decideTask(`task-${n}`, { outcome: 'approved', by: owner, at: NOW });
  if (result.ok) taskWins.push(`task-${n}`);
}
const jobsClaimed: string[] = [];
for (;;) {
  const claimed = await store.claimJobs({ owner, now: NOW, leaseMs: 600_000, limit: 3 });
  if (claimed.length === 0) break;
  for (const job of claimed) {
    if (
      await store.completeJob(job.id, job.leaseToken, { status: 'succeeded', output: owner, finishedAt: NOW })
    ) {
      jobsClaimed.push(job.id);
    }
  }
}
await store.close();
process.stdout.write(JSON.stringify({ cronWins, taskWins, jobsClaimed }));
