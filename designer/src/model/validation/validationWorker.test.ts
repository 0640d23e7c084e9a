import { describe, expect, it } from 'vitest';
import { accessApproval, fixtureCatalog } from '../testing/fixtures';
import { createValidationClient, type ValidationTransport } from './validationClient';
import {
  attachValidationWorker,
  createValidationHandler,
  type ValidationRequest,
  type ValidationResponse,
} from './validationWorker';

const broken = () => ({ ...accessApproval(), edges: accessApproval().edges.slice(1) });

describe('the validation worker', () => {
  it('answers a definition with its problems, keeping the catalog it was sent', () => {
    const handle = createValidationHandler();
    const first = handle({ id: 1, definition: accessApproval(), catalog: fixtureCatalog });
    expect(first).toMatchObject({ id: 1, problems: [] });
    const second = handle({ id: 2, definition: broken() });
    expect(second.problems.map((p) => p.code)).toContain('UNREACHABLE_NODE');
    expect(JSON.parse(JSON.stringify(second.problems))).toEqual(second.problems);
  });

  it('listens on a worker scope', () => {
    let listener: ((event: { data: ValidationRequest }) => void) | undefined;
    const posted: ValidationResponse[] = [];
    attachValidationWorker({
      addEventListener: (_type, l) => (listener = l),
      postMessage: (m) => posted.push(m),
    });
    listener!({ data: { id: 7, definition: broken(), catalog: fixtureCatalog } });
    expect(posted[0]!.id).toBe(7);
    expect(posted[0]!.problems.length).toBeGreaterThan(0);
  });
});

describe('the validation client', () => {
  function setup() {
    const sent: ValidationRequest[] = [];
    let answer: ((r: ValidationResponse) => void) | undefined;
    const transport: ValidationTransport = {
      post: (r) => sent.push(r),
      listen: (h) => {
        answer = h;
        return () => (answer = undefined);
      },
    };
    const timers: (() => void)[] = [];
    const received: ValidationResponse[] = [];
    const client = createValidationClient(transport, {
      onProblems: (r) => received.push(r),
      schedule: (run) => timers.push(run),
      cancel: () => timers.splice(0),
    });
    const handle = createValidationHandler();
    const reply = (request: ValidationRequest) => answer?.(handle(request));
    return { client, sent, timers, received, reply };
  }

  it('debounces a burst of edits into one request and sends the catalog once', () => {
    const { client, sent, timers } = setup();
    client.request(accessApproval(), fixtureCatalog);
    client.request(broken(), fixtureCatalog);
    client.request(accessApproval(), fixtureCatalog);
    expect(sent).toHaveLength(0);
    timers.at(-1)!();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.catalog).toBe(fixtureCatalog);
    client.request(broken(), fixtureCatalog);
    client.flush();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.catalog).toBeUndefined();
  });

  it('drops an answer that an edit made stale, and applies the latest', () => {
    const { client, sent, received, reply } = setup();
    client.request(broken(), fixtureCatalog);
    client.flush();
    client.request(accessApproval(), fixtureCatalog);
    client.flush();
    reply({ ...sent[1]!, catalog: fixtureCatalog });
    reply({ ...sent[0]!, catalog: fixtureCatalog });
    expect(received.map((r) => r.id)).toEqual([2]);
    expect(received[0]!.problems).toEqual([]);
    expect(client.dropped).toBe(1);
    client.dispose();
  });
});
