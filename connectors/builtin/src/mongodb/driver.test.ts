import { describe, expect, it } from 'vitest';
import { mongoDriver } from './driver';

// That nothing else imports the driver eagerly is checked in ../lazyPackages.test.ts.
describe('the MongoDB driver', () => {
  it('loads once, on first use', async () => {
    const first = mongoDriver();
    expect(mongoDriver()).toBe(first);
    expect(typeof (await first).MongoClient).toBe('function');
  });
});
