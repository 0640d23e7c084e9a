import { lazy, Suspense } from 'react';
import { Loading } from '../ui/Loading';

// The statechart compiles the definition on the main thread: loaded when the tab is first opened.
const StatechartPanelBody = lazy(() => import('./StatechartPanelBody'));

/** The bottom panel's compiled statechart tab (see StatechartPanelBody). */
export function StatechartPanel() {
  return (
    <Suspense fallback={<Loading label="Loading the statechart…" />}>
      <StatechartPanelBody />
    </Suspense>
  );
}
