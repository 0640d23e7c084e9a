export { RetentionConfigSchema, type RetentionConfig } from './retentionConfig';
export { createRetentionService, type RetentionService, type RetentionRun } from './retentionService';
export { ArchiveRecordSchema, type ArchiveRecord } from './archiveRecord';
export type { PassOutcome } from './pruneRun';
export { RetentionError } from './retentionError';
