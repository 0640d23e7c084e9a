/** The compiled statechart's place in the bottom panel: being built. */
export function StatechartPanel() {
  return <p className="problems__none">The compiled statechart view is being built.</p>;
}
