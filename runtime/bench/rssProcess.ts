// The runtime process of the RSS figure: the server as `pnpm start` builds it (HTTP app, cron,
// live updates, seeded examples, workers, timers), parking instances at an approval (a task and a
// due-date timer each) 100 at a time, as concurrent clients would. After each count it waits for
// the process to settle (no forced collection) and prints one JSON line of its memory.
//   bundled by bench/bundleBenchProcess.ts, then: node <flags> process.mjs 10000 50000 100000
//   (or from the sources: node <flags> --import tsx bench/rssProcess.ts 10000 50000 100000)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { readConfig } from '../src/config';
import { startServer } from '../src/server';
import { approveThenApprove } from './benchWorkflows';

const SETTLE_MS = 8_000;
const IN_FLIGHT = 100;
const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const settle = () => new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

function report(waiting: number) {
  const m = process.memoryUsage();
  const line = { waiting, rss: mib(m.rss), heapUsed: mib(m.heapUsed), heapTotal: mib(m.heapTotal) };
  console.log(JSON.stringify({ ...line, external: mib(m.external) }));
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'flowline-rss-'));
  Object.assign(process.env, { FLOWLINE_DATA_DIR: dataDir, FLOWLINE_PORT: '0', FLOWLINE_LOG_LEVEL: 'warn' });
  const server = await startServer(readConfig().config, { serve });
  const { core } = server;
  await core.store.publishVersion({
    workflowId: approveThenApprove.id,
    version: 1,
    definition: approveThenApprove as never,
    publishedAt: 0,
    publishedBy: 'bench',
  });
  await settle();
  report(0);
  let made = 0;
  for (const target of process.argv.slice(2).map(Number)) {
    while (made < target) {
      const batch = Math.min(IN_FLIGHT, target - made);
      await Promise.all(
        Array.from({ length: batch }, () =>
          core.executor.start({ workflowId: approveThenApprove.id, input: {}, trusted: true }),
        ),
      );
      made += batch;
    }
    await settle();
    report(made);
  }
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

void main();
