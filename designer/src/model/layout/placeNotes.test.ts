import { aWorkflow, n } from '@flowline/engine/testing';
import type { StickyNote, WorkflowDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NODE_SIZE } from '../document/edits';
import { NOTE_GAP, placeNotes } from './placeNotes';

type Box = { x: number; y: number; width: number; height: number };
const meets = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const grown = (b: Box, by: number): Box => ({
  x: b.x - by,
  y: b.y - by,
  width: b.width + 2 * by,
  height: b.height + 2 * by,
});

/** Three steps in a row, 300 px apart, with notes. */
function drawing(notes: Record<string, StickyNote>): WorkflowDefinition {
  const definition = aWorkflow('noted')
    .nodes(n.trigger(), n.manualTask('check'), n.end('done'))
    .edges('start -> check', 'check:approved -> done', 'check:rejected -> done')
    .build();
  return {
    ...definition,
    layout: { start: { x: 0, y: 0 }, check: { x: 300, y: 0 }, done: { x: 600, y: 0 }, ...notes },
  };
}
const note = (x: number, y: number, width = 200, height = 120): StickyNote => ({
  x,
  y,
  note: 'Why',
  width,
  height,
});
/** The steps' boxes after a layout that moved them. */
const stepBoxes = (laidOut: Record<string, { x: number; y: number }>): Box[] =>
  Object.values(laidOut).map((p) => ({ ...p, ...DEFAULT_NODE_SIZE }));

describe('sticky notes after an auto-layout', () => {
  it('keeps a note beside the step it was nearest, moving with that step', () => {
    // The note sits above "check"; the layout moves "check" down and left.
    const definition = drawing({ 'note-1': note(310, -160) });
    const laidOut = { start: { x: 0, y: 300 }, check: { x: 200, y: 300 }, done: { x: 400, y: 300 } };
    expect(placeNotes({ definition, laidOut })).toEqual({ 'note-1': { x: 210, y: 140 } });
  });

  it('moves a note a step landed on to the nearest spot clear of every step', () => {
    // Beside "done" before; the layout puts "check" where the note would follow "done" to.
    const definition = drawing({ 'note-1': note(600, 120, 200, 100) });
    const laidOut = { start: { x: 0, y: 0 }, check: { x: 0, y: 240 }, done: { x: 0, y: 120 } };
    const placed = placeNotes({ definition, laidOut })['note-1']!;
    const box = { ...placed, width: 200, height: 100 };
    for (const step of stepBoxes(laidOut)) expect(meets(box, grown(step, NOTE_GAP))).toBe(false);
    // Nearest: just below the step that took its place, in line with where it wanted to be.
    expect(placed).toEqual({ x: 0, y: 240 + DEFAULT_NODE_SIZE.height + NOTE_GAP });
  });

  it('moves a note off a step that was already on it', () => {
    const definition = drawing({ 'note-1': note(290, -10, 260, 140) });
    const laidOut = { start: { x: 0, y: 0 }, check: { x: 300, y: 0 }, done: { x: 600, y: 0 } };
    const placed = placeNotes({ definition, laidOut })['note-1']!;
    for (const step of stepBoxes(laidOut))
      expect(meets({ ...placed, width: 260, height: 140 }, grown(step, NOTE_GAP))).toBe(false);
  });

  it('keeps notes off each other as well', () => {
    // Two notes on "check", one over the other: both step aside, apart.
    const definition = drawing({ 'note-1': note(300, 0), 'note-2': note(310, 10) });
    const laidOut = { start: { x: 0, y: 0 }, check: { x: 300, y: 0 }, done: { x: 600, y: 0 } };
    const placed = placeNotes({ definition, laidOut });
    const [a, b] = [placed['note-1']!, placed['note-2']!].map((p) => ({ ...p, width: 200, height: 120 }));
    expect(meets(a!, grown(b!, NOTE_GAP))).toBe(false);
    for (const box of [a!, b!])
      for (const step of stepBoxes(laidOut)) expect(meets(box, grown(step, NOTE_GAP))).toBe(false);
  });

  it('takes the sizes the canvas measured, for the notes and the steps', () => {
    // Measured, "check" is twice as tall as its default: the note below it moves further down.
    const definition = drawing({ 'note-1': note(300, 100, 200, 60) });
    const laidOut = { start: { x: 0, y: 0 }, check: { x: 300, y: 0 }, done: { x: 600, y: 0 } };
    const sizes = { check: { width: 220, height: 160 }, 'note-1': { width: 200, height: 60 } };
    expect(placeNotes({ definition, laidOut, sizes })['note-1']).toEqual({ x: 300, y: 160 + NOTE_GAP });
  });

  it('places nothing in a drawing without notes', () => {
    const definition = drawing({});
    expect(placeNotes({ definition, laidOut: { start: { x: 0, y: 0 } } })).toEqual({});
  });
});
