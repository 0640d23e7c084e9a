/** Test helpers for the runtime: a runtime over a temp SQLite file with a manual clock. */
export { createTestRuntime, type TestRuntime } from './testRuntime';
export { createManualClock } from '../clock';
export { createCountingConnector } from './countingConnector';
export { createSqliteStore } from '../store';
export { hashPassword } from '../auth';
export { createConformanceChecker, observe, type ConformanceChecker } from './openapiConformance';
export { maria } from './users';
