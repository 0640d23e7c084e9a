import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { handlesOf, WorkflowDefinitionSchema } from '@flowline/engine';
import { generatedWorkflow } from '@flowline/engine/testing';
import { DEFAULT_NODE_SIZE, DEFAULT_NOTE_SIZE } from '../document/edits';
import { notesOf } from '../graph/layoutEntries';
import { accessApproval, definitionWithLayout } from '../testing/fixtures';
import { edgeLabels } from '../graph/edgeLabels';
import { autoLayout, elkGraph, sharedEnds, type ElkLike } from './autoLayout';
import { EDGE_LABEL_GAP, EDGE_LABEL_MAX_WIDTH, estimateEdgeLabelWidth } from './edgeLabelSize';
import { attachLayoutWorker, createLayoutHandler, loadBundledElk, type LayoutResponse } from './layoutWorker';

type Box = { x: number; y: number; width: number; height: number };
const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const overlaps = (a: { x: number; y: number }, b: { x: number; y: number }) =>
  a.x < b.x + DEFAULT_NODE_SIZE.width &&
  b.x < a.x + DEFAULT_NODE_SIZE.width &&
  a.y < b.y + DEFAULT_NODE_SIZE.height &&
  b.y < a.y + DEFAULT_NODE_SIZE.height;

/** ELK, recording the laid-out graph it returned. */
async function recordingElk(): Promise<ElkLike & { last?: ElkNode }> {
  const elk = await loadBundledElk();
  const recorder: ElkLike & { last?: ElkNode } = {
    layout: async (graph) => (recorder.last = await elk.layout(graph)),
  };
  return recorder;
}

