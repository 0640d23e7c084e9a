/** The test run's place in the bottom panel (choices, run, the step list): being built. */
export function TestRunPanel() {
  return <p className="problems__none">Test runs are being built.</p>;
}
