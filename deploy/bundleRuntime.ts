// Bundles the runtime's entry points (runtime/src/main.ts, and rotateKeys.ts for `rotate-keys`,
// with the workspace packages they import, which ship as TypeScript sources) into ES modules, so
// the container and `pnpm start` run plain `node` with neither tsx nor the sources. Packages with
// native code or optional native add-ons stay outside the bundle: the image installs them beside
// it, and in the checkout they resolve from runtime/node_modules (runtime/dist is beside it).
//   tsx deploy/bundleRuntime.ts [outdir]   (default runtime/dist: main.mjs, rotateKeys.mjs)
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { EXTERNAL } from './externals';

/** The checkout's root (deploy/..): entry points and outdirs are relative to it. */
export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const RUNTIME_ENTRIES = { main: 'runtime/src/main.ts', rotateKeys: 'runtime/src/rotateKeys.ts' };
/** The flags the bundled server runs with besides RUNTIME_NODE_FLAGS (the Dockerfile's CMD). */
export const BUNDLE_NODE_FLAGS = ['--enable-source-maps'] as const;

/** esbuild's options for the runtime bundle; the RSS bench bundles its process with the same. */
export function runtimeBuildOptions(entryPoints: Record<string, string>, outdir: string): BuildOptions {
  return {
    entryPoints,
    absWorkingDir: ROOT,
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Modules imported on demand stay chunks of their own, loaded on demand: without splitting the
    // MongoDB adapter was inlined and its driver import hoisted into main.mjs, so a SQLite runtime
    // loaded the driver (about 20 MB of RSS) at start.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    sourcemap: true,
    // Maps hold positions only: node --enable-source-maps keeps a loaded map in the heap, and the
    // sources' text in it cost about 14 MiB of RSS in every server process (measured, same run);
    // stack traces still name runtime/src files and lines.
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    // Bundled CommonJS code calls require(); an ES module has none unless it is made.
    banner: {
      js: "import { createRequire as __flowlineRequire } from 'node:module'; const require = __flowlineRequire(import.meta.url);",
    },
  };
}

export interface BundleResult {
  /** Output bytes, source maps included. */
  readonly bytes: number;
  readonly ms: number;
  /** The files esbuild read, relative to the root (node_modules included). */
  readonly inputs: readonly string[];
  /** The files written, relative to the root. */
  readonly outputs: readonly string[];
}

/** Bundles `entryPoints` (relative to the root) into `outdir` (relative to the root, or absolute). */
export async function bundleRuntime(
  outdir = 'runtime/dist',
  entryPoints: Record<string, string> = RUNTIME_ENTRIES,
): Promise<BundleResult> {
  const started = performance.now();
  const result = await build({ ...runtimeBuildOptions(entryPoints, outdir), metafile: true });
  const metafile: Metafile = result.metafile;
  return {
    bytes: Object.values(metafile.outputs).reduce((sum, o) => sum + o.bytes, 0),
    ms: Math.round(performance.now() - started),
    inputs: Object.keys(metafile.inputs),
    outputs: Object.keys(metafile.outputs),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const outdir = process.argv[2] ?? 'runtime/dist';
  const { bytes } = await bundleRuntime(outdir);
  console.log(
    `Bundled the runtime into ${outdir} (${(bytes / 1024 / 1024).toFixed(1)} MiB with source maps).`,
  );
}
