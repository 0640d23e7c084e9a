// `pnpm bench:profile`: Flowline alone under the peer bench's five-step webhook load, with the
// runtime's CPU time per completed execution (a figure a noisy shared machine disturbs less than
// a rate) and, with --profile <dir>, a V8 CPU profile of the runtime process to open in DevTools.
import { mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { startEchoPeer } from './echoPeer';
import { startFlowline } from './flowlinePeer';
import { runLoad } from './load';
import { rssMiB } from './processes';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    profile: { type: 'string' },
    workload: { type: 'string', default: 'peer-five-steps' },
    env: { type: 'string', multiple: true, default: [] },
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const connections = Number(values.clients);
const seconds = Number(values.seconds);
const env = Object.fromEntries(
  values.env.map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]),
);
if (values.profile) mkdirSync(values.profile, { recursive: true });

const peer = await startEchoPeer();
const flowline = await startFlowline(peer.url, {
  nodeArgs: [
    ...values['node-arg'],
    ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []),
  ],
  env,
});
/** User + system CPU of the runtime process so far, in ms (Linux /proc, clock ticks of 10 ms). */
const cpuMs = () => {
  const fields = readFileSync(`/proc/${flowline.runtime.pid()}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
try {
  const url = `${flowline.url}/api/webhooks/${values.workload}?wait=30000`;
  const finished = (body: string) => body.includes('doubled');
  await runLoad({ url, connections, seconds: 3, finished }); // warm-up, not counted
  const before = cpuMs();
  const result = await runLoad({ url, connections, seconds, finished });
  const cpu = cpuMs() - before;
  console.log(
    [
      `${values.workload}, ${connections} clients, ${seconds} s: ${result.completedPerSecond.toFixed(0)} completed/s`,
      `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, failed ${result.failed}`,
      `runtime CPU ${(cpu / result.completed).toFixed(3)} ms per execution (${(cpu / seconds / 10).toFixed(0)}% of a core)`,
      `RSS after ${rssMiB(flowline.runtime.pid()!).toFixed(0)} MiB`,
      `load ${loadavg()[0]!.toFixed(1)}`,
    ].join('; '),
  );
  if (result.firstFailure) console.log(`first failure: ${result.firstFailure}`);
} finally {
  await flowline.stop();
  await peer.close();
}
if (values.profile) console.log(`CPU profile (written on the runtime's exit): ${values.profile}`);
