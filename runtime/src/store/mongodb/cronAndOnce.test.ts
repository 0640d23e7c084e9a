import { describe, expect, it } from 'vitest';
import { T0 } from '../contract/fixtures';
import {
  CRON_CURSORS,
  CRON_FIRES,
  ONCE_TOKENS,
  cronCollections,
  cronFireDocument,
  cursorKey,
  expiredBefore,
  onceTokenDocument,
  toCronCursor,
} from './cronAndOnce';
import { indexServing } from './indexCoverage';

const spec = (name: string) => cronCollections.find((collection) => collection.name === name)!;

describe('MongoDB cron fires and one-time tokens', () => {
  it('de-duplicates cron fires by a unique index on (workflowId, triggerId, scheduledAt)', () => {
    const fire = { workflowId: 'nightly', triggerId: 'cron-1', scheduledAt: T0 };
    expect(cronFireDocument(fire)).toEqual(fire);
    expect(spec(CRON_FIRES).indexes).toContainEqual(
      expect.objectContaining({ key: { workflowId: 1, triggerId: 1, scheduledAt: 1 }, unique: true }),
    );
  });

  it('keeps one cursor per trigger, found by its unique index', () => {
    expect(indexServing(spec(CRON_CURSORS), { filter: cursorKey('nightly', 'cron-1') })).toBe(
      'cron_cursor_per_trigger',
    );
    expect(spec(CRON_CURSORS).indexes[0]?.unique).toBe(true);
    expect(toCronCursor({ workflowId: 'w', triggerId: 't', nextDueAt: T0 })).toEqual({
      workflowId: 'w',
      triggerId: 't',
      nextDueAt: T0,
    });
  });

  it('stores a token with a Date for the TTL monitor and purges along that index', () => {
    const doc = onceTokenDocument({ namespace: 'approval-link', key: 'sig', expiresAt: T0 });
    expect(doc).toEqual({ namespace: 'approval-link', key: 'sig', expiresAt: T0, purgeAt: new Date(T0) });
    expect(expiredBefore(T0)).toEqual({ purgeAt: { $lt: new Date(T0) } });
    expect(indexServing(spec(ONCE_TOKENS), { filter: expiredBefore(T0) })).toBe('once_tokens_expire');
    expect(spec(ONCE_TOKENS).indexes).toContainEqual(
      expect.objectContaining({ key: { purgeAt: 1 }, expireAfterSeconds: 0 }),
    );
    expect(spec(ONCE_TOKENS).indexes).toContainEqual(
      expect.objectContaining({ key: { namespace: 1, key: 1 }, unique: true }),
    );
  });
});
