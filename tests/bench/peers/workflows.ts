// The two workloads of the side-by-side benchmark, written once for each product. Each is started
// by a webhook whose answer waits for the run's end (n8n: "respond when the last node finishes";
// Flowline: ?wait=), so one answered request is one finished execution.

/** The 5-step automated workflow: trigger → set fields → decision → no-op → end. */
export const flowlineFiveSteps = {
  id: 'peer-five-steps',
  name: 'Peer bench: five steps',
  input: [{ key: 'n', label: 'N', type: 'number', required: true }],
  variables: [{ name: 'doubled' }],
  nodes: [
    { id: 'start', name: 'Webhook', kind: 'trigger', trigger: { type: 'webhook', input: { n: 'body.n' } } },
    { id: 'shape', name: 'Set fields', kind: 'transform', set: { doubled: 'input.n * 2' } },
    { id: 'route', name: 'Decide', kind: 'decision', conditions: [{ id: 'big', when: 'vars.doubled > 10' }] },
    { id: 'call', name: 'No-op', kind: 'task', action: 'bench.noop', input: {} },
    { id: 'done', name: 'Done', kind: 'end', output: { doubled: 'vars.doubled' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'shape' },
    { id: 'e2', source: 'shape', target: 'route' },
    { id: 'e3', source: 'route', sourceHandle: 'big', target: 'call' },
    { id: 'e4', source: 'route', sourceHandle: 'default', target: 'call' },
    { id: 'e5', source: 'call', target: 'done' },
  ],
};

/** The same with one outbound HTTP call (the built-in http connector) to a local peer. */
export const flowlineWithCall = {
  ...flowlineFiveSteps,
  id: 'peer-http-call',
  name: 'Peer bench: five steps and an HTTP call',
  nodes: [
    ...flowlineFiveSteps.nodes.filter((node) => node.id !== 'done'),
    {
      id: 'fetch',
      name: 'HTTP call',
      kind: 'task',
      action: 'http.request',
      connection: 'peer',
      input: {
        method: "'POST'",
        url: "'/echo'",
        body: '{"type": "json", "value": {"doubled": vars.doubled}}',
      },
    },
    { id: 'done', name: 'Done', kind: 'end', output: { doubled: 'vars.doubled' } },
  ],
  edges: [
    ...flowlineFiveSteps.edges.filter((edge) => edge.id !== 'e5'),
    { id: 'e5', source: 'call', target: 'fetch' },
    { id: 'e6', source: 'fetch', target: 'done' },
  ],
};

const node = (name: string, type: string, typeVersion: number, x: number, parameters: object) => ({
  parameters,
  name,
  type,
  typeVersion,
  position: [x, 0],
  id: `00000000-0000-4000-8000-${String(x).padStart(12, '0')}`,
});
const link = (to: string) => ({ main: [[{ node: to, type: 'main', index: 0 }]] });

function n8nWorkflow(id: string, path: string, withCall: string | undefined) {
  const nodes = [
    {
      ...node('Webhook', 'n8n-nodes-base.webhook', 2, 0, {
        httpMethod: 'POST',
        path,
        responseMode: 'lastNode',
        options: {},
      }),
      webhookId: `${path}-hook`,
    },
    node('Set fields', 'n8n-nodes-base.set', 3.4, 200, {
      assignments: {
        assignments: [{ id: 'a1', name: 'doubled', value: '={{ $json.body.n * 2 }}', type: 'number' }],
      },
      options: {},
    }),
    node('Decide', 'n8n-nodes-base.if', 2.2, 400, {
      conditions: {
        options: { caseSensitive: true, leftValue: '', typeValidation: 'strict', version: 2 },
        conditions: [
          {
            id: 'c1',
            leftValue: '={{ $json.doubled }}',
            rightValue: 10,
            operator: { type: 'number', operation: 'gt' },
          },
        ],
        combinator: 'and',
      },
      options: {},
    }),
    node('No-op', 'n8n-nodes-base.noOp', 1, 600, {}),
  ];
  const connections: Record<string, unknown> = {
    Webhook: link('Set fields'),
    'Set fields': link('Decide'),
    Decide: {
      main: [[{ node: 'No-op', type: 'main', index: 0 }], [{ node: 'No-op', type: 'main', index: 0 }]],
    },
  };
  if (withCall) {
    nodes.push(
      node('HTTP call', 'n8n-nodes-base.httpRequest', 4.2, 800, {
        method: 'POST',
        url: `${withCall}/echo`,
        sendBody: true,
        specifyBody: 'json',
        jsonBody: '={{ JSON.stringify({ doubled: $json.doubled }) }}',
        options: {},
      }),
    );
    connections['No-op'] = link('HTTP call');
  }
  return {
    id,
    name: path,
    nodes,
    connections,
    active: false,
    settings: { executionOrder: 'v1' },
    pinData: {},
  };
}

export const n8nFiveSteps = () => n8nWorkflow('PeerBenchFive01', 'peer-five-steps', undefined);
export const n8nWithCall = (peerUrl: string) => n8nWorkflow('PeerBenchCall01', 'peer-http-call', peerUrl);
