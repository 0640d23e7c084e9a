import { isStoreError } from './store';

const ERRNO: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the filesystem is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EADDRINUSE: 'the address is already in use',
  EADDRNOTAVAIL: 'the address is not available on this machine',
};

/**
 * A start that failed for a reason an operator can fix (a full or read-only disk, a taken port),
 * as one sentence instead of a stack; undefined for anything else (a bug: the stack helps then).
 */
export function describeStartFailure(error: unknown): string | undefined {
  if (isStoreError(error)) return error.message;
  const { code, path, address, port } = (error ?? {}) as NodeJS.ErrnoException & {
    address?: string;
    port?: number;
  };
  if (typeof code !== 'string' || ERRNO[code] === undefined) return undefined;
  if (code === 'EADDRINUSE' || code === 'EADDRNOTAVAIL')
    return `Cannot listen on ${address ?? 'the host'}:${port ?? '?'}: ${ERRNO[code]} (FLOWLINE_HOST, FLOWLINE_PORT).`;
  return `Cannot start: ${path ? `cannot write ${path}: ` : ''}${ERRNO[code]} (${code}).`;
}
