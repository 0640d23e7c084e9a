import { describe, expect, it } from 'vitest';
import type { InstanceFilter } from '../schemas/instance';
import type { ContractContext } from './context';
import { T0, aStep, anInstance } from './fixtures';

export function describeBusinessKeys({ store }: ContractContext): void {
  describe('business keys', () => {
    const start = async (id: string, businessKey: string | undefined, at: number) =>
      store().createInstance(
        anInstance({ id, createdAt: at, updatedAt: at, ...(businessKey ? { businessKey } : {}) }),
        { history: [] },
      );
    const listed = async (filter: InstanceFilter) =>
      (await store().listInstances(filter, { limit: 10 })).items.map((instance) => instance.id);

    it('keeps a run business key through its steps, in the instance and its summary', async () => {
      await start('inc', 'INC0012345', T0);
      await start('plain', undefined, T0 + 1);
      await store().commitSteps([aStep({ instanceId: 'inc' })]);
      expect((await store().getInstance('inc'))?.businessKey).toBe('INC0012345');
      const [plain, inc] = (await store().listInstances({}, { limit: 10 })).items;
      expect(inc?.businessKey).toBe('INC0012345');
      expect(plain).not.toHaveProperty('businessKey');
    });

    it('finds runs by their exact key, newest first, and by a prefix of it', async () => {
      await start('a', 'INC0012345', T0);
      await start('b', 'INC0012399', T0 + 1);
      await start('c', 'INC0013000', T0 + 2);
      await start('d', 'inc0012345', T0 + 3);
      await start('e', 'INC00123', T0 + 4);
      await start('none', undefined, T0 + 5);
      expect(await listed({ businessKey: 'INC0012345' })).toEqual(['a']);
      expect(await listed({ businessKey: 'INC001' })).toEqual([]);
      // A prefix is case-sensitive and includes the key equal to it.
      expect(await listed({ businessKeyPrefix: 'INC00123' })).toEqual(['e', 'b', 'a']);
      expect(await listed({ businessKeyPrefix: 'INC0012399' })).toEqual(['b']);
      expect(await listed({ businessKeyPrefix: 'x' })).toEqual([]);
      expect(await listed({ businessKeyPrefix: 'INC', status: 'completed' })).toEqual([]);
      expect(await store().countInstances({ businessKeyPrefix: 'INC001' })).toBe(4);
      expect(await store().countInstances({ businessKey: 'inc0012345' })).toBe(1);
    });

    it('pages through the runs with a key prefix', async () => {
      for (let n = 0; n < 5; n += 1) await start(`r${n}`, `REQ-${n}`, T0 + n);
      const first = await store().listInstances({ businessKeyPrefix: 'REQ-' }, { limit: 3 });
      expect(first.items.map((i) => i.id)).toEqual(['r4', 'r3', 'r2']);
      const rest = await store().listInstances(
        { businessKeyPrefix: 'REQ-' },
        { limit: 3, cursor: first.nextCursor! },
      );
      expect(rest.items.map((i) => i.id)).toEqual(['r1', 'r0']);
    });

    it('compares keys beyond the ASCII range as stored', async () => {
      await start('jose', 'josé.garcía@example.com', T0);
      await start('josf', 'josf@example.com', T0 + 1);
      expect(await listed({ businessKeyPrefix: 'josé' })).toEqual(['jose']);
      expect(await listed({ businessKeyPrefix: 'jos' })).toEqual(['josf', 'jose']);
    });
  });
}
