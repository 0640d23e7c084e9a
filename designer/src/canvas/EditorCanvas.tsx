import { canConnect, type WorkflowDefinition } from '@flowline/engine';
import {
  Panel,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type ReactFlowInstance,
} from '@xyflow/react';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { useStore } from 'zustand';
import { useEditor, useEditorSession, useEditorUi } from '../editor/editorSession';
import {
  applyMarks,
  DEFAULT_NODE_SIZE,
  DEFAULT_NOTE_SIZE,
  freePosition,
  canRedo,
  canUndo,
  canvasMarks,
  copySelection,
  nodeArgsOf,
  paletteItems,
  snapPoint,
  stableEdges,
  stableNodes,
  toFlow,
  type CommandId,
  type FlowEdge,
  type FlowNode,
  type Measured,
  type Sizes,
} from '../model';
import { useCanvasNotice } from './CanvasNotice';
import { CanvasToolbar } from './CanvasToolbar';
import { EdgeLabelEditingContext, type EdgeLabelEditing } from './edgeLabelEditing';
import { createLayoutClient } from './layoutClient';
import { NoteEditingContext, type NoteEditing } from './noteEditing';
import { useCanvasDispatch } from './useCanvasDispatch';
import { useCanvasShortcuts, VIEW_COMMANDS } from './useCanvasShortcuts';
import { useKeyboardConnect } from './useKeyboardConnect';
import { PALETTE_MIME, useViewCentre } from './viewCentre';
import { GRID, WorkflowCanvas } from './WorkflowCanvas';
import { useClearFit } from './useClearFit';
import type { Box as ViewBox } from './openingView';

// Loaded the first time `?` asks for it; it then stays mounted, so closing gives focus back.
const ShortcutHelp = lazy(async () => ({ default: (await import('./ShortcutHelp')).ShortcutHelp }));

type Box = { x?: number; y?: number; width?: number; height?: number };

/** The ids selected after React Flow's select changes (the same array when nothing changed). */
function applySelect(ids: readonly string[], changes: readonly { id: string; selected: boolean }[]) {
  const picked = new Set(ids);
  let changed = false;
  for (const change of changes) {
    if (picked.has(change.id) === change.selected) continue;
    changed = true;
    if (change.selected) picked.add(change.id);
    else picked.delete(change.id);
  }
  return changed ? [...picked] : ids;
}

/**
 * The editor's canvas over the document store. What it draws is toFlow of the definition and the
 * selection, with the view state's marks (problems, test path, diff); what the user does goes back
 * as the model's actions: drag (one undo entry per gesture), connect and reconnect (refused by the
 * engine's canConnect, with its reason), the palette's drops, shortcuts, clipboard, auto-layout.
 */
