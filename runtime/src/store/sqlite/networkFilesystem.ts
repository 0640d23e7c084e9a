import { readFileSync } from 'node:fs';
import { StoreError } from '../errors';

// SQLite's locking relies on POSIX advisory locks and shared memory (WAL), which these
// filesystems implement unreliably or not at all: two writers could corrupt the database.
const NETWORK_FILESYSTEMS = new Set([
  'nfs',
  'nfs4',
  'cifs',
  'smb',
  'smbfs',
  'smb2',
  'smb3',
  'afs',
  '9p',
  'ncpfs',
  'davfs',
  'ceph',
  'glusterfs',
  'lustre',
  'gpfs',
  'fuse.sshfs',
  'sshfs',
  'fuse.glusterfs',
  'fuse.cephfs',
  'fuse.s3fs',
  'fuse.rclone',
  'fuse.davfs',
]);

interface Mount {
  mountPoint: string;
  fsType: string;
}

// /proc/mounts escapes space, tab, newline and backslash as three-digit octal.
const unescapeMountField = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));

export function parseMounts(procMounts: string): Mount[] {
  return procMounts
    .split('\n')
    .map((line) => line.split(' '))
    .filter((fields) => fields.length >= 3)
    .map((fields) => ({ mountPoint: unescapeMountField(fields[1] ?? ''), fsType: fields[2] ?? '' }));
}

/** The filesystem type of the mount holding `directory` (an absolute, symlink-free path). */
export function mountTypeOf(mounts: readonly Mount[], directory: string): string | undefined {
  let best: Mount | undefined;
  for (const mount of mounts) {
    const root = mount.mountPoint.endsWith('/') ? mount.mountPoint : `${mount.mountPoint}/`;
    const inside = directory === mount.mountPoint || `${directory}/`.startsWith(root);
    // Later lines win on ties: they are mounted over the earlier ones.
    if (inside && (!best || mount.mountPoint.length >= best.mountPoint.length)) best = mount;
  }
  return best?.fsType;
}

export const isNetworkFilesystem = (fsType: string): boolean =>
  NETWORK_FILESYSTEMS.has(fsType) || fsType.startsWith('nfs') || fsType.startsWith('smb');

/** Throws NETWORK_FILESYSTEM; does nothing where /proc/mounts does not exist (not Linux). */
export function refuseNetworkFilesystem(directory: string, procMountsPath = '/proc/mounts'): void {
  let procMounts: string;
  try {
    procMounts = readFileSync(procMountsPath, 'utf8');
  } catch {
    return;
  }
  const fsType = mountTypeOf(parseMounts(procMounts), directory);
  if (fsType !== undefined && isNetworkFilesystem(fsType)) {
    throw new StoreError(
      'NETWORK_FILESYSTEM',
      `Refusing to open the SQLite database in ${directory}: it is on a network filesystem (${fsType}), ` +
        'where SQLite locking is unreliable and the database can be corrupted. ' +
        'Use a local disk, or the MongoDB store for shared storage.',
    );
  }
}
