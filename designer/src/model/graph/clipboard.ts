import { err, ok, parseDefinition, type Result } from '@flowline/engine';
import type { EditorDocument } from '../document/document';
import { fragmentOf, insertFragment, type Fragment } from './fragment';
import type { Selection } from './toFlow';

/** Marks a definition document as a copied selection (the engine's schema ignores the key). */
const MARK = 'flowlineClipboard';
const SCHEMA = 'https://flowline.dev/schemas/workflow-definition-v1.json';

/**
 * The selection as definition JSON: the selected nodes, the edges between them and their
 * layout (positions and selected notes), as a definition document another tab (or a text
 * editor) can read. Undefined when nothing that can be copied is selected.
 */
export function copySelection(doc: EditorDocument, selection: Selection = doc.selection): string | undefined {
  if (selection.nodes.length === 0 && selection.notes.length === 0) return undefined;
  const fragment = fragmentOf(doc.definition, selection);
  return JSON.stringify(
    {
      $schema: SCHEMA,
      [MARK]: 1,
      id: doc.definition.id,
      name: `Copied from ${doc.definition.name}`,
      nodes: fragment.nodes,
      edges: fragment.edges,
      layout: fragment.layout,
    },
    null,
    2,
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads clipboard text as nodes to paste: a copied selection or a whole definition file, parsed
 * by the engine's schemas. Anything else is refused with a sentence saying why.
 */
export function parseClipboard(text: string): Result<Fragment, string> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err('The clipboard holds text, not Flowline nodes. Copy nodes in a Flowline workflow first.');
  }
  if (!isRecord(value) || !Array.isArray(value['nodes'])) {
    return err('The clipboard holds JSON, but no Flowline nodes (it has no "nodes" list).');
  }
  const parsed = parseDefinition({ id: 'clipboard', name: 'Clipboard', ...value });
  if (!parsed.ok) {
    const [first, ...more] = parsed.error;
    const extra = more.length > 0 ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : '';
    return err(`The copied nodes cannot be pasted: ${first?.message ?? 'they are not valid'}${extra}.`);
  }
  const { nodes, edges, layout } = parsed.value;
  if (nodes.length === 0 && Object.keys(layout).length === 0)
    return err('The clipboard holds no nodes to paste.');
  return ok({ nodes, edges, layout });
}

/** Pastes clipboard text: new ids where taken, offset (or placed `at` the pointer), pasted nodes selected. */
export function pasteText(
  doc: EditorDocument,
  text: string,
  at?: { x: number; y: number },
): Result<EditorDocument, string> {
  const fragment = parseClipboard(text);
  if (!fragment.ok) return fragment;
  const { definition, inserted } = insertFragment(
    doc.definition,
    fragment.value,
    at ? { at } : { offset: { x: 40, y: 40 } },
  );
  return ok({ definition, selection: inserted });
}
