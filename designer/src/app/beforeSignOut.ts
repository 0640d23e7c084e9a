/**
 * Work that must finish while the session still holds (an editor's unsaved draft): signing out
 * waits for it, so a pending save does not arrive after the cookie is gone and get refused.
 */
const pending = new Set<() => Promise<void>>();

/** Registers work to run before signing out; returns its removal. */
export function beforeSignOut(work: () => Promise<void>): () => void {
  pending.add(work);
  return () => pending.delete(work);
}

/** Runs every registered piece of work; a failure does not stop the sign-out. */
export async function runBeforeSignOut(): Promise<void> {
  await Promise.allSettled([...pending].map((work) => work()));
}
