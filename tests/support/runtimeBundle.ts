import { join, resolve } from 'node:path';
import { ensureRuntimeBundle } from '../../deploy/ensureRuntimeBundle';

/**
 * The runtime bundle `pnpm start` runs (runtime/dist/main.mjs), bundled again only when its
 * sources changed; or one in `outdir`, which must lie inside runtime/ so that the packages the
 * bundle leaves outside resolve from runtime/node_modules. Returns the path of its main.mjs, for
 * startRuntime's `bundle` option.
 */
export async function runtimeBundle(outdir?: string): Promise<string> {
  const dir = outdir ?? resolve(import.meta.dirname, '../../runtime/dist');
  await ensureRuntimeBundle(dir);
  return join(dir, 'main.mjs');
}