describe('auto-layout', () => {
  it('lays the access-approval example out left to right, no two nodes overlapping, exits in handle order', async () => {
    const elk = await recordingElk();
    const definition = accessApproval();
    const positions = await autoLayout(elk, definition);
    expect(Object.keys(positions).sort()).toEqual(definition.nodes.map((n) => n.id).sort());
    const ids = Object.keys(positions);
    for (const a of ids)
      for (const b of ids)
        if (a < b) expect(overlaps(positions[a]!, positions[b]!), `${a} / ${b}`).toBe(false);
    // Left to right: each edge's target lies right of its source (the example has no loop).
    for (const edge of definition.edges)
      expect(positions[edge.target]!.x).toBeGreaterThan(positions[edge.source]!.x);
    // Each node's exit ports leave its east side top to bottom in the engine's handle order.
    for (const node of definition.nodes) {
      const laid = elk.last!.children!.find((c) => c.id === node.id)!;
      const { required, optional } = handlesOf(node);
      const ys = [...required, ...optional].map((h) => laid.ports!.find((p) => p.id === `${node.id}::${h}`)!);
      ys.forEach((port, i) => {
        expect(port.x).toBe(DEFAULT_NODE_SIZE.width);
        if (i > 0) expect(port.y!).toBeGreaterThan(ys[i - 1]!.y!);
      });
    }
    // The manager's approve exit (first) leads to a node drawn above its timeout exit's (last).
    expect(positions['privileged']!.y).toBeLessThan(positions['serviceDesk']!.y);
  });

  it('leaves room between columns for the widest edge label, clear of both columns', async () => {
    const definition = accessApproval();
    const positions = await autoLayout(await loadBundledElk(), definition);
    const labels = edgeLabels(definition);
    // The decision's condition, "Admin, or any production access", is as wide as a label gets.
    const widest = Math.max(...[...labels.values()].map((l) => estimateEdgeLabelWidth(l.text)));
    expect(widest).toBe(EDGE_LABEL_MAX_WIDTH);
    const columns = [...new Set(Object.values(positions).map((p) => p.x))].sort((a, b) => a - b);
    for (let i = 1; i < columns.length; i += 1)
      expect(columns[i]! - columns[i - 1]! - DEFAULT_NODE_SIZE.width).toBeGreaterThanOrEqual(
        widest + 2 * EDGE_LABEL_GAP,
      );
    // Without labels (here: without edges), the columns stay as close as the spacing asks.
    const bare = elkGraph({ ...definition, edges: [] });
    expect(bare.layoutOptions!['elk.layered.spacing.nodeNodeBetweenLayers']).toBe('90');
  });

  it('in a big workflow, lays out the rest with ELK and puts shared ends in a column of their own', async () => {
    const elk = await recordingElk();
    const definition = accessApproval();
    expect([...sharedEnds(definition)].sort()).toEqual(['granted', 'refused']);
    // simplifyFrom 0: as a workflow of 60 nodes or more is laid out.
    const positions = await autoLayout(elk, definition, { simplifyFrom: 0 });
    expect(Object.keys(positions).sort()).toEqual(definition.nodes.map((n) => n.id).sort());
    // ELK never saw the shared ends nor the edges into them.
    expect(elk.last!.children!.map((c) => c.id)).not.toContain('refused');
    expect(elk.last!.edges).toHaveLength(5);
    const ids = Object.keys(positions);
    for (const a of ids)
      for (const b of ids)
        if (a < b) expect(overlaps(positions[a]!, positions[b]!), `${a} / ${b}`).toBe(false);
    // The ends share one column, right of every other node.
    expect(positions['granted']!.x).toBe(positions['refused']!.x);
    const others = ids.filter((id) => id !== 'granted' && id !== 'refused');
    for (const id of others) expect(positions['granted']!.x).toBeGreaterThan(positions[id]!.x);
    for (const edge of definition.edges)
      expect(positions[edge.target]!.x).toBeGreaterThan(positions[edge.source]!.x);
    // Small workflows keep ELK's full layout.
    await autoLayout(elk, definition);
    expect(elk.last!.edges).toHaveLength(10);
  });

  it('lays out a generated 200-node workflow (its shared failure end apart) with no overlap', async () => {
    const definition = WorkflowDefinitionSchema.parse(generatedWorkflow(200));
    expect([...sharedEnds(definition)]).toEqual(['failed']);
    const positions = await autoLayout(await loadBundledElk(), definition);
    const list = Object.values(positions);
    expect(list).toHaveLength(definition.nodes.length);
    for (let i = 0; i < list.length; i += 1)
      for (let j = i + 1; j < list.length; j += 1) expect(overlaps(list[i]!, list[j]!)).toBe(false);
    expect(positions['failed']!.x).toBe(Math.max(...list.map((p) => p.x)));
  });

  it('never overlaps nodes of generated workflows', async () => {
    const elk = await loadBundledElk();
    await fc.assert(
      fc.asyncProperty(definitionWithLayout, async (definition) => {
        const positions = await autoLayout(elk, definition);
        const list = definition.nodes.map((node) => positions[node.id]!);
        for (let i = 0; i < list.length; i += 1)
          for (let j = i + 1; j < list.length; j += 1) expect(overlaps(list[i]!, list[j]!)).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('moves every sticky note with the layout, never over a step nor another note', async () => {
    const elk = await loadBundledElk();
    await fc.assert(
      fc.asyncProperty(definitionWithLayout, async (definition) => {
        const positions = await autoLayout(elk, definition);
        const notes = notesOf(definition).map(([id, note]) => ({
          id,
          ...positions[id]!,
          width: note.width ?? DEFAULT_NOTE_SIZE.width,
          height: note.height ?? DEFAULT_NOTE_SIZE.height,
        }));
        const steps = definition.nodes.map((node) => ({
          id: node.id,
          ...positions[node.id]!,
          ...DEFAULT_NODE_SIZE,
        }));
        expect(Object.keys(positions).sort()).toEqual([...steps, ...notes].map((b) => b.id).sort());
        for (const [i, note] of notes.entries())
          for (const other of [...steps, ...notes.slice(i + 1)])
            expect(meets(note, other), `${note.id} on ${other.id}`).toBe(false);
      }),
      { numRuns: 10 },
    );
  });

  it('gives ports to exits only, and an input port to every node but the trigger', () => {
    const graph = elkGraph(accessApproval());
    const request = graph.children!.find((c) => c.id === 'request')!;
    expect(request.ports!.map((p) => p.id)).toEqual(['request::out']);
    expect(graph.children!.find((c) => c.id === 'granted')!.ports!.map((p) => p.id)).toEqual(['granted::in']);
    expect(graph.edges).toHaveLength(10);
  });

  it('runs as a worker: a definition in, positions (or the reason it failed) out', async () => {
    let listener:
      ((event: { data: { id: number; definition: ReturnType<typeof accessApproval> } }) => void) | undefined;
    const answers: LayoutResponse[] = [];
    const answered = new Promise<void>((resolve) => {
      attachLayoutWorker(
        { addEventListener: (_t, l) => (listener = l), postMessage: (m) => (answers.push(m), resolve()) },
        loadBundledElk,
      );
    });
    listener!({ data: { id: 3, definition: accessApproval() } });
    await answered;
    expect(answers[0]).toMatchObject({ id: 3, positions: { request: expect.any(Object) } });
    const warm = createLayoutHandler(loadBundledElk);
    expect(await warm({ id: 5, warmUp: true })).toEqual({ id: 5, positions: {} });
    const failing = createLayoutHandler(async () => ({
      layout: () => Promise.reject(new Error('ELK broke')),
    }));
    expect(await failing({ id: 4, definition: accessApproval() })).toEqual({ id: 4, error: 'ELK broke' });
  });
});
