import { parseDefinition } from '@flowline/engine';
import { describe, expect, it } from 'vitest';
import {
  deactivatedText,
  emptyDefinition,
  idFromName,
  publicationState,
  relativeTime,
} from './workflowSummary';

describe('the workflow list', () => {
  it('names the publication state', () => {
    expect(publicationState({ latestVersion: null, unpublishedChanges: true })).toBe('draft');
    expect(
      publicationState({ latestVersion: { version: 2, publishedAt: 1 }, unpublishedChanges: false }),
    ).toBe('published');
    expect(
      publicationState({ latestVersion: { version: 2, publishedAt: 1 }, unpublishedChanges: true }),
    ).toBe('changed');
  });

  it('says when and by whom a workflow was deactivated: you, their name, or their id', () => {
    const at = Date.UTC(2026, 10, 29, 17, 41);
    expect(deactivatedText({ at, by: 'u1', byName: 'Dora' }, 'u1')).toMatch(
      /^Deactivated .* by you: nothing starts it$/,
    );
    expect(deactivatedText({ at, by: 'u2', byName: 'Dora' }, 'u1')).toMatch(/ by Dora: /);
    expect(deactivatedText({ at, by: 'u2' }, 'u1')).toMatch(/ by u2: /);
  });

  it('says when, relative to now', () => {
    const now = Date.UTC(2026, 0, 10, 12);
    expect(relativeTime(now - 10_000, now, 'en')).toBe('just now');
    expect(relativeTime(now - 3 * 3600_000, now, 'en')).toBe('3 hours ago');
    expect(relativeTime(now - 24 * 3600_000, now, 'en')).toBe('yesterday');
  });

  it('derives an id the engine accepts from any name', () => {
    expect(idFromName('Laptop request (EMEA)')).toBe('laptop-request-emea');
    expect(idFromName('  Café über  ')).toBe('cafe-uber');
    expect(idFromName('<script>alert(1)</script>')).toBe('script-alert-1-script');
    expect(idFromName('x'.repeat(100))).toHaveLength(64);
  });

  it('starts a new workflow as an empty document the engine can read', () => {
    const parsed = parseDefinition(emptyDefinition('laptop-request', 'Laptop request'));
    expect(parsed.ok).toBe(true);
  });
});
