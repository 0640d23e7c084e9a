/** Where a client's events go: the open response. */
export interface LiveSink {
  /** Resolves when the text has gone to the connection (it waits while the client does not read). */
  write(text: string): Promise<void>;
  /** Closes the connection now, whatever is still buffered. */
  drop(): void;
  /** Calls back when the client goes away by itself. */
  onGone(listener: () => void): void;
}

export type LiveClientEnd = 'ended' | 'dropped' | 'gone';

/**
 * One open stream: a bounded queue the change poller fills without ever waiting, and a pump that
 * writes it at the client's pace. A client that lets more than `capacity` messages pile up is
 * dropped (its connection closed), so it never slows the runtime or anyone else.
 */
export class LiveClient {
  private queue: string[] = [];
  private wake: (() => void) | undefined;
  private writing = false;
  private outcome: LiveClientEnd | undefined;
  private resolveFinished!: (end: LiveClientEnd) => void;
  /** Settles once the client is over, saying how. */
  readonly finished = new Promise<LiveClientEnd>((resolve) => (this.resolveFinished = resolve));

  constructor(
    private readonly sink: LiveSink,
    private readonly capacity: number,
  ) {
    sink.onGone(() => this.finish('gone'));
  }

  get open(): boolean {
    return this.outcome === undefined;
  }

  /** Queues a message; past capacity the client is dropped instead. Never waits. */
  offer(text: string): void {
    if (this.outcome) return;
    if (this.queue.length >= this.capacity) {
      this.finish('dropped');
      return;
    }
    this.queue.push(text);
    this.wake?.();
  }

  /** Puts messages ahead of everything queued (what a resuming client missed), past capacity. */
  prepend(texts: readonly string[]): void {
    if (!this.outcome) this.queue.unshift(...texts);
  }

  /** Writes the queue until the client ends. */
  async pump(): Promise<void> {
    while (!this.outcome) {
      const text = this.queue.shift();
      if (text === undefined) {
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = undefined;
        continue;
      }
      this.writing = true;
      await this.sink.write(text);
      this.writing = false;
    }
  }

  /**
   * Ends the stream: `ended` (shutdown, revoked rights) lets the response finish when nothing is
   * being written, and closes it otherwise; `gone` is the client's own disconnect.
   */
  finish(how: LiveClientEnd): void {
    if (this.outcome) return;
    this.outcome = how;
    this.queue = [];
    if (how === 'dropped' || (how === 'ended' && this.writing)) this.sink.drop();
    this.wake?.();
    this.resolveFinished(how);
  }
}
