import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';

/**
 * The page's Content-Security-Policy refuses eval. zod probes `new Function('')` the first time
 * a schema object is made, unless `config({ jitless: true })` ran before: that is
 * src/app/noEval.ts, and it must run before any module that makes a schema (the engine's, at
 * module load). In the production bundle the order is the chunks' order, which Rollup derives
 * from the whole import graph: designer code that imports the engine without noEval first can
 * move the engine's code ahead of noEval's in the chunk they share, breaking every page that
 * loads it. This plugin checks the order in the bundle as built and fails the build when, on
 * some page (the entry, then each chain of lazily loaded chunks) or in a worker, a module that
 * reaches zod runs before noEval.
 */

const NO_EVAL = /\/src\/app\/noEval\.ts$/;
const ZOD = /\/node_modules\/zod\//;

/** One output chunk: its static and lazy imports (file names) and its modules in the order they run. */
export interface ChunkGraphChunk {
  readonly file: string;
  readonly isEntry: boolean;
  readonly imports: readonly string[];
  readonly dynamicImports: readonly string[];
  readonly modules: readonly string[];
}

export interface ChunkGraph {
  readonly chunks: readonly ChunkGraphChunk[];
  /** Each module's static imports (module ids), for what reaches zod. */
  readonly importsOf: (id: string) => readonly string[];
}

/** A page (the entry and the lazy chunks loaded after it, in that order) and what it ran before noEval. */
export interface PageOrder {
  readonly page: string;
  /** Whether noEval ran on this page. */
  readonly noEval: boolean;
  /** Modules that reach zod and ran before noEval (or with no noEval at all): each one a CSP violation. */
  readonly tooEarly: readonly string[];
  /** Modules that reach zod and ran after noEval, as they should. */
  readonly afterNoEval: number;
}

/** Every page's module order, checked: one entry per entry chunk and per chain of lazy imports from it. */
export function checkNoEvalFirst(graph: ChunkGraph): PageOrder[] {
  const byFile = new Map(graph.chunks.map((chunk) => [chunk.file, chunk]));
  // Every module that imports zod, directly or through others (a reverse walk from zod's own).
  const importers = new Map<string, string[]>();
  const seen = new Set<string>();
  const walk = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const dep of graph.importsOf(id)) {
      const list = importers.get(dep);
      if (list) list.push(id);
      else importers.set(dep, [id]);
      walk(dep);
    }
  };
  for (const chunk of graph.chunks) for (const id of chunk.modules) walk(id);
  const zodReachers = new Set<string>();
  const mark = (id: string) => {
    if (zodReachers.has(id)) return;
    zodReachers.add(id);
    for (const importer of importers.get(id) ?? []) mark(importer);
  };
  for (const id of seen) if (ZOD.test(id)) mark(id);
  const reachesZod = (id: string) => zodReachers.has(id);
  // What noEval needs (zod's core) runs before it, as it must.
  const noEvalNeeds = new Set<string>();
  const collectNeeds = (id: string) => {
    for (const dep of graph.importsOf(id))
      if (!noEvalNeeds.has(dep)) {
        noEvalNeeds.add(dep);
        collectNeeds(dep);
      }
  };
  for (const chunk of graph.chunks) for (const id of chunk.modules) if (NO_EVAL.test(id)) collectNeeds(id);

  // ES module order: a chunk's static imports first (depth first, in order), then its own modules.
  const run = (file: string, ran: Set<string>, order: string[]) => {
    if (ran.has(file)) return;
    ran.add(file);
    const chunk = byFile.get(file);
    if (!chunk) return;
    for (const imported of chunk.imports) run(imported, ran, order);
    order.push(...chunk.modules);
  };

  const pages: PageOrder[] = [];
  const visit = (
    file: string,
    path: readonly string[],
    ran: ReadonlySet<string>,
    before: readonly string[],
  ) => {
    const ranNow = new Set(ran);
    const order = [...before];
    run(file, ranNow, order);
    const at = order.findIndex((id) => NO_EVAL.test(id));
    const needsNoEval = (id: string) => !noEvalNeeds.has(id) && !NO_EVAL.test(id) && reachesZod(id);
    const early = (at === -1 ? order : order.slice(0, at)).filter(needsNoEval);
    const late = at === -1 ? 0 : order.slice(at + 1).filter(needsNoEval).length;
    const page = [...path, file];
    pages.push({ page: page.join(' → '), noEval: at !== -1, tooEarly: early, afterNoEval: late });
    for (const lazy of byFile.get(file)?.dynamicImports ?? [])
      if (!page.includes(lazy)) visit(lazy, page, ranNow, order);
  };
  for (const chunk of graph.chunks) if (chunk.isEntry) visit(chunk.file, [], new Set(), []);
  return pages;
}

/** Where a module id is in the checkout, for messages. */
const shortId = (id: string) =>
  id.replace(/^.*\/node_modules\//, '').replace(/^.*?\/(designer|engine)\//, '$1/');

/**
 * The Vite plugin (production builds, and each worker's build): fails the build naming the page
 * and the modules that ran before noEval. `report` receives every page checked (tests read it).
 */
export function noEvalFirst(report?: (pages: PageOrder[]) => void): Plugin {
  return {
    name: 'flowline:no-eval-first',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks: ChunkGraphChunk[] = [];
      for (const output of Object.values(bundle))
        if (output.type === 'chunk')
          chunks.push({
            file: output.fileName,
            isEntry: output.isEntry,
            imports: output.imports,
            dynamicImports: output.dynamicImports,
            modules: Object.keys(output.modules),
          });
      const pages = checkNoEvalFirst({
        chunks,
        importsOf: (id) => this.getModuleInfo(id)?.importedIds ?? [],
      });
      report?.(pages);
      const broken = pages.filter((page) => page.tooEarly.length > 0);
      if (broken.length > 0)
        this.error(
          `Code that makes zod schemas runs before src/app/noEval.ts, so zod would probe eval and the ` +
            `Content-Security-Policy would refuse it. Import '../app/noEval' first in the module that ` +
            `brings the engine in (or keep the engine out of it):\n` +
            broken
              .map(
                (page) =>
                  `  ${page.page}${page.noEval ? '' : ' (never loads noEval)'}: ${page.tooEarly
                    .slice(0, 5)
                    .map(shortId)
                    .join(', ')}${page.tooEarly.length > 5 ? ` and ${page.tooEarly.length - 5} more` : ''}`,
              )
              .join('\n'),
        );
    },
  };
}

/**
 * Builds the designer for production in memory (nothing written) with the check on, and returns
 * every page and worker it checked. Rejects as the build does when the order is broken.
 */
export async function checkProductionBuild(): Promise<{ pages: PageOrder[]; workers: PageOrder[] }> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const pages: PageOrder[] = [];
  const workers: PageOrder[] = [];
  // As `pnpm start` builds (under vitest NODE_ENV is 'test': React's development build).
  const nodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root,
      configFile: `${root}/vite.config.ts`,
      mode: 'production',
      logLevel: 'warn',
      build: { write: false },
      plugins: [noEvalFirst((found) => pages.push(...found))],
      worker: { plugins: () => [noEvalFirst(), noEvalFirst((found) => workers.push(...found))] },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = nodeEnv;
  }
  return { pages, workers };
}
