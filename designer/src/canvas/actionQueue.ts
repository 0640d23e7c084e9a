/**
 * Runs the canvas's edits in the order they were asked for. An edit that waits for code loaded on
 * first use (`whenReady`) holds back every edit and undo asked for after it, so a quick Mod+D then
 * Delete on the first duplicate still deletes the copy. With nothing waiting, an edit runs at once.
 */
export type ActionQueue = (act: () => void, ready?: Promise<void>) => void;

export function createActionQueue(onFailure: (error: unknown) => void): ActionQueue {
  let tail: Promise<void> | undefined;
  return (act, ready) => {
    if (tail === undefined && ready === undefined) return act();
    const next = Promise.all([tail, ready])
      .then(() => act())
      .catch(onFailure);
    tail = next;
    void next.then(() => {
      if (tail === next) tail = undefined;
    });
  };
}
