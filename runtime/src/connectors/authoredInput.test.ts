import { defineAction, defineConnector } from '@flowline/connector-sdk';
import { builtinConnectors } from '@flowline/connectors';
import { aWorkflow, n } from '@flowline/engine/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestRuntime, type TestRuntime } from '../testing';

/** A connector with an input it interprets (a template): the author must write it. */
const render = defineConnector({
  id: 'renderer',
  title: 'Renderer',
  version: '1.0.0',
  actions: [
    defineAction({
      id: 'render',
      title: 'Render',
      description: 'Fills a template with data.',
      input: z.object({
        template: z.string().meta({ title: 'Template', 'x-flowline-authored': true }),
        data: z.unknown(),
      }),
      output: z.object({ text: z.string() }),
      run: async (_ctx, input) => ({ text: input.template }),
    }),
  ],
});

const using = (template: string) =>
  aWorkflow('renders')
    .input({ key: 'text', label: 'Text', type: 'string' })
    .nodes(
      n.trigger(),
      n.task('fill', { action: 'renderer.render', input: { template, data: 'input.text' } }),
      n.end('done'),
    )
    .edges('start -> fill', 'fill -> done')
    .document();

describe('connector inputs marked as authored', () => {
  let rt: TestRuntime;
  beforeEach(async () => {
    rt = await createTestRuntime({ connectors: [render] });
  });
  afterEach(() => rt.close());

  it('refuses at publish a value mapped from run-time data, addressed to the node and field', async () => {
    for (const template of ['input.text', '"Dear " + input.text', 'nodes.fill.result.text']) {
      await expect(rt.publish(using(template)), template).rejects.toThrow(/AUTHORED_FIELD_NOT_LITERAL/);
    }
    const issues = (await rt.publish(using('input.text')).catch((e: Error) => JSON.parse(e.message))) as {
      code: string;
      nodeId: string;
      path: unknown[];
    }[];
    expect(issues).toContainEqual(
      expect.objectContaining({
        code: 'AUTHORED_FIELD_NOT_LITERAL',
        nodeId: 'fill',
        path: ['nodes', 1, 'input', 'template'],
      }),
    );
  });

  it('accepts literals written in the definition', async () => {
    await expect(rt.publish(using('"Hello {{name}}"'))).resolves.toBeUndefined();
    await expect(rt.publish(using('"Hello " + "{{name}}"'), 2)).resolves.toBeUndefined();
  });

  it('leaves no built-in connector that evaluates expressions from its input', () => {
    expect(builtinConnectors.map((c) => c.id)).not.toContain('transform');
  });
});
