import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqliteStore';

const run = promisify(execFile);
const script = fileURLToPath(new URL('./contendingProcess.ts', import.meta.url));
const runtimeRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Outcome {
  cronWins: number[];
  taskWins: string[];
  jobsClaimed: string[];
}

describe('sqlite store shared by several OS processes', () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('gives every cron fire, task decision and job to exactly one process', { timeout: 60_000 }, async () => {
    directory = mkdtempSync(join(tmpdir(), 'flowline-processes-'));
    const path = join(directory, 'shared.db');
    const fires = 300;
    const tasks = 100;
    const jobs = 150;
    const setup = await createSqliteStore({ path });
    for (let n = 0; n < tasks; n += 1) {
      await setup.createTask({
        id: `task-${n}`,
        instanceId: 'inst',
        nodeId: 'approve',
        slot: '0',
        assignee: { type: 'group', id: 'cab' },
        title: 'Approve',
        form: {},
        outcomes: ['approved'],
        allowDelegation: false,
        createdAt: 0,
      });
    }
    for (let n = 0; n < jobs; n += 1) {
      await setup.enqueueJob({
        id: `job-${n}`,
        instanceId: 'inst',
        nodeId: 'call',
        action: 'http.request',
        input: {},
        attempt: 1,
        idempotencyKey: `job-${n}`,
        runAt: 0,
        timeoutMs: 1000,
      });
    }
    await setup.close();

    const owners = ['p1', 'p2', 'p3'];
    const running = Promise.all(
      owners.map(async (owner) => {
        const { stdout } = await run(
          process.execPath,
          ['--import', 'tsx', script, path, owner, String(fires), String(tasks)],
          { cwd: runtimeRoot },
        );
        return JSON.parse(stdout) as Outcome;
      }),
    );
    while (!owners.every((owner) => existsSync(`${path}.ready-${owner}`))) await sleep(5);
    writeFileSync(`${path}.go`, '');
    const outcomes = await running;

    const cronWins = outcomes.flatMap((o) => o.cronWins).sort((a, b) => a - b);
    expect(cronWins).toEqual(Array.from({ length: fires }, (_, n) => n));
    const taskWins = outcomes.flatMap((o) => o.taskWins);
    expect(new Set(taskWins).size).toBe(tasks);
    expect(taskWins).toHaveLength(tasks);
    const jobsClaimed = outcomes.flatMap((o) => o.jobsClaimed);
    expect(new Set(jobsClaimed).size).toBe(jobs);
    expect(jobsClaimed).toHaveLength(jobs);

    const check = await createSqliteStore({ path });
    expect(await check.countJobs('succeeded')).toBe(jobs);
    await check.close();
  });
});
