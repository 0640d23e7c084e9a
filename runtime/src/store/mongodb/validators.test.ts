import { Ajv, type AnySchema } from 'ajv';
import type { Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { T0, aJob, aTask, aUser } from '../contract/fixtures';
import type { CollectionSpec } from './context';
import { cronCollections, cronFireDocument, onceTokenDocument } from './cronAndOnce';
import { groupCollections, groupDocument } from './groups';
import { healthCollections } from './health';
import { jobCollections, jobDocument } from './jobs';
import { secretCollections, secretDocument } from './secrets';
import { taskDocument, timerDocument } from './recordDocuments';
import { decideUpdate, delegateUpdate } from './taskDocuments';
import { taskCollections } from './tasks';
import { timerCollections } from './timers';
import { apiTokenDocument, sessionDocument, userFields } from './userDocuments';
import { userCollections } from './users';

// MongoDB's $jsonSchema is draft 4 plus `bsonType`: ajv checks the rest, this keyword the BSON types
// as the driver would serialise these JavaScript values. A validator that refused what the adapter
// writes would fail every write in production, so each is tried on the documents the builders make.
const BSON: Record<string, (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string',
  int: (value) => Number.isInteger(value),
  long: (value) => Number.isInteger(value),
  double: (value) => typeof value === 'number',
  bool: (value) => typeof value === 'boolean',
  object: (value) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date),
  array: Array.isArray,
  date: (value) => value instanceof Date,
};

function validatorOf(specs: readonly CollectionSpec[], name: string) {
  const spec = specs.find((candidate) => candidate.name === name && candidate.validator);
  const ajv = new Ajv({ strict: true, strictTypes: false, allErrors: true });
  ajv.addKeyword({
    keyword: 'bsonType',
    validate: (types: string | string[], value: unknown) =>
      [types].flat().some((type) => {
        const check = BSON[type];
        if (!check) throw new Error(`Unknown bsonType ${type}`);
        return check(value);
      }),
  });
  return ajv.compile((spec!.validator as Document)['$jsonSchema'] as AnySchema);
}

const cases: [string, readonly CollectionSpec[], string, Document[], Document][] = [
  [
    'jobs',
    jobCollections,
    'jobs',
    [
      jobDocument(aJob({ connection: 'c', maxAttempts: 3 })),
      { ...jobDocument(aJob(), { leaseOwner: 'w', leaseToken: 't', leaseExpiresAt: T0 }), result: '{}' },
    ],
    { ...jobDocument(aJob()), status: 'lost' },
  ],
  [
    'timers',
    timerCollections,
    'timers',
    [timerDocument({ id: 't', instanceId: 'i', timerId: 'x', fireAt: T0 })],
    { _id: 't' },
  ],
  [
    'tasks',
    taskCollections,
    'tasks',
    [
      taskDocument(aTask({ dueAt: T0 }), { workflowId: 'w', version: 1 }),
      {
        ...taskDocument(aTask()),
        ...decideUpdate({ outcome: 'ok', by: 'u', at: T0, comment: 'c', form: { a: 1 } }).$set,
        ...delegateUpdate({ from: { type: 'user', id: 'a' }, to: { type: 'group', id: 'g' } }).$set,
      },
    ],
    { ...taskDocument(aTask()), assignee: { type: 'team', id: 'x' } },
  ],
  [
    'cron fires',
    cronCollections,
    'cronFires',
    [cronFireDocument({ workflowId: 'w', triggerId: 't', scheduledAt: T0 })],
    { workflowId: 'w', triggerId: 't', scheduledAt: 'now' },
  ],
  [
    'cron cursors',
    cronCollections,
    'cronCursors',
    [{ workflowId: 'w', triggerId: 't', nextDueAt: T0 }],
    { workflowId: 'w' },
  ],
  [
    'once tokens',
    cronCollections,
    'onceTokens',
    [onceTokenDocument({ namespace: 'n', key: 'k', expiresAt: T0 })],
    { namespace: 'n', key: 'k', expiresAt: T0, purgeAt: T0 },
  ],
  [
    'users',
    userCollections,
    'users',
    [
      { ...userFields(aUser({ mustChangePassword: true })), memberships: [{ group: 'cab', seq: 1 }] },
      { ...userFields(aUser()), memberships: [] },
      { ...userFields(aUser({ roles: ['requester'] })), memberships: [] },
    ],
    { ...userFields(aUser()), memberships: ['cab'] },
  ],
  [
    'sessions',
    userCollections,
    'sessions',
    [sessionDocument({ id: 's', userId: 'u', expiresAt: T0 })],
    { _id: 's', userId: 'u' },
  ],
  [
    'API tokens',
    userCollections,
    'apiTokens',
    [
      apiTokenDocument({
        id: 't',
        tokenHash: 'h',
        name: 'CI',
        userId: 'u',
        roles: ['viewer'],
        createdAt: T0,
        lastUsedAt: T0,
      }),
    ],
    {
      ...apiTokenDocument({ id: 't', tokenHash: 'h', name: 'CI', userId: 'u', roles: [], createdAt: T0 }),
      roles: ['root'],
    },
  ],
  [
    'groups',
    groupCollections,
    'groups',
    [groupDocument({ id: 'cab', name: 'CAB', description: '', createdAt: T0 })],
    { _id: 'cab', name: 'CAB', description: '', createdAt: T0 },
  ],
  [
    'secrets',
    secretCollections,
    'secrets',
    [
      secretDocument({
        id: 's',
        name: 'n',
        connectorId: 'c',
        ciphertext: { keyId: 'k', iv: 'i', data: 'd', tag: 't' },
        createdAt: T0,
        updatedAt: T0,
      }),
    ],
    { _id: 's', name: 'n', connectorId: 'c', ciphertext: 'plain', createdAt: T0, updatedAt: T0 },
  ],
  ['health', healthCollections, 'health', [{ _id: 'writable', at: T0 }], { _id: 'writable' }],
];

describe('MongoDB validators of this branch’s collections', () => {
  it.each(cases)(
    '%s: accepts what the adapter writes and refuses a broken document',
    (_, specs, name, good, bad) => {
      const validate = validatorOf(specs, name);
      for (const doc of good) expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(validate(bad)).toBe(false);
    },
  );
});
