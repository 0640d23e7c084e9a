import { verifyChain } from '../historyChain';
import type { HistoryStore } from '../port';
import type { Json } from '../schemas/common';
import type { HistoryEntry } from '../schemas/history';
import type { Row, SqlDatabase } from './database';
import { int, json, optional, text } from './rows';

const toEntry = (row: Row): HistoryEntry => ({
  instanceId: text(row, 'instance_id'),
  seq: int(row, 'seq'),
  at: int(row, 'at'),
  type: text(row, 'type'),
  ...optional('nodeId', row, 'node_id', text),
  ...optional('actor', row, 'actor', text),
  data: json<Json>(row, 'data'),
  ...optional('step', row, 'step', json<NonNullable<HistoryEntry['step']>>),
  prevHash: text(row, 'prev_hash'),
  hash: text(row, 'hash'),
});

export function sqliteHistory(db: SqlDatabase): HistoryStore {
  const readEntries = (instanceId: string): HistoryEntry[] =>
    db.all('SELECT * FROM history WHERE instance_id = :instanceId ORDER BY seq', { instanceId }).map(toEntry);
  return {
    async readHistory(instanceId) {
      return readEntries(instanceId);
    },
    async verifyHistory(instanceId) {
      return db.snapshot(() => {
        const head = db.get('SELECT history_seq, history_hash FROM instances WHERE id = :instanceId', {
          instanceId,
        });
        return verifyChain(
          readEntries(instanceId),
          head ? { seq: int(head, 'history_seq'), hash: text(head, 'history_hash') } : undefined,
        );
      });
    },
  };
}
