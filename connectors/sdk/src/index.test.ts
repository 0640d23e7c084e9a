import { describe, expect, it } from 'vitest';
import * as sdk from './index';
import * as testing from './testing/index';

// The sketch in LAYOUT 10.5, written against the public entry points only.
describe('public entry points', () => {
  it('exports the authoring, runtime and testing surface', () => {
    for (const name of [
      'defineConnector',
      'defineAction',
      'credential',
      'retryable',
      'permanent',
      'executeAction',
      'toCatalogEntry',
      'createRedactor',
      'createSafeHttpClient',
      'createSsrfGuard',
    ] as const) {
      expect(typeof sdk[name], name).not.toBe('undefined');
    }
    expect(Object.keys(testing).sort()).toEqual([
      'createTestContext',
      'describeConnectorContract',
      'runAction',
      'startHttpPeer',
    ]);
  });
});
