/**
 * What auth needs of time: one reading in epoch milliseconds. Structurally the same as the runtime's
 * clock, so either can be passed; tests pass a manual one instead of sleeping.
 */
export interface Clock {
  now(): number;
}
