/** Autosave of the draft (debounced PUT with the expected draft revision): being built. */
export function useAutosave(): void {}
