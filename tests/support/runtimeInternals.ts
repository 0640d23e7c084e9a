// The runtime has no public entry yet (`@flowline/runtime` points at a missing src/index.ts) and
// its './testing' entry exports neither `createSqliteStore` nor `hashPassword`, so the e2e tests
// reach them by relative path: to create users before a process starts (there is no user-admin
// API) and to inspect the store after the processes stop. Replace with
// `import { createSqliteStore, hashPassword } from '@flowline/runtime/testing'` once exported.
import { join } from 'node:path';
import { createApprovalLinks, hashPassword } from '../../runtime/src/auth';
import { createSqliteStore, type Role, type Store } from '../../runtime/src/store';

export { createApprovalLinks, createSqliteStore, hashPassword, type Store };

/** Opens the store of a runtime data directory (same file name as the runtime's server.ts). */
export function openDataDirStore(dataDir: string): Promise<Store> {
  return createSqliteStore({ path: join(dataDir, 'flowline.db') });
}

export interface NewTestUser {
  readonly id: string;
  readonly email: string;
  readonly password: string;
  readonly roles: readonly Role[];
  readonly groups?: readonly string[];
}

/** Creates users directly in the store; call before the runtime starts on that data directory. */
export async function seedUsers(dataDir: string, users: readonly NewTestUser[]): Promise<void> {
  const store = await openDataDirStore(dataDir);
  try {
    for (const user of users) {
      // Memberships name existing groups only: the ones the test names are made for it.
      for (const group of user.groups ?? [])
        if (!(await store.getGroup(group)))
          await store.createGroup({ id: group, name: group, description: '', createdAt: Date.now() });
      await store.createUser({
        id: user.id,
        email: user.email,
        name: user.id,
        passwordHash: await hashPassword(user.password),
        roles: [...user.roles],
        groups: [...(user.groups ?? [])],
        disabled: false,
        createdAt: Date.now(),
      });
    }
  } finally {
    await store.close();
  }
}
