/** The abort signal and deadline of one attempt, and a promise that rejects when it aborts. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  readonly deadline: Date;
  /** Rejects with the abort reason; lets us stop waiting for a `run` that ignores its signal. */
  readonly aborted: Promise<never>;
  dispose(): void;
}

/**
 * Combines the action's timeout, the runtime's deadline (whichever is earlier) and the runtime's
 * cancel signal. A timeout aborts with a `TimeoutError`, a cancel with the caller's reason.
 */
export function createAttemptSignal(options: {
  readonly timeoutMs: number;
  readonly deadline?: Date;
  readonly signal?: AbortSignal;
  readonly now: () => number;
}): AttemptSignal {
  const start = options.now();
  const deadlineAt = Math.min(
    start + options.timeoutMs,
    options.deadline?.getTime() ?? Number.POSITIVE_INFINITY,
  );
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The attempt reached its deadline', 'TimeoutError')),
    Math.max(0, deadlineAt - start),
  );
  const onCancel = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) onCancel();
  else options.signal?.addEventListener('abort', onCancel, { once: true });
  const aborted = new Promise<never>((_resolve, reject) => {
    if (controller.signal.aborted) reject(controller.signal.reason);
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  // Nobody may be listening when the attempt finishes first; that must not be an unhandled rejection.
  aborted.catch(() => undefined);
  return {
    signal: controller.signal,
    deadline: new Date(deadlineAt),
    aborted,
    dispose() {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCancel);
    },
  };
}
