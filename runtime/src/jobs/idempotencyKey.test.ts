import { http } from '@flowline/connectors';
import { startHttpPeer, type HttpPeer } from '@flowline/connector-sdk/testing';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../observability/logger';
import { createTestRuntime, type TestRuntime } from '../testing';
import { callConnector } from './callConnector';

/** One POST whose body also carries the step's key, read from `job.idempotencyKey`. */
const ordering = aWorkflow('ordering')
  .variables('order')
  .nodes(
    n.trigger(),
    n.task('order', {
      action: 'http.request',
      input: {
        method: '"POST"',
        url: '"/orders"',
        body: '{"type": "json", "value": {"requestKey": job.idempotencyKey}}',
      },
      output: { order: 'result.body' },
    }),
    n.end('done', 'completed', { order: 'vars.order' }),
  )
  .edges('start -> order', 'order -> done')
  .document();

describe('the HTTP connector’s idempotency key across a redelivery', () => {
  let rt: TestRuntime;
  let peer: HttpPeer;
  beforeEach(async () => {
    rt = await createTestRuntime({ connectors: [http] });
    peer = await startHttpPeer({
      'POST /orders': (req) => ({
        status: 201,
        json: { id: peer.requests.length, ...(req.json() as object) },
      }),
    });
    await rt.vault.save('http', 'default', { settings: { baseUrl: peer.url } });
    await rt.publish(ordering);
  });
  afterEach(async () => {
    await peer.close();
    await rt.close();
  });

  it('sends the same key again when a job whose worker died is run by another', async () => {
    const instance = await rt.executor.start({ workflowId: 'ordering', input: {} });
    // A worker claims the job and reaches the remote, then dies before it can deliver the result.
    const [claimed] = await rt.store.claimJobs({
      owner: 'crashed',
      now: rt.clock.now(),
      leaseMs: 15_000,
      limit: 1,
    });
    const deps = {
      clock: rt.clock,
      logger: silentLogger,
      connectors: rt.connectors,
      connections: rt.vault,
      network: { allowLoopback: true },
    };
    expect(await callConnector(deps, claimed!, rt.clock.now())).toMatchObject({ type: 'job.done' });
    expect(await rt.store.getInstance(instance.id)).toMatchObject({ status: 'running' });

    // Its lease runs out; the job is redelivered to a live worker.
    rt.clock.advance(16_000);
    await rt.runJobs();

    const key = `${instance.id}:order#1`;
    expect(
      peer.requests.map((r) => [
        r.headers['idempotency-key'],
        (r.json() as { requestKey: string }).requestKey,
      ]),
    ).toEqual([
      [key, key],
      [key, key],
    ]);
    expect(await rt.store.getJob(claimed!.id)).toMatchObject({ idempotencyKey: key, status: 'succeeded' });
    expect(await rt.store.getInstance(instance.id)).toMatchObject({
      status: 'completed',
      output: { order: { id: 2, requestKey: key } },
    });
  });

  it('gives every instance its own key', async () => {
    const one = await rt.executor.start({ workflowId: 'ordering', input: {} });
    const two = await rt.executor.start({ workflowId: 'ordering', input: {} });
    await rt.runJobs();
    expect(peer.requests.map((r) => r.headers['idempotency-key']).sort()).toEqual(
      [`${one.id}:order#1`, `${two.id}:order#1`].sort(),
    );
  });
});
