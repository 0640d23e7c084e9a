import { useEditorSession, useEditorUi } from '../editor/editorSession';
import type { BottomPanelTab } from '../editor/uiStore';
import { StatechartPanel } from '../testRun/StatechartPanel';
import { TestRunPanel } from '../testRun/TestRunPanel';
import { ProblemsPanel } from './ProblemsPanel';

const TABS: readonly { id: BottomPanelTab; label: string }[] = [
  { id: 'problems', label: 'Problems' },
  { id: 'testRun', label: 'Test run' },
  { id: 'statechart', label: 'Statechart' },
];

/** The panel below the canvas: problems, the test run's steps, the compiled statechart (tabs). */
export function BottomPanel() {
  const { ui } = useEditorSession();
  const tab = useEditorUi((state) => state.bottomPanel);
  const counts = useEditorUi((state) => state.problems);
  return (
    <section className="editor__problems panel" aria-label="Problems, test run and statechart">
      <div className="tabs" role="tablist" aria-label="Bottom panel">
        {TABS.map(({ id, label }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`bottom-tab-${id}`}
            aria-selected={tab === id}
            aria-controls={`bottom-panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            className="tabs__tab"
            onClick={() => ui.setState({ bottomPanel: id })}
          >
            {label}
            {id === 'problems' && counts && (
              <span className="panel__count">
                {counts.errors} {counts.errors === 1 ? 'error' : 'errors'}, {counts.warnings}{' '}
                {counts.warnings === 1 ? 'warning' : 'warnings'}
              </span>
            )}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`bottom-panel-${tab}`} aria-labelledby={`bottom-tab-${tab}`}>
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'testRun' && <TestRunPanel />}
        {tab === 'statechart' && <StatechartPanel />}
      </div>
    </section>
  );
}
