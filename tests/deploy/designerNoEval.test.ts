import { checkNoEvalFirst, checkProductionBuild, type ChunkGraph } from '@flowline/designer/noEvalFirst';
import { describe, expect, it } from 'vitest';

// The designer's CSP refuses eval; zod probes it unless app/noEval ran before any schema is made.
// Only a browser test loading the right page saw a broken order; the production build checks it
// itself (designer/scripts/noEvalFirst.ts), and this holds the check to the real bundle.
describe('app/noEval runs before any code that makes zod schemas', () => {
  const ZOD = '/r/node_modules/zod/v4/core/index.js';
  const NO_EVAL = '/r/designer/src/app/noEval.ts';
  const ENGINE = '/r/engine/src/definition/schema.ts';
  const imports: Record<string, string[]> = {
    [NO_EVAL]: [ZOD],
    [ENGINE]: ['/r/node_modules/zod/v4/classic/index.js'],
    '/r/designer/src/editor/EditorPage.tsx': [NO_EVAL, ENGINE],
    '/r/designer/src/admin/AdminPage.tsx': [ENGINE],
  };
  const graph = (shared: string[]): ChunkGraph => ({
    importsOf: (id) => imports[id] ?? [],
    chunks: [
      {
        file: 'index.js',
        isEntry: true,
        imports: [],
        dynamicImports: ['editor.js', 'admin.js'],
        modules: ['/r/designer/src/main.tsx'],
      },
      { file: 'shared.js', isEntry: false, imports: [], dynamicImports: [], modules: shared },
      {
        file: 'editor.js',
        isEntry: false,
        imports: ['shared.js'],
        dynamicImports: [],
        modules: ['/r/designer/src/editor/EditorPage.tsx'],
      },
      {
        file: 'admin.js',
        isEntry: false,
        imports: ['shared.js'],
        dynamicImports: [],
        modules: ['/r/designer/src/admin/AdminPage.tsx'],
      },
    ],
  });

  it('finds a shared chunk whose engine code comes before noEval, on every page loading it', () => {
    const good = checkNoEvalFirst(graph([ZOD, NO_EVAL, ENGINE]));
    expect(good.map((page) => [page.page, page.tooEarly])).toEqual([
      ['index.js', []],
      ['index.js → editor.js', []],
      ['index.js → admin.js', []],
    ]);
    expect(good.find((page) => page.page.endsWith('editor.js'))?.afterNoEval).toBe(2);
    const broken = checkNoEvalFirst(graph([ZOD, ENGINE, NO_EVAL]));
    expect(
      broken.filter((page) => page.tooEarly.length > 0).map((page) => [page.page, page.tooEarly]),
    ).toEqual([
      ['index.js → editor.js', [ENGINE]],
      ['index.js → admin.js', [ENGINE]],
    ]);
  });

  it('finds a page that makes schemas and never loads noEval', () => {
    const pages = checkNoEvalFirst({
      ...graph([ZOD, NO_EVAL]),
      chunks: [
        ...graph([ZOD, NO_EVAL]).chunks.filter((chunk) => chunk.file !== 'admin.js'),
        {
          file: 'admin.js',
          isEntry: false,
          imports: [],
          dynamicImports: [],
          modules: [ENGINE, '/r/designer/src/admin/AdminPage.tsx'],
        },
      ],
    });
    const admin = pages.find((page) => page.page.endsWith('admin.js'));
    expect(admin).toMatchObject({ noEval: false, tooEarly: [ENGINE, '/r/designer/src/admin/AdminPage.tsx'] });
  });

  it('holds in the production bundle: every page and worker that makes schemas runs noEval first', async () => {
    // Rejects, naming the page and the modules, when the order is broken.
    const { pages, workers } = await checkProductionBuild();
    expect(pages.filter((page) => page.tooEarly.length > 0)).toEqual([]);
    expect(workers.filter((page) => page.tooEarly.length > 0)).toEqual([]);
    // Not vacuous: the editor's page and both workers load the engine, after noEval.
    const editor = pages.find((page) => /→ assets\/EditorPage-[^/]+\.js$/.test(page.page));
    expect(editor).toMatchObject({ noEval: true });
    expect(editor!.afterNoEval).toBeGreaterThan(10);
    for (const worker of ['validation.worker', 'layout.worker']) {
      const entry = workers.find((page) => page.page.includes(worker));
      expect(entry, worker).toMatchObject({ noEval: true });
      expect(entry!.afterNoEval, worker).toBeGreaterThan(10);
    }
  });
});
