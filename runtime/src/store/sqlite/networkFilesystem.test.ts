import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStoreError } from '../errors';
import { mountTypeOf, parseMounts, refuseNetworkFilesystem } from './networkFilesystem';

const procMounts = [
  '/dev/sda1 / ext4 rw,relatime 0 0',
  'server:/export /mnt/shared nfs4 rw,vers=4.2 0 0',
  '//nas/data /mnt/nas cifs rw 0 0',
  'user@host:/home /mnt/remote\\040home fuse.sshfs rw 0 0',
  'tmpfs /mnt/shared/local tmpfs rw 0 0',
].join('\n');

describe('network filesystem guard', () => {
  const mounts = parseMounts(procMounts);

  it('finds the mount holding a directory by longest mount point', () => {
    expect(mountTypeOf(mounts, '/var/lib/flowline')).toBe('ext4');
    expect(mountTypeOf(mounts, '/mnt/shared/data')).toBe('nfs4');
    expect(mountTypeOf(mounts, '/mnt/shared/local/db')).toBe('tmpfs');
    expect(mountTypeOf(mounts, '/mnt/sharedness')).toBe('ext4');
  });

  it('decodes escaped spaces in mount points', () => {
    expect(mountTypeOf(mounts, '/mnt/remote home/x')).toBe('fuse.sshfs');
  });

  it.each([
    ['/mnt/shared/db', 'nfs4'],
    ['/mnt/nas/db', 'cifs'],
    ['/mnt/remote home/db', 'fuse.sshfs'],
  ])('refuses a data directory on a network filesystem (%s)', (directory, fsType) => {
    const dir = mkdtempSync(join(tmpdir(), 'flowline-mounts-'));
    try {
      const file = join(dir, 'mounts');
      writeFileSync(file, procMounts);
      let thrown: unknown;
      try {
        refuseNetworkFilesystem(directory, file);
      } catch (error) {
        thrown = error;
      }
      expect(isStoreError(thrown, 'NETWORK_FILESYSTEM')).toBe(true);
      expect(String(thrown)).toContain(fsType);
      expect(() => refuseNetworkFilesystem('/var/lib/flowline', file)).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
