import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WorkflowDefinition } from '@flowline/engine';
import type { ChoiceSelections, TestRun } from '../model';
import type { EditorUiStore } from '../editor/uiStore';

/** The test run panel's state, kept per open workflow so switching bottom tabs does not lose it. */
export interface TestRunPanelState {
  /** The sample input as typed (undefined: not touched yet, samples from the form). */
  readonly input: Readonly<Record<string, unknown>> | undefined;
  readonly selections: ChoiceSelections | undefined;
  /** The last run, and the definition it ran (to say when the drawing changed since). */
  readonly last: { readonly run: TestRun; readonly definition: WorkflowDefinition } | undefined;
  /** Index of the step the user chose in the step list. */
  readonly currentStep: number | undefined;
  /** Steps whose details are open. */
  readonly expanded: readonly number[];
}

const states = new WeakMap<EditorUiStore, StoreApi<TestRunPanelState>>();

/** The panel state of the workflow whose view-state store this is (made on first use). */
export function testRunStateOf(ui: EditorUiStore): StoreApi<TestRunPanelState> {
  let store = states.get(ui);
  if (!store) {
    store = createStore<TestRunPanelState>()(() => ({
      input: undefined,
      selections: undefined,
      last: undefined,
      currentStep: undefined,
      expanded: [],
    }));
    states.set(ui, store);
  }
  return store;
}
