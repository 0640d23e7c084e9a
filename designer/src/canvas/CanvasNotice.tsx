import { X } from 'lucide-react';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { EditorStore } from '../model';

/**
 * The canvas's notice (a live region): the store's refusal of an edit (the engine's reason), or
 * what the canvas says itself — a problem (stays until dismissed or the next edit) or news (a
 * keyboard connection made: it goes after a few seconds).
 */
export function useCanvasNotice(store: EditorStore): {
  say(message: string | undefined, news?: boolean): void;
  element: ReactNode;
} {
  const refusal = useStore(store, (state) => state.refusal);
  const [notice, setNotice] = useState<{ text: string; news: boolean } | undefined>();
  const say = useCallback((message: string | undefined, news = false) => {
    setNotice(message === undefined ? undefined : { text: message, news });
  }, []);
  useEffect(() => {
    if (refusal !== undefined) setNotice(undefined);
  }, [refusal]);
  useEffect(() => {
    if (!notice?.news) return;
    const timer = setTimeout(() => setNotice(undefined), 5000);
    return () => clearTimeout(timer);
  }, [notice]);
  const shown = notice?.text ?? refusal;
  const element = (
    <div className="canvas-notice" role="status" aria-live="polite">
      {shown !== undefined && (
        <div className={notice?.news ? 'canvas-notice__box canvas-notice__box--news' : 'canvas-notice__box'}>
          <span>{shown}</span>
          <button
            type="button"
            className="icon-btn"
            aria-label="Dismiss"
            title="Dismiss"
            onClick={() => {
              setNotice(undefined);
              store.setState({ refusal: undefined });
            }}
          >
            <X size={14} aria-hidden="true" />
          </button>
        </div>
      )}
    </div>
  );
  return { say, element };
}