export function EditorCanvas() {
  const { store, canEdit, catalog } = useEditorSession();
  const definition = useEditor((state) => state.doc.definition);
  const selection = useEditor((state) => state.doc.selection);
  const undoable = useStore(store, canUndo);
  const redoable = useStore(store, canRedo);
  const problems = useEditorUi((state) => state.problems);
  const testPath = useEditorUi((state) => state.testPath);
  const diff = useEditorUi((state) => state.diff);
  const focus = useEditorUi((state) => state.focus);
  const flowApi = useReactFlow<FlowNode, FlowEdge>();
  const viewCentre = useViewCentre();
  const instance = useRef<ReactFlowInstance<FlowNode, FlowEdge>>(undefined);
  const section = useRef<HTMLElement>(null);

  const [measured, setMeasured] = useState<ReadonlyMap<string, Measured>>(new Map());
  const [overrides, setOverrides] = useState<ReadonlyMap<string, Box>>(new Map());
  const [helpOpen, setHelpOpen] = useState(false);
  const [helpShown, setHelpShown] = useState(false);
  const [layingOut, setLayingOut] = useState(false);
  const gesture = useRef<string | undefined>(undefined);
  const gestures = useRef(0);
  const resizing = useRef<string | undefined>(undefined);
  const reconnecting = useRef<string | undefined>(undefined);
  const layoutClient = useMemo(() => createLayoutClient(), []);
  useEffect(() => () => layoutClient.dispose(), [layoutClient]);

  // What is drawn: the definition as nodes and edges with marks, keeping the objects of nodes an
  // edit did not touch (React Flow then re-renders only the changed ones).
  const marks = useMemo(() => canvasMarks({ problems, testPath, diff }), [problems, testPath, diff]);
  const flow = useMemo(
    () => applyMarks(toFlow(definition, selection), marks),
    [definition, selection, marks],
  );
  const previousNodes = useRef<FlowNode[]>([]);
  const previousEdges = useRef<FlowEdge[]>([]);
  const stable = useMemo(() => stableNodes(previousNodes.current, flow.nodes, measured), [flow, measured]);
  const nodes = useMemo(
    () =>
      overrides.size === 0
        ? stable
        : stable.map((node) => {
            const box = overrides.get(node.id);
            if (!box) return node;
            return {
              ...node,
              position: { x: box.x ?? node.position.x, y: box.y ?? node.position.y },
              ...(box.width !== undefined ? { width: box.width } : {}),
              ...(box.height !== undefined ? { height: box.height } : {}),
            } as FlowNode;
          }),
    [stable, overrides],
  );
  const edges = useMemo(() => stableEdges(previousEdges.current, flow.edges), [flow]);
  useEffect(() => {
    previousNodes.current = stable;
    previousEdges.current = edges;
  }, [stable, edges]);

  const notice = useCanvasNotice(store);
  const say = notice.say;
  const keyboardConnect = useKeyboardConnect(store, section, say);

  const { dispatchAction, queue } = useCanvasDispatch(store, canEdit, say);

  const sizes = useCallback((): Sizes => {
    const result: Record<string, { width: number; height: number }> = {};
    for (const node of flowApi.getNodes()) {
      const internal = flowApi.getInternalNode(node.id);
      const width = internal?.measured.width;
      const height = internal?.measured.height;
      if (width && height) result[node.id] = { width, height };
    }
    return result;
  }, [flowApi]);

  const clearFit = useClearFit();
  const fitView = useCallback(() => clearFit(), [clearFit]);
  // After auto-layout, fit the laid-out steps once React Flow has drawn the new positions, clear of
  // the toolbar and the minimap as Zoom to fit is (React Flow's fitBounds takes only a padding).
  const fitPending = useRef<readonly ViewBox[] | undefined>(undefined);
  useEffect(() => {
    const boxes = fitPending.current;
    if (!boxes) return;
    fitPending.current = undefined;
    requestAnimationFrame(() => clearFit({ boxes }));
  }, [nodes, clearFit]);

  const runLayout = useCallback(async () => {
    if (!canEdit || layingOut) return;
    const current: WorkflowDefinition = store.getState().doc.definition;
    if (current.nodes.length === 0) return;
    setLayingOut(true);
    try {
      const measuredSizes = sizes();
      const positions = await layoutClient.layout(current, measuredSizes);
      const snapped = Object.fromEntries(
        Object.entries(positions).map(([id, p]) => [id, snapPoint({ x: p.x + 40, y: p.y + 40 }, GRID)]),
      );
      store.getState().dispatch('move', { positions: snapped });
      const boxes = Object.entries(snapped).map(([id, p]) => ({
        ...p,
        ...(measuredSizes[id] ?? DEFAULT_NODE_SIZE),
      }));
      fitPending.current = boxes;
    } catch (error) {
      say(`Auto-layout failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setLayingOut(false);
    }
  }, [canEdit, layingOut, layoutClient, sizes, store, say]);

  // ELK loads in the worker while the canvas is idle, so the first layout runs warm.
  useEffect(() => {
    if (!canEdit) return;
    const idle = window.requestIdleCallback?.(() => layoutClient.warmUp(), { timeout: 4000 });
    return () => {
      if (idle !== undefined) window.cancelIdleCallback(idle);
    };
  }, [canEdit, layoutClient]);

  const copy = useCallback((): string | undefined => copySelection(store.getState().doc), [store]);

  const runCommand = useCallback(
    (id: CommandId) => {
      if (!canEdit && !VIEW_COMMANDS.has(id)) return;
      const state = store.getState();
      if (id === 'undo') queue(() => state.undo());
      else if (id === 'redo') queue(() => state.redo());
      else if (id === 'autoLayout') void runLayout();
      else if (id === 'fitView') fitView();
      else if (id === 'help') {
        setHelpOpen(true);
        setHelpShown(true);
      } else if (id === 'connect') keyboardConnect.open();
    },
    [canEdit, store, runLayout, fitView, keyboardConnect, queue],
  );

  const addNoteAtCentre = useCallback(() => {
    dispatchAction('addNote', {
      position: freePosition(store.getState().doc.definition, viewCentre(), GRID, DEFAULT_NOTE_SIZE),
    });
  }, [dispatchAction, viewCentre, store]);

  useCanvasShortcuts({
    section,
    canEdit,
    paused: helpOpen || keyboardConnect.isOpen,
    store,
    runCommand,
    dispatchAction,
    copy,
  });

  // Focus requests (a problem, a test step) centre their node or edge.
  useEffect(() => {
    if (!focus) return;
    const api = instance.current;
    if (!api) return;
    const centreOf = (id: string) => {
      const node = api.getInternalNode(id);
      if (!node) return undefined;
      return {
        x: node.internals.positionAbsolute.x + (node.measured.width ?? 180) / 2,
        y: node.internals.positionAbsolute.y + (node.measured.height ?? 80) / 2,
      };
    };
    let point: { x: number; y: number } | undefined;
    if (focus.nodeId !== undefined) point = centreOf(focus.nodeId);
    else if (focus.edgeId !== undefined) {
      const edge = api.getEdge(focus.edgeId);
      const a = edge && centreOf(edge.source);
      const b = edge && centreOf(edge.target);
      if (a && b) point = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    }
    if (point) void api.setCenter(point.x, point.y, { zoom: Math.max(api.getZoom(), 0.9), duration: 300 });
  }, [focus]);

  const noteIds = useMemo(
    () => new Set(flow.nodes.filter((n) => n.type === 'note').map((n) => n.id)),
    [flow],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length > 0) {
        const current = store.getState().doc.selection;
        const nodesNext = applySelect(
          current.nodes,
          selects.filter((c) => !noteIds.has(c.id)),
        );
        const notesNext = applySelect(
          current.notes,
          selects.filter((c) => noteIds.has(c.id)),
        );
        if (nodesNext !== current.nodes || notesNext !== current.notes)
          store.getState().dispatch('select', { ...current, nodes: nodesNext, notes: notesNext });
      }
      const positions: Record<string, { x: number; y: number }> = {};
      let moved = false;
      const boxes = new Map<string, Box>();
      const sized = new Map<string, Measured>();
      for (const change of changes) {
        if (change.type === 'position' && change.position) {
          if (resizing.current === change.id)
            boxes.set(change.id, { ...boxes.get(change.id), ...change.position });
          else if (change.dragging) {
            // Held on the canvas until the drop, which moves the step in the document once: a
            // move per frame re-derived every node (and saved, backed up) on every frame.
            boxes.set(change.id, { ...boxes.get(change.id), ...change.position });
          } else {
            positions[change.id] = change.position;
            moved = true;
          }
        } else if (change.type === 'dimensions' && change.dimensions) {
          if (change.resizing !== undefined || change.setAttributes) {
            if (resizing.current === change.id)
              boxes.set(change.id, { ...boxes.get(change.id), ...change.dimensions });
          } else sized.set(change.id, change.dimensions);
        }
      }
      if (moved && canEdit) dispatchAction('move', { positions }, gesture.current);
      if (boxes.size > 0 || moved)
        setOverrides((previous) => {
          const next = new Map(previous);
          for (const [id, box] of boxes) next.set(id, { ...next.get(id), ...box });
          // Dropped: the document has the step where it was held.
          for (const id of Object.keys(positions)) next.delete(id);
          return next.size === 0 && previous.size === 0 ? previous : next;
        });
      if (sized.size > 0)
        setMeasured((previous) => {
          let changed = false;
          const next = new Map(previous);
          for (const [id, size] of sized) {
            const old = next.get(id);
            if (old?.width === size.width && old.height === size.height) continue;
            next.set(id, size);
            changed = true;
          }
          return changed ? next : previous;
        });
    },
    [store, noteIds, canEdit, dispatchAction],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdge>[]) => {
      const selects = changes.filter((c) => c.type === 'select');
      if (selects.length === 0) return;
      const current = store.getState().doc.selection;
      const next = applySelect(current.edges, selects);
      if (next !== current.edges) store.getState().dispatch('select', { ...current, edges: next });
    },
    [store],
  );

  const isValidConnection = useCallback(
    (connection: Connection | FlowEdge) => {
      if (!connection.source || !connection.target) return false;
      let current = store.getState().doc.definition;
      const edgeId = reconnecting.current;
      if (edgeId !== undefined) current = { ...current, edges: current.edges.filter((e) => e.id !== edgeId) };
      return canConnect(current, {
        source: connection.source,
        sourceHandle: connection.sourceHandle ?? 'out',
        target: connection.target,
      }).ok;
    },
    [store],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (reconnecting.current !== undefined || state.isValid !== false) return;
      if (!state.fromNode || !state.toNode || !state.fromHandle) return;
      const fromSource = state.fromHandle.type === 'source';
      const source = fromSource ? state.fromNode.id : state.toNode.id;
      const target = fromSource ? state.toNode.id : state.fromNode.id;
      const sourceHandle = (fromSource ? state.fromHandle.id : state.toHandle?.id) ?? 'out';
      // The engine refuses it: the store keeps its reason, which the notice shows.
      store.getState().dispatch('connect', { source, sourceHandle, target });
    },
    [store],
  );

  const palette = useMemo(() => paletteItems(catalog), [catalog]);
  // The edge under the pointer while a palette entry is dragged: marked, since a drop inserts there.
  const dropEdge = useRef<Element | undefined>(undefined);
  const markDropEdge = useCallback((edge: Element | undefined) => {
    if (dropEdge.current === edge) return;
    dropEdge.current?.classList.remove('fl-drop-target');
    edge?.classList.add('fl-drop-target');
    dropEdge.current = edge;
  }, []);
  const edgeAt = (x: number, y: number): Element | undefined =>
    document
      .elementsFromPoint(x, y)
      .map((element) => element.closest('.react-flow__edge'))
      .find((found): found is Element => found !== null);
  const onDragOver = useCallback(
    (event: DragEvent) => {
      if (!canEdit || !event.dataTransfer.types.includes(PALETTE_MIME)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
      markDropEdge(edgeAt(event.clientX, event.clientY));
    },
    [canEdit, markDropEdge],
  );
  const onDrop = useCallback(
    (event: DragEvent) => {
      if (!canEdit) return;
      const id = event.dataTransfer.getData(PALETTE_MIME);
      const item = palette.find((p) => p.id === id);
      if (!item) return;
      event.preventDefault();
      const point = flowApi.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const position = snapPoint({ x: point.x - 88, y: point.y - 30 }, GRID);
      markDropEdge(undefined);
      const edgeId = edgeAt(event.clientX, event.clientY)?.getAttribute('data-id') ?? undefined;
      if (edgeId !== undefined) dispatchAction('insertNodeOnEdge', { ...nodeArgsOf(item), edgeId, position });
      else dispatchAction('addNode', { ...nodeArgsOf(item), position });
      section.current?.focus({ preventScroll: true });
    },
    [canEdit, palette, flowApi, dispatchAction, markDropEdge],
  );

  const noteEditing = useMemo<NoteEditing | undefined>(
    () =>
      canEdit
        ? {
            setText: (id, text) => dispatchAction('editNote', { id, changes: { note: text } }),
            change: (id, changes) => dispatchAction('editNote', { id, changes }),
            resizeStart: (id) => {
              resizing.current = id;
            },
            resizeEnd: (id, box) => {
              resizing.current = undefined;
              const key = `resize-${(gestures.current += 1)}`;
              dispatchAction('editNote', { id, changes: { width: box.width, height: box.height } }, key);
              dispatchAction('move', { positions: { [id]: { x: box.x, y: box.y } } }, key);
              setOverrides((previous) => {
                const next = new Map(previous);
                next.delete(id);
                return next;
              });
            },
          }
        : undefined,
    [canEdit, dispatchAction],
  );

  // The edge whose label is edited in place (double-click its label, or its pencil when selected).
  const [editingEdge, setEditingEdge] = useState<string | undefined>(undefined);
  const edgeLabelEditing = useMemo<EdgeLabelEditing | undefined>(
    () =>
      canEdit
        ? {
            editing: editingEdge,
            start: (edgeId) => setEditingEdge(edgeId),
            finish: (edgeId, text) => {
              setEditingEdge(undefined);
              section.current?.focus({ preventScroll: true });
              if (text === undefined) return;
              const edge = store.getState().doc.definition.edges.find((e) => e.id === edgeId);
              const shown = previousEdges.current.find((e) => e.id === edgeId)?.data?.label?.text ?? '';
              if (edge && text.trim() !== shown) dispatchAction('setEdgeLabel', { edgeId, label: text });
            },
          }
        : undefined,
    [canEdit, editingEdge, store, dispatchAction],
  );

  const several = selection.nodes.length + selection.notes.length > 1;
  return (
    <section
      className="editor__canvas"
      aria-label="Canvas"
      ref={section}
      tabIndex={-1}
      onDragOver={onDragOver}
      onDragLeave={(event) => {
        if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget)))
          markDropEdge(undefined);
      }}
      onDrop={onDrop}
    >
      {definition.nodes.length === 0 && (
        <p className="editor__empty">
          {canEdit
            ? 'This workflow has no steps yet. Drag one from the palette.'
            : 'This workflow has no steps yet.'}
        </p>
      )}
      <NoteEditingContext.Provider value={noteEditing}>
        <EdgeLabelEditingContext.Provider value={edgeLabelEditing}>
          <WorkflowCanvas
            nodes={nodes}
            edges={edges}
            editable={canEdit}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onInit={(api) => {
              instance.current = api;
            }}
            onNodeDragStart={() => {
              gesture.current = `drag-${(gestures.current += 1)}`;
            }}
            onNodeDragStop={() => {
              gesture.current = undefined;
            }}
            isValidConnection={isValidConnection}
            onConnect={(connection) =>
              dispatchAction('connect', {
                source: connection.source,
                sourceHandle: connection.sourceHandle ?? 'out',
                target: connection.target,
              })
            }
            onConnectEnd={onConnectEnd}
            onReconnectStart={(_event, edge) => {
              reconnecting.current = edge.id;
            }}
            onReconnect={(edge, connection) =>
              dispatchAction('reconnect', {
                edgeId: edge.id,
                source: connection.source,
                sourceHandle: connection.sourceHandle ?? 'out',
                target: connection.target,
              })
            }
            onReconnectEnd={() => {
              reconnecting.current = undefined;
            }}
          >
            <Panel position="top-center">
              <CanvasToolbar
                editable={canEdit}
                canUndo={undoable}
                canRedo={redoable}
                canAlign={several}
                canConnect={selection.nodes.length === 1}
                layingOut={layingOut}
                onCommand={runCommand}
                onAction={(id) => dispatchAction(id, undefined)}
                onAddNote={addNoteAtCentre}
              />
            </Panel>
          </WorkflowCanvas>
        </EdgeLabelEditingContext.Provider>
      </NoteEditingContext.Provider>
      {notice.element}
      {helpShown && (
        <Suspense fallback={null}>
          <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
      {keyboardConnect.picker}
    </section>
  );
}
