import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import { ROOT, runtimeBuildOptions } from '../../deploy/bundleRuntime';

/**
 * Bundles a bench process's entry (e.g. bench/rssProcess.ts) exactly as deploy/bundleRuntime.ts
 * bundles the server `pnpm start` runs, into a temp directory inside runtime/dist (gitignored), so
 * the packages left outside resolve from runtime/node_modules as the server's do.
 */
export async function bundleBenchProcess(entry: string): Promise<{ script: string; remove(): void }> {
  mkdirSync(join(ROOT, 'runtime/dist'), { recursive: true });
  const outdir = mkdtempSync(join(ROOT, 'runtime/dist/bench-'));
  await build(runtimeBuildOptions({ process: relative(ROOT, entry) }, outdir));
  return {
    script: join(outdir, 'process.mjs'),
    remove: () => rmSync(outdir, { recursive: true, force: true }),
  };
}
