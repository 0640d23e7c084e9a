// Bundles the runtime's entry points (runtime/src/main.ts, and rotateKeys.ts for `rotate-keys`,
// with the workspace packages they import, which ship as TypeScript sources) into ES modules, so
// the container runs plain `node` with neither tsx nor the sources. Packages with native code or
// optional native add-ons stay outside the bundle, installed as production dependencies beside it.
//   tsx deploy/bundleRuntime.ts [outdir]   (default runtime/dist: main.mjs, rotateKeys.mjs)
import { build } from 'esbuild';
import { EXTERNAL } from './externals';

const outdir = process.argv[2] ?? 'runtime/dist';

const result = await build({
  entryPoints: { main: 'runtime/src/main.ts', rotateKeys: 'runtime/src/rotateKeys.ts' },
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
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
  // Bundled CommonJS code calls require(); an ES module has none unless it is made.
  banner: {
    js: "import { createRequire as __flowlineRequire } from 'node:module'; const require = __flowlineRequire(import.meta.url);",
  },
});
const bytes = Object.values(result.metafile.outputs).reduce((sum, o) => sum + o.bytes, 0);
console.log(`Bundled the runtime into ${outdir} (${(bytes / 1024 / 1024).toFixed(1)} MiB with source maps).`);
