/**
 * Test-only surface of the store, kept apart from index.ts because it imports vitest:
 * re-exported by the runtime's `./testing` entry for adapters written outside this folder.
 */
export { runStoreContract, type StoreContractOptions, type StoreHarness } from './contract';
export { T0, aJob, aStep, aTask, aUser, anInstance } from './contract/fixtures';
