import { ChevronDown, ChevronRight, Info, Play, RotateCcw, X } from 'lucide-react';
import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEditor, useEditorSession } from '../editor/editorSession';
import { requestFocus } from '../editor/uiStore';
import {
  changedSinceRun,
  choicePoints,
  choicesFrom,
  commandLine,
  DEFAULT_START,
  elapsedLabel,
  inputErrors,
  mergeSampleInput,
  mergeSelections,
  revisitable,
  runSummary,
  runTest,
  stepNode,
  testPathOf,
  type ChoiceSelection,
  type TestRun,
  type TestRunStep,
} from '../model';
import { Alert } from '../ui/Alert';
import { Badge, type BadgeTone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { ChoiceField, InputField } from './TestRunFields';
import { testRunStateOf } from './testRunState';
import './testRun.css';

type FinishedRun = Extract<TestRun, { ok: true }>;

const OUTCOME_TONE: Record<string, BadgeTone> = {
  completed: 'success',
  rejected: 'warning',
  failed: 'danger',
  cancelled: 'neutral',
};

/**
 * A test run of the drawn workflow in the browser (the engine's runToEnd through the model's
 * runTest): sample input checked by the request form's validator, a choice per approval,
 * connector call, event wait and subworkflow, then the outcome, the path (drawn on the canvas
 * through `ui.testPath`) and each step's context and commands. Changes nothing in the document,
 * so a viewer may test-run too.
 */
export default function TestRunPanelBody() {
  const { ui, catalog } = useEditorSession();
  const definition = useEditor((state) => state.doc.definition);
  const panel = testRunStateOf(ui);
  const state = useStore(panel);

  const input = useMemo(
    () => mergeSampleInput(definition.input, state.input),
    [definition.input, state.input],
  );
  const selections = useMemo(
    () => mergeSelections(definition, catalog, state.selections),
    [definition, catalog, state.selections],
  );
  const points = useMemo(() => choicePoints(definition), [definition]);
  const loops = useMemo(() => revisitable(definition), [definition]);
  const errors = useMemo(() => inputErrors(definition.input, input), [definition.input, input]);
  const chosen = useMemo(() => choicesFrom(definition, input, selections), [definition, input, selections]);
  const nodeName = (id: string) => definition.nodes.find((n) => n.id === id)?.name ?? id;

  const setInput = (key: string, value: unknown) => {
    // A cleared field stays as a key with no value, so the sample does not come back.
    panel.setState({ input: { ...input, [key]: value } });
  };
  const setSelection = (nodeId: string, change: Partial<ChoiceSelection>) =>
    panel.setState({ selections: { ...selections, [nodeId]: { ...selections[nodeId]!, ...change } } });

  const inputOk = Object.keys(errors).length === 0;
  const run = () => {
    if (!inputOk || !chosen.ok) return;
    const result = runTest(definition, catalog, chosen.choices);
    panel.setState({ last: { run: result, definition }, currentStep: undefined, expanded: [] });
    ui.setState({ testPath: result.ok ? testPathOf(result) : undefined });
  };
  const reset = () => panel.setState({ input: undefined, selections: undefined });
  const clear = () => {
    panel.setState({ last: undefined, currentStep: undefined, expanded: [] });
    ui.setState({ testPath: undefined });
  };
  const chooseStep = (step: TestRunStep) => {
    const nodeId = stepNode(step);
    panel.setState({ currentStep: step.index });
    const path = ui.getState().testPath;
    if (path) ui.setState({ testPath: { ...path, ...(nodeId !== undefined ? { current: nodeId } : {}) } });
    if (nodeId !== undefined) requestFocus(ui, { nodeId });
  };
  const toggle = (index: number) =>
    panel.setState({
      expanded: state.expanded.includes(index)
        ? state.expanded.filter((i) => i !== index)
        : [...state.expanded, index],
    });

  const last = state.last;
  const stale = useMemo(
    () => last !== undefined && changedSinceRun(last.definition, definition),
    [last, definition],
  );

  return (
    <div className="testrun">
      <div className="testrun__bar">
        <Button variant="primary" icon={<Play size={16} aria-hidden="true" />} onClick={run}>
          Run test
        </Button>
        <Button variant="ghost" icon={<RotateCcw size={16} aria-hidden="true" />} onClick={reset}>
          Reset choices
        </Button>
        {last && (
          <Button variant="ghost" icon={<X size={16} aria-hidden="true" />} onClick={clear}>
            Clear result
          </Button>
        )}
        <span className="testrun__hint">
          Runs in your browser; timers are fast-forwarded, nothing is sent.
        </span>
      </div>
      <div className="testrun__columns">
        <section className="testrun__col" aria-labelledby="testrun-input">
          <h3 className="testrun__heading" id="testrun-input">
            Sample input
          </h3>
          {definition.input.length === 0 && <p className="testrun__muted">The request form has no fields.</p>}
          {definition.input.map((field) => (
            <InputField
              key={field.key}
              field={field}
              value={input[field.key]}
              error={errors[field.key]}
              onChange={(value) => setInput(field.key, value)}
            />
          ))}
          {errors[''] && <p className="field__error">{errors['']}</p>}
        </section>
        <section className="testrun__col" aria-labelledby="testrun-choices">
          <h3 className="testrun__heading" id="testrun-choices">
            Choices
          </h3>
          {points.length === 0 && (
            <p className="testrun__muted">
              Nothing to choose: the workflow has no approvals, calls or waits.
            </p>
          )}
          {points.map((point) => (
            <ChoiceField
              key={point.nodeId}
              point={point}
              selection={selections[point.nodeId]!}
              revisits={loops.has(point.nodeId)}
              error={chosen.ok ? undefined : chosen.errors[point.nodeId]}
              onChange={(change) => setSelection(point.nodeId, change)}
            />
          ))}
        </section>
        <section className="testrun__col testrun__col--result" aria-labelledby="testrun-result">
          <h3 className="testrun__heading" id="testrun-result">
            Result
          </h3>
          {!inputOk && <Alert>The request form refuses the sample input; the fields in red say why.</Alert>}
          {!chosen.ok && <Alert>A choice’s JSON does not parse; the choice marked in red says where.</Alert>}
          {!last && inputOk && (
            <p className="testrun__muted">Choose what happens at each step, then run the test.</p>
          )}
          {stale && (
            <p className="testrun__stale" role="status">
              <Info size={16} aria-hidden="true" /> The workflow changed since this run. Run it again to see
              the new path.
            </p>
          )}
          {last && !last.run.ok && (
            <Alert>
              {last.run.reason}.
              {last.run.problems.length > 0 && (
                <ul className="testrun__problems">
                  {last.run.problems.slice(0, 5).map((p) => (
                    <li key={p.key}>{p.message}</li>
                  ))}
                </ul>
              )}
            </Alert>
          )}
          {last?.run.ok && (
            <RunResult
              run={last.run}
              nodeName={nodeName}
              currentStep={state.currentStep}
              expanded={state.expanded}
              onChoose={chooseStep}
              onToggle={toggle}
            />
          )}
        </section>
      </div>
    </div>
  );
}

function RunResult({
  run,
  nodeName,
  currentStep,
  expanded,
  onChoose,
  onToggle,
}: {
  run: FinishedRun;
  nodeName: (id: string) => string;
  currentStep: number | undefined;
  expanded: readonly number[];
  onChoose: (step: TestRunStep) => void;
  onToggle: (index: number) => void;
}) {
  const path = testPathOf(run);
  return (
    <>
      <div className="testrun__summary" data-testid="test-run-summary">
        {run.finished && run.outcome ? (
          <Badge tone={OUTCOME_TONE[run.outcome] ?? 'neutral'}>{run.outcome}</Badge>
        ) : (
          <Badge tone="info">waiting</Badge>
        )}
        <span>{runSummary(run, nodeName)}</span>
      </div>
      {run.finished && hasOutput(run.output) && (
        <div className="testrun__output">
          <span className="testrun__sublabel">Output</span>
          <pre className="testrun__pre mono">{shortJson(run.output)}</pre>
        </div>
      )}
      <p className="testrun__path">
        <span className="testrun__sublabel">Path</span>{' '}
        {path.nodes.map((id, i) => (
          <span key={id}>
            {i > 0 && <span aria-hidden="true"> → </span>}
            <span data-path-node={id}>{nodeName(id)}</span>
          </span>
        ))}
      </p>
      <ol className="testrun__steps" aria-label="Steps">
        {run.steps.map((step) => {
          const open = expanded.includes(step.index);
          const current = currentStep === step.index;
          return (
            <li
              key={step.index}
              className={current ? 'testrun__step testrun__step--current' : 'testrun__step'}
              data-step={step.index}
            >
              <div className="testrun__step-head">
                <button
                  type="button"
                  className="testrun__toggle"
                  aria-expanded={open}
                  aria-label={`Details of step ${step.index + 1}`}
                  onClick={() => onToggle(step.index)}
                >
                  {open ? (
                    <ChevronDown size={16} aria-hidden="true" />
                  ) : (
                    <ChevronRight size={16} aria-hidden="true" />
                  )}
                </button>
                <button
                  type="button"
                  className="testrun__step-button"
                  aria-current={current ? 'step' : undefined}
                  onClick={() => onChoose(step)}
                >
                  <span className="testrun__step-no">{step.index + 1}</span>
                  <span className="testrun__step-text">{step.description}</span>
                  <span className="testrun__step-time">{elapsedLabel(step.at - DEFAULT_START)}</span>
                </button>
              </div>
              {open && <StepDetails step={step} nodeName={nodeName} />}
            </li>
          );
        })}
      </ol>
    </>
  );
}

/** Whether an end node gave output worth showing (not nothing, not an empty object). */
const hasOutput = (output: unknown) =>
  output !== null &&
  output !== undefined &&
  !(typeof output === 'object' && !Array.isArray(output) && Object.keys(output).length === 0);

/** JSON on one line when it is short, indented when not. */
const shortJson = (value: unknown) => {
  const line = JSON.stringify(value);
  return line.length <= 72 ? line : JSON.stringify(value, null, 2);
};

function StepDetails({ step, nodeName }: { step: TestRunStep; nodeName: (id: string) => string }) {
  const { input, vars, nodes, status, outcome } = step.context;
  return (
    <div className="testrun__details">
      <dl className="props">
        {step.entered.length > 0 && (
          <>
            <dt>Entered</dt>
            <dd>{step.entered.map(nodeName).join(', ')}</dd>
          </>
        )}
        <dt>Waiting at</dt>
        <dd>{step.waiting.length > 0 ? step.waiting.map(nodeName).join(', ') : 'nothing'}</dd>
        <dt>Status</dt>
        <dd>
          {status}
          {outcome ? ` (${outcome})` : ''}
        </dd>
        <dt>Commands</dt>
        <dd>
          {step.commands.length === 0 ? (
            'none'
          ) : (
            <ul className="testrun__commands">
              {step.commands.map((command, i) => (
                <li key={i} className="mono">
                  {commandLine(command, nodeName)}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <span className="testrun__sublabel">Context</span>
      <pre className="testrun__pre mono">{JSON.stringify({ input, vars, nodes }, null, 2)}</pre>
    </div>
  );
}
