import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CatalogEntrySchema, toCatalogEntry } from '../catalog';
import type { AnyConnector } from '../defineConnector';
import { isActionId, isConnectorId, isVersion } from '../idRules';

export interface ConnectorContractOptions {
  /** Whether a `check()` ("test connection") is required. Default: when the connector has credentials. */
  readonly requireCheck?: boolean;
}

/**
 * The shared conformance suite every connector runs in its own tests: ids well formed and unique,
 * titles and descriptions present, every schema convertible to JSON Schema, inputs are forms
 * (objects), the catalog entry valid, `check()` present when expected.
 *
 * @example
 * // servicenow.test.ts
 * describeConnectorContract(servicenow);
 */
export function describeConnectorContract(
  connector: AnyConnector,
  options: ConnectorContractOptions = {},
): void {
  const requireCheck = options.requireCheck ?? connector.credentials.kind !== 'none';

  describe(`connector contract: ${connector.id}`, () => {
    it('has a kebab-case id, a title and an x.y.z version', () => {
      expect(isConnectorId(connector.id), `id "${connector.id}"`).toBe(true);
      expect(connector.title.trim()).not.toBe('');
      expect(isVersion(connector.version), `version "${connector.version}"`).toBe(true);
    });

    it('has unique camelCase action ids', () => {
      const ids = connector.actions.map((a) => a.id);
      expect(ids.filter((id) => !isActionId(id))).toEqual([]);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('gives every action a title, a description and a positive timeout', () => {
      for (const action of connector.actions) {
        expect(action.title.trim(), `${action.id}.title`).not.toBe('');
        expect(action.description.trim(), `${action.id}.description`).not.toBe('');
        expect(action.timeoutMs, `${action.id}.timeoutMs`).toBeGreaterThan(0);
      }
    });

    it('converts credentials and settings schemas to JSON Schema objects', () => {
      expect(z.toJSONSchema(connector.credentials.schema, { io: 'input' })).toMatchObject({ type: 'object' });
      expect(z.toJSONSchema(connector.settings, { io: 'input' })).toMatchObject({ type: 'object' });
    });

    for (const action of connector.actions) {
      it(`converts ${action.id}'s input (an object form) and output to JSON Schema`, () => {
        expect(z.toJSONSchema(action.input, { io: 'input' })).toMatchObject({ type: 'object' });
        expect(() => z.toJSONSchema(action.output, { io: 'output' })).not.toThrow();
      });
    }

    it('produces a valid catalog entry', () => {
      const entry = toCatalogEntry(connector);
      expect(CatalogEntrySchema.safeParse(entry).success).toBe(true);
    });

    it.runIf(requireCheck)('offers check() to test the connection', () => {
      expect(typeof connector.check).toBe('function');
    });
  });
}
