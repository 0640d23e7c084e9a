import { lazy, Suspense, useCallback, useState, type ReactNode, type RefObject } from 'react';
import { useEditor } from '../editor/editorSession';
import { connectSource, type EditorStore } from '../model';
import type { ConnectPickerProps } from './ConnectPicker';

// The picker loads the first time "Connect…" is asked for (a modal: nothing to show before it).
const ConnectPicker = lazy(async () => ({ default: (await import('./ConnectPicker')).ConnectPicker }));

/**
 * "Connect…" (C, or the toolbar): the selected step's free exits picked from by keyboard. `open`
 * shows the picker, or says why it cannot (no single step selected, an end, every exit taken);
 * a connection made is said as news and focus goes back to the step.
 */
export function useKeyboardConnect(
  store: EditorStore,
  section: RefObject<HTMLElement | null>,
  say: (message: string, news?: boolean) => void,
): { open(): void; isOpen: boolean; picker: ReactNode } {
  const definition = useEditor((state) => state.doc.definition);
  const [connecting, setConnecting] = useState<ConnectPickerProps['source'] | undefined>();

  const open = useCallback(() => {
    const { doc } = store.getState();
    if (doc.selection.nodes.length !== 1) {
      say('Select one step to connect it (click it, or Tab to it and press Enter)');
      return;
    }
    const nodeId = doc.selection.nodes[0]!;
    const offer = connectSource(doc.definition, nodeId);
    if (!offer.ok) say(offer.reason);
    else setConnecting({ nodeId, name: offer.name, exits: offer.exits });
  }, [store, say]);

  const close = useCallback(
    (outcome?: { message: string; news: boolean }) => {
      const nodeId = connecting?.nodeId;
      setConnecting(undefined);
      if (outcome) say(outcome.message, outcome.news);
      // Back to the step it started from (or the canvas).
      requestAnimationFrame(() => {
        const node = nodeId
          ? section.current?.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`)
          : null;
        (node ?? section.current)?.focus({ preventScroll: true });
      });
    },
    [connecting, say, section],
  );

  const picker = connecting && (
    <Suspense fallback={null}>
      <ConnectPicker
        definition={definition}
        source={connecting}
        onClose={() => close()}
        onConnect={(sourceHandle, target) => {
          const exit = connecting.exits.find((e) => e.id === sourceHandle);
          store
            .getState()
            .dispatch('connect', { source: connecting.nodeId, sourceHandle, target: target.id });
          const refused = store.getState().refusal;
          const via = exit && exit.label !== 'Next' ? ` (${exit.label})` : '';
          close(
            refused !== undefined
              ? { message: refused, news: false }
              : { message: `Connected “${connecting.name}”${via} to “${target.name}”`, news: true },
          );
        }}
      />
    </Suspense>
  );
  return { open, isOpen: connecting !== undefined, picker };
}
