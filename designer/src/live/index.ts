export { parseLiveEvent, type InstanceEvent, type LiveEvent, type TaskEvent } from './liveEvents';
export { keysToInvalidate, mergeKeys, QUERY_ROOTS } from './queryKeys';
export { useLiveEvent, useLiveStatus, useLiveUpdates, type LiveStatus } from './useLiveUpdates';
