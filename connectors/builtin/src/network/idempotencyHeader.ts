/**
 * The header that carries a job's idempotency key to remote systems. Few ITSM APIs de-duplicate on
 * it by themselves, but it lets their admins (business rules, audit logs) recognise a retried call.
 */
export const idempotencyHeader = 'X-Flowline-Idempotency-Key';
