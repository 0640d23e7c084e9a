import { afterEach, beforeEach } from 'vitest';
import type { Store } from '../port';
import type { Json } from '../schemas/common';

/** What an adapter's test hands the contract: a fresh, empty store per test. */
export interface StoreHarness {
  store: Store;
  cleanup: () => Promise<void>;
  /** A second store over the same data, as another process would open it. */
  openPeer?: () => Promise<Store>;
  /** Rewrites a stored history entry's data behind the store's back, to prove tampering shows. */
  tamperHistory?: (instanceId: string, seq: number, data: Json) => Promise<void>;
}

export interface StoreContractOptions {
  /** Shown in the suite title, e.g. 'sqlite'. */
  name: string;
  makeStore: () => Promise<StoreHarness>;
  /** Test title (the `it` sentence) → why this adapter cannot meet it. */
  skip?: Readonly<Record<string, string>>;
}

export interface ContractContext {
  readonly store: () => Store;
  readonly harness: () => StoreHarness;
  /** Opens a peer store (closed after the test), or skips the test when the adapter has none. */
  readonly peer: (skip: (note: string) => never) => Promise<Store>;
}

/** Registers the per-test set-up and tear-down and hands the suites their store. */
export function useContractContext(options: StoreContractOptions): ContractContext {
  let current: StoreHarness | undefined;
  let peers: Store[] = [];

  beforeEach(async ({ task, skip }) => {
    const reason = options.skip?.[task.name];
    if (reason !== undefined) skip(reason);
    current = await options.makeStore();
  });

  afterEach(async () => {
    for (const peer of peers) await peer.close();
    peers = [];
    const finished = current;
    current = undefined;
    if (finished) {
      await finished.store.close();
      await finished.cleanup();
    }
  });

  const harness = (): StoreHarness => {
    if (!current) throw new Error('The store harness is only available inside a test.');
    return current;
  };

  return {
    harness,
    store: () => harness().store,
    async peer(skip) {
      const open = harness().openPeer;
      if (!open) return skip('This adapter cannot open a second store over the same data.');
      const peer = await open();
      peers.push(peer);
      return peer;
    },
  };
}
