import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readConfig } from '../config';
import { databaseInUri, mongoSettings, openStore } from './openStore';

const URI = 'mongodb://db1:27017,db2:27017,db3:27017/ops?replicaSet=rs0&tls=true';

describe('store selection', () => {
  it('keeps SQLite the default store', () => {
    expect(loadConfig({}).store).toBe('sqlite');
  });

  it('refuses FLOWLINE_STORE=mongodb without FLOWLINE_MONGODB_URI, saying what to set', () => {
    expect(() => loadConfig({ FLOWLINE_STORE: 'mongodb' })).toThrow(ConfigError);
    expect(() => loadConfig({ FLOWLINE_STORE: 'mongodb' })).toThrow(
      /mongodbUri: FLOWLINE_STORE=mongodb needs FLOWLINE_MONGODB_URI, the URI of a replica set/,
    );
    expect(() => loadConfig({ FLOWLINE_STORE: 'postgres' })).toThrow(/FLOWLINE_STORE/);
  });

  it('reads the MongoDB settings from their variables, none of them warned about as unknown', () => {
    const { config, warnings } = readConfig({
      FLOWLINE_STORE: 'mongodb',
      FLOWLINE_MONGODB_URI: URI,
      FLOWLINE_MONGODB_DATABASE: 'flowline_prod',
      FLOWLINE_MONGODB_WRITE_CONCERN: '2',
      FLOWLINE_MONGODB_JOURNAL: 'false',
      FLOWLINE_MONGODB_READ_CONCERN: 'local',
      FLOWLINE_MONGODB_WTIMEOUT_MS: '5000',
    });
    expect(warnings).toEqual([]);
    expect(mongoSettings(config)).toEqual({
      uri: URI,
      database: 'flowline_prod',
      consistency: { writeConcern: { w: 2, j: false, wtimeoutMS: 5000 }, readConcern: 'local' },
    });
    expect(() => loadConfig({ FLOWLINE_MONGODB_WRITE_CONCERN: 'all' })).toThrow(
      /FLOWLINE_MONGODB_WRITE_CONCERN: must be 'majority' or a number of members/,
    );
  });

  it('defaults to majority writes with the journal, majority reads, and the database the URI names', () => {
    const config = loadConfig({ FLOWLINE_STORE: 'mongodb', FLOWLINE_MONGODB_URI: URI });
    expect(mongoSettings(config)).toEqual({
      uri: URI,
      database: 'ops',
      consistency: { writeConcern: { w: 'majority', j: true }, readConcern: 'majority' },
    });
    const bare = loadConfig({
      FLOWLINE_STORE: 'mongodb',
      FLOWLINE_MONGODB_URI: 'mongodb+srv://c.example.net/',
    });
    expect(mongoSettings(bare).database).toBe('flowline');
  });

  it('finds the database a URI names', () => {
    expect(databaseInUri('mongodb://a,b/x?replicaSet=rs0')).toBe('x');
    expect(databaseInUri('mongodb+srv://user:p%40ss@cluster0.example.net/my%20db')).toBe('my db');
    expect(databaseInUri('mongodb://a:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseInUri('mongodb://a:27017')).toBeUndefined();
    expect(databaseInUri('mongodb://a:27017?replicaSet=rs0')).toBeUndefined();
  });

  it('opens SQLite in the data directory when it is chosen', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'flowline-open-'));
    try {
      const store = await openStore(loadConfig({ FLOWLINE_DATA_DIR: dataDir }));
      await store.checkWritable(1);
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
