export { createLiveUpdates, type LiveUpdates } from './liveUpdates';
export { LiveLimitsSchema, type LiveLimits } from './liveLimits';
export { viewerOf, type Viewer } from './viewer';
export type { LiveSink, LiveClientEnd } from './liveClient';
