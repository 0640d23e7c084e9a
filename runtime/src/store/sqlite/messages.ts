import { randomUUID } from 'node:crypto';
import type { MessageBufferStore } from '../port';
import type { StoreEffect } from '../schemas/effect';
import type { BufferedMessage } from '../schemas/message';
import type { Row, SqlDatabase } from './database';
import { int, json, optional, text, toJsonText } from './rows';
import type { Writes } from './writeQueue';

const toMessage = (row: Row): BufferedMessage => ({
  id: text(row, 'id'),
  event: text(row, 'event'),
  correlationKey: text(row, 'correlation_key'),
  ...optional('workflowId', row, 'workflow_id', text),
  payload: json(row, 'payload'),
  bufferedAt: int(row, 'buffered_at'),
  expiresAt: int(row, 'expires_at'),
  ...optional('reservedFor', row, 'reserved_for', text),
  ...optional('reservedAt', row, 'reserved_at', int),
  ...optional('reservationToken', row, 'reservation_token', text),
  ...optional('takenAt', row, 'taken_at', int),
});

type Take = Extract<StoreEffect, { type: 'message.take' }>;

/** The reservation a take names, while it is current: reserved for the run under the token, not taken. */
const CURRENT_RESERVATION = `id = :id AND reserved_for = :instanceId AND reservation_token = :token
  AND taken_at IS NULL`;

/**
 * Whether every take of a step can apply: read inside the step's transaction before anything of
 * the step is written (commitSteps.ts), so a step whose take lost its reservation writes nothing.
 */
export function takesCurrent(db: SqlDatabase, effects: readonly StoreEffect[] | undefined): boolean {
  return (effects ?? []).every(
    (effect) =>
      effect.type !== 'message.take' ||
      db.get(`SELECT 1 AS current FROM buffered_messages WHERE ${CURRENT_RESERVATION}`, {
        id: effect.id,
        instanceId: effect.instanceId,
        token: effect.token,
      }) !== undefined,
  );
}

/** The take, inside the step's transaction (effects.ts): under the current reservation, once. */
export function takeMessageRow(db: SqlDatabase, take: Take): boolean {
  const { id, instanceId, token, at } = take;
  return (
    db.run(`UPDATE buffered_messages SET taken_at = :at WHERE ${CURRENT_RESERVATION}`, {
      id,
      instanceId,
      token,
      at,
    }) > 0
  );
}

/** Free, unexpired messages for this event and key that the asking run's workflow may take. */
const RESERVABLE = `event = :event AND correlation_key = :correlationKey AND reserved_for IS NULL
  AND expires_at > :now AND (workflow_id IS NULL OR workflow_id = :workflowId)`;

export function sqliteMessages(db: SqlDatabase, writes: Writes): MessageBufferStore {
  const read = (id: string) => {
    const row = db.get('SELECT * FROM buffered_messages WHERE id = :id', { id });
    return row ? toMessage(row) : null;
  };
  return {
    async bufferMessage(message) {
      return writes.run(() => {
        const inserted = db.run(
          `INSERT INTO buffered_messages (id, event, correlation_key, workflow_id, payload, buffered_at, expires_at)
           VALUES (:id, :event, :correlationKey, :workflowId, :payload, :bufferedAt, :expiresAt)
           ON CONFLICT (id) DO NOTHING`,
          {
            id: message.id,
            event: message.event,
            correlationKey: message.correlationKey,
            workflowId: message.workflowId ?? null,
            payload: toJsonText(message.payload),
            bufferedAt: message.bufferedAt,
            expiresAt: message.expiresAt,
          },
        );
        const stored = read(message.id);
        if (!stored) throw new Error(`Buffered message ${message.id} vanished while it was written`);
        return { message: stored, created: inserted > 0 };
      });
    },

    async getBufferedMessage(id) {
      return read(id);
    },

    async reserveBufferedMessage({ event, correlationKey, workflowId, instanceId, now }) {
      const params = { event, correlationKey, workflowId, now };
      // Most runs that start waiting find nothing kept: a read, not a write transaction, says so.
      if (!db.get(`SELECT 1 AS found FROM buffered_messages WHERE ${RESERVABLE} LIMIT 1`, params))
        return null;
      // One statement under the write lock: the select and the reservation cannot be split.
      const row = await writes.run(() =>
        db.get(
          `UPDATE buffered_messages SET reserved_for = :instanceId, reserved_at = :now, reservation_token = :token
           WHERE seq = (SELECT seq FROM buffered_messages WHERE ${RESERVABLE} ORDER BY buffered_at, seq LIMIT 1)
           RETURNING *`,
          { ...params, instanceId, token: randomUUID() },
        ),
      );
      return row ? toMessage(row) : null;
    },

    async releaseBufferedMessage(id, instanceId, token) {
      // Steps commit in the same write lock: a take either committed before (then this finds the
      // message taken) or will find the token gone and be refused.
      return writes.run(
        () =>
          db.run(
            `UPDATE buffered_messages SET reserved_for = NULL, reserved_at = NULL, reservation_token = NULL
             WHERE ${CURRENT_RESERVATION}`,
            { id, instanceId, token },
          ) > 0,
      );
    },

    async listStaleReservations({ reservedBefore, limit }) {
      return db
        .all(
          `SELECT * FROM buffered_messages
           WHERE reserved_for IS NOT NULL AND taken_at IS NULL AND reserved_at < :reservedBefore
           ORDER BY reserved_at, seq LIMIT :limit`,
          { reservedBefore, limit },
        )
        .map(toMessage);
    },

    async purgeExpiredMessages(now, limit) {
      return writes.run(() =>
        db.run(
          `DELETE FROM buffered_messages WHERE seq IN (
             SELECT seq FROM buffered_messages
             WHERE expires_at <= :now AND (reserved_for IS NULL OR taken_at IS NOT NULL)
             ORDER BY expires_at LIMIT :limit)`,
          { now, limit },
        ),
      );
    },
  };
}
