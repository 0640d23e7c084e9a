import { lazy, Suspense } from 'react';
import { Loading } from '../ui/Loading';

// The test run runs the engine's compiler and simulator on the main thread: loaded when the tab
// is first opened, not with the editor.
const TestRunPanelBody = lazy(() => import('./TestRunPanelBody'));

/** The bottom panel's test run tab (see TestRunPanelBody). */
export function TestRunPanel() {
  return (
    <Suspense fallback={<Loading label="Loading the test run…" />}>
      <TestRunPanelBody />
    </Suspense>
  );
}
