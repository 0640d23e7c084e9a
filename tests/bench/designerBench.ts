/**
 * The designer's figures in headless Chromium (Debian's, through playwright-core, the browser
 * tests' flags, 1280×800) against the real runtime on 127.0.0.1 with a scratch data directory:
 *
 * - first full render of a generated 1,000-node workflow (navigation → every node drawn and
 *   measured, then a painted frame), cold (empty HTTP cache) and warm (reloads);
 * - frames per second while a node of it is dragged (requestAnimationFrame counted during a
 *   scripted mouse drag);
 * - validation per edit of a 200-node workflow in the designer's validation worker (the worker
 *   answers with the time it took), and the round trip the page sees;
 * - auto-layout of 200 nodes in a layout worker (cold: a new worker's first layout; warm);
 * - the JavaScript the editor route loads before any interaction, gzipped, file by file.
 *
 * Prints figures against the issue's goals; never fails on a threshold. Bounded: every wait has a
 * deadline and the whole run stops itself after BENCH_DEADLINE_MS. Run with `pnpm bench` (root) or
 * `pnpm --filter @flowline/tests bench`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, DIST, inputsHash, ROOT } from '@flowline/designer/build';
import type { Page } from 'playwright-core';
import { createApiClient } from '../support/apiClient';
import { launchBrowser, type TestBrowser } from '../support/browser';
import { killAllRuntimes, startRuntime } from '../support/startRuntime';
import { benchWorkflow } from './benchWorkflow';

const BENCH_DEADLINE_MS = 5 * 60_000;
const ADMIN = 'admin@localhost';
const BIG = 1000;
const MEDIUM = 200;
const EDITS = 60;
const CONNECTOR = fileURLToPath(new URL('./benchConnector.ts', import.meta.url));

interface Row {
  readonly what: string;
  readonly value: string;
  readonly goal: string;
  readonly note?: string;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
const ms = (value: number) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * In the page: a rAF loop that notes when the canvas is fully drawn: every node React Flow has in
 * the DOM is measured (none hidden), and every node of the workflow is known with its size (the
 * minimap draws one rectangle per sized node), then a frame later. With `onlyRenderVisibleElements`
 * the DOM holds only the nodes in view (React Flow may draw all of them once to measure them, and
 * drops the ones out of view right after), so counting DOM nodes would not say when it is done.
 */
const RENDER_WATCH = `(() => {
  const expected = Number(sessionStorage.getItem('bench.expectedNodes') || 0);
  if (!expected) return;
  const watch = { firstNodeAt: null, allAt: null, paintedAt: null, frames: 0, inDom: 0 };
  window.__benchRender = watch;
  const tick = () => {
    watch.frames += 1;
    const nodes = document.querySelectorAll('.react-flow__node');
    if (nodes.length > 0 && watch.firstNodeAt === null) watch.firstNodeAt = performance.now();
    const sized = document.querySelectorAll('.react-flow__minimap-node').length;
    if (nodes.length > 0 && sized >= expected) {
      let measured = true;
      for (const node of nodes) if (node.style.visibility === 'hidden') { measured = false; break; }
      if (measured) {
        watch.allAt = performance.now();
        watch.inDom = nodes.length;
        requestAnimationFrame(() => { watch.paintedAt = performance.now(); });
        return;
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

interface RenderTimes {
  /** The draft's answer arrived (resource timing), the first node was in the DOM, all were drawn and painted. */
  readonly draft: number;
  readonly firstNode: number;
  readonly painted: number;
  /** Nodes in the DOM when it was done (the ones in view, with onlyRenderVisibleElements). */
  readonly inDom: number;
}

async function firstRender(page: Page, url: string, reload: boolean): Promise<RenderTimes> {
  if (reload) await page.reload({ waitUntil: 'commit' });
  else await page.goto(url, { waitUntil: 'commit' });
  // Polled with evaluate: waitForFunction evaluates its predicate with eval, which the CSP refuses.
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const painted = await page
      .evaluate<number | null>('window.__benchRender ? window.__benchRender.paintedAt : null')
      .catch(() => null);
    if (painted !== null)
      return page.evaluate<RenderTimes>(`({
        painted: window.__benchRender.paintedAt,
        inDom: window.__benchRender.inDom,
        firstNode: window.__benchRender.firstNodeAt,
        draft: Math.max(0, ...performance.getEntriesByType('resource')
          .filter((e) => /\\/api\\/definitions\\/[^/]+$/.test(new URL(e.name).pathname))
          .map((e) => e.responseEnd)),
      })`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the 1,000 nodes were not drawn within 60 s');
}

/** Drags a node near the middle of the canvas in small steps while the page counts frames. */
async function dragFps(
  page: Page,
): Promise<{ fps: number; worstFrame: number; moved: 'node' | 'view' | 'nothing'; frames: number }> {
  const pane = (await page.locator('.react-flow').boundingBox())!;
  const centre = { x: pane.x + pane.width / 2, y: pane.y + pane.height / 2 };
  const boxes = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { id: el.getAttribute('data-id'), x: r.x + r.width / 2, y: r.y + Math.min(20, r.height / 2) };
    }),
  );
  const inside = boxes.filter(
    (b) =>
      b.x > pane.x + 40 &&
      b.x < pane.x + pane.width - 200 &&
      b.y > pane.y + 40 &&
      b.y < pane.y + pane.height - 80,
  );
  const target = inside.sort(
    (a, b) => Math.hypot(a.x - centre.x, a.y - centre.y) - Math.hypot(b.x - centre.x, b.y - centre.y),
  )[0];
  if (!target?.id) throw new Error('no node in view to drag');
  const node = page.locator(`.react-flow__node[data-id="${target.id}"]`);
  // The node's own transform is its place in the flow; the viewport's is the pan and zoom.
  const transforms = () =>
    Promise.all([
      node.evaluate((el) => el.getAttribute('style') ?? ''),
      page.locator('.react-flow__viewport').evaluate((el) => el.getAttribute('style') ?? ''),
    ]);
  const before = await transforms();
  await page.mouse.move(target.x, target.y);
  await page.mouse.down();
  await page.evaluate(`(() => {
    const frames = [];
    window.__benchFrames = frames;
    window.__benchStop = false;
    const tick = (t) => { frames.push(t); if (!window.__benchStop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const steps = 90;
  for (let i = 1; i <= steps; i += 1) {
    await page.mouse.move(target.x + i * 2, target.y + Math.round(i * 0.8));
    await new Promise((r) => setTimeout(r, 16));
  }
  await page.mouse.up();
  const frames = await page.evaluate<number[]>('(window.__benchStop = true, window.__benchFrames)');
  const after = await transforms();
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!);
  const span = (frames.at(-1)! - frames[0]!) / 1000;
  return {
    fps: (frames.length - 1) / span,
    worstFrame: Math.max(...gaps),
    moved: after[0] !== before[0] ? 'node' : after[1] !== before[1] ? 'view' : 'nothing',
    frames: frames.length,
  };
}

/** Validation per edit in the app's validation worker, started in the page from the built asset. */
async function validationPerEdit(page: Page, workerUrl: string, definitionJson: string) {
  return page.evaluate<{
    worker: number[];
    roundTrip: number[];
    errors: number;
    first: number;
  }>(`(async () => {
    const base = ${definitionJson};
    const catalog = { connectors: (await (await fetch('/api/connectors')).json()).items };
    const worker = new Worker(${JSON.stringify(workerUrl)}, { type: 'module' });
    const ask = (message) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the validation worker did not answer')), 30000);
      worker.onmessage = (event) => { clearTimeout(timer); resolve(event.data); };
      worker.postMessage(message);
    });
    const first = await ask({ id: 0, definition: base, catalog });
    const decisions = base.nodes.filter((n) => n.kind === 'decision');
    const out = { worker: [], roundTrip: [], errors: first.problems.filter((p) => p.severity === 'error').length, first: first.ms };
    let definition = base;
    for (let i = 1; i <= ${EDITS}; i += 1) {
      const node = definition.nodes[i % definition.nodes.length];
      if (i % 3 === 0) {
        definition = { ...definition, layout: { ...definition.layout, [node.id]: { x: i, y: i } } };
      } else if (i % 3 === 1) {
        const d = decisions[i % decisions.length];
        definition = { ...definition, nodes: definition.nodes.map((n) => n.id === d.id
          ? { ...n, conditions: n.conditions.map((c, k) => k === 0 ? { ...c, when: 'input.n > ' + i } : c) } : n) };
      } else {
        definition = { ...definition, nodes: definition.nodes.map((n) => n.id === node.id ? { ...n, name: 'Step ' + i } : n) };
      }
      const started = performance.now();
      const answer = await ask({ id: i, definition });
      out.roundTrip.push(performance.now() - started);
      out.worker.push(answer.ms);
      out.errors = Math.max(out.errors, answer.problems.filter((p) => p.severity === 'error').length);
    }
    worker.terminate();
    return out;
  })()`);
}

/** Auto-layout in a layout worker: a new worker's first layout (cold), then warm layouts. */
async function layoutInWorker(page: Page, workerUrl: string, definitionJson: string) {
  return page.evaluate<{
    cold: number;
    afterWarmUp: number;
    warmUp: number;
    warm: number[];
    placed: number;
  }>(`(async () => {
    const definition = ${definitionJson};
    const start = () => {
      const worker = new Worker(${JSON.stringify(workerUrl)}, { type: 'module' });
      let next = 0;
      const ask = (message) => new Promise((resolve, reject) => {
        const id = ++next;
        const timer = setTimeout(() => reject(new Error('the layout worker did not answer')), 60000);
        worker.onmessage = (event) => {
          clearTimeout(timer);
          if (event.data.error) reject(new Error(event.data.error)); else resolve(event.data);
        };
        worker.postMessage({ ...message, id });
      });
      return { worker, ask };
    };
    const timed = async (f) => { const t = performance.now(); const r = await f(); return [performance.now() - t, r]; };
    const cold = start();
    const [coldMs, first] = await timed(() => cold.ask({ definition }));
    const warm = [];
    for (let i = 0; i < 5; i += 1) warm.push((await timed(() => cold.ask({ definition })))[0]);
    cold.worker.terminate();
    const warmed = start();
    const [warmUpMs] = await timed(() => warmed.ask({ warmUp: true }));
    const [afterWarmUp] = await timed(() => warmed.ask({ definition }));
    warmed.worker.terminate();
    return { cold: coldMs, afterWarmUp, warmUp: warmUpMs, warm, placed: Object.keys(first.positions).length };
  })()`);
}

/**
 * The layout worker the app ships, when the canvas has one in the build; otherwise the model's
 * layoutWorker.ts built on its own (Vite, library mode) and served under /assets/__bench/.
 */
function layoutWorkerAsset(): { url: string; files?: string; source: string } {
  const shipped = readdirSync(join(DIST, 'assets')).find((f) => /layout.*worker.*\.js$/i.test(f));
  if (shipped) return { url: `/assets/${shipped}`, source: `the app's ${shipped}` };
  const out = mkdtempSync(join(tmpdir(), 'flowline-bench-layout-'));
  const designer = join(ROOT, 'designer');
  const config = join(out, 'vite.config.mjs');
  writeFileSync(
    config,
    `export default ${JSON.stringify({
      root: designer,
      logLevel: 'warn',
      define: { 'process.env.NODE_ENV': '"production"' },
      build: {
        outDir: join(out, 'dist'),
        emptyOutDir: true,
        target: 'es2023',
        lib: {
          entry: join(designer, 'src/model/layout/layoutWorker.ts'),
          formats: ['es'],
          fileName: 'layout-worker',
        },
      },
    })};\n`,
  );
  const vite = join(
    createRequire(join(designer, 'package.json')).resolve('vite/package.json'),
    '..',
    'bin',
    'vite.js',
  );
  const built = spawnSync(process.execPath, [vite, 'build', '--config', config], {
    cwd: designer,
    encoding: 'utf8',
  });
  if (built.status !== 0)
    throw new Error(`building the layout worker failed:\n${built.stdout}\n${built.stderr}`);
  const entry = readdirSync(join(out, 'dist')).find((f) => f.startsWith('layout-worker'))!;
  return {
    url: `/assets/__bench/${entry}`,
    files: join(out, 'dist'),
    source:
      'the model’s layoutWorker.ts built for the benchmark (the app has no layout worker in its build yet)',
  };
}

/** The JavaScript files a navigation asked for (from the built dist), gzipped. */
function gzippedFiles(paths: readonly string[]) {
  const entry = /src="\/assets\/([^"]+\.js)"/.exec(readFileSync(join(DIST, 'index.html'), 'utf8'))?.[1];
  return [...new Set(paths)].map((path) => {
    const name = basename(path);
    const raw = readFileSync(join(DIST, 'assets', name));
    return {
      name,
      raw: raw.length,
      gzip: gzipSync(raw, { level: 9 }).length,
      kind: name === entry ? 'entry' : /worker/i.test(name) ? 'worker' : 'chunk',
    };
  });
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  // Always a production build: a build made under vitest (NODE_ENV=test, e.g. by the browser
  // tests) bundles React's development build and is still stamped fresh, so it is not trusted here.
  process.env['NODE_ENV'] = 'production';
  console.log('Building the designer for production…');
  build(inputsHash());
  const runtime = await startRuntime({ connectors: [CONNECTOR] });
  let browser: TestBrowser | undefined;
  let layoutFiles: string | undefined;
  try {
    const api = createApiClient(runtime.url);
    const signedIn = await api.signInFirstTime(ADMIN, runtime.adminPassword!);
    const big = benchWorkflow(BIG, 'bench-1000');
    const medium = benchWorkflow(MEDIUM, 'bench-200');
    const saved = await api.put(
      `/api/definitions/${big.id}`,
      { draftRev: 0, definition: big },
      { timeoutMs: 60_000 },
    );
    if (saved.status !== 200)
      throw new Error(`saving the 1,000-node draft: ${saved.status} ${JSON.stringify(saved.body)}`);

    browser = await launchBrowser();
    const cookies = signedIn.headers.getSetCookie().map((line) => {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      return { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim(), url: runtime.url };
    });
    await browser.context.addCookies(cookies);
    const layout = layoutWorkerAsset();
    layoutFiles = layout.files;
    if (layout.files) {
      const dir = layout.files;
      await browser.context.route(/\/assets\/__bench\//, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/javascript',
          body: readFileSync(join(dir, basename(new URL(route.request().url()).pathname))),
        }),
      );
    }
    await browser.context.addInitScript({ content: RENDER_WATCH });
    const page = await browser.newPage();
    const scripts: string[] = [];
    const onRequest = (request: { url(): string }) => {
      const path = new URL(request.url()).pathname;
      if (/^\/assets\/[^/]+\.js$/.test(path)) scripts.push(path);
    };
    browser.context.on('request', onRequest);
    page.on('request', onRequest);

    // 1. First full render, cold then warm.
    await page.goto(`${runtime.url}/favicon.svg`);
    await page.evaluate(`sessionStorage.setItem('bench.expectedNodes', '${big.nodes.length}')`);
    const url = `${runtime.url}/workflows/${big.id}`;
    const cold = await firstRender(page, url, false);
    await page.waitForLoadState('networkidle', { timeout: 30_000 }).catch(() => undefined);
    const initialScripts = [...scripts];
    browser.context.off('request', onRequest);
    page.off('request', onRequest);
    // The initial JavaScript of the editor route (printed last).
    const files = gzippedFiles(initialScripts);
    const mainThread = files.filter((f) => f.kind !== 'worker');
    const jsRow: Row = {
      what: 'initial JavaScript of the editor route, gzipped',
      value: kb(mainThread.reduce((sum, f) => sum + f.gzip, 0)),
      goal: '≤ 300 KB',
      note: `${mainThread.length} files on the main thread; workers listed below, not counted`,
    };
    const printFiles = () => {
      console.log(
        '  JavaScript loaded by the editor route before any interaction (gzip -9 of the built files):',
      );
      for (const file of [...files].sort((a, b) => b.gzip - a.gzip))
        console.log(
          `    ${file.name.padEnd(40)} ${file.kind.padEnd(6)} ${kb(file.gzip).padStart(10)} (raw ${kb(file.raw)})`,
        );
    };
    const warm: RenderTimes[] = [];
    for (let i = 0; i < 3; i += 1) warm.push(await firstRender(page, url, true));
    // BENCH_PROFILE=<file.cpuprofile>: one more warm open under the CPU profiler (open the file in
    // Chrome's DevTools, Performance panel); the heaviest functions by self time are printed.
    const profileFile = process.env['BENCH_PROFILE'];
    if (profileFile) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      const profiled = await firstRender(page, url, true);
      const { profile } = await cdp.send('Profiler.stop');
      await cdp.detach();
      writeFileSync(profileFile, JSON.stringify(profile));
      const selfMs = new Map<string, number>();
      const byId = new Map(profile.nodes.map((n) => [n.id, n]));
      const deltas = profile.timeDeltas ?? [];
      (profile.samples ?? []).forEach((id, i) => {
        const frame = byId.get(id)!.callFrame;
        const key = `${frame.functionName || '(anonymous)'} ${basename(frame.url)}:${frame.lineNumber + 1}`;
        selfMs.set(key, (selfMs.get(key) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
      });
      console.log(`profiled warm open: painted at ${ms(profiled.painted)}; heaviest by self time:`);
      for (const [key, value] of [...selfMs].sort((a, b) => b[1] - a[1]).slice(0, 25))
        console.log(`    ${ms(value).padStart(9)}  ${key}`);
    }
    const phases = (t: RenderTimes) =>
      `${ms(t.painted - t.draft)} after the draft answered; draft answered at ${ms(t.draft)}, first node in the DOM at ${ms(t.firstNode)}, ${t.inDom} nodes in the DOM when done`;
    const warmMedian = [...warm].sort((a, b) => a.painted - b.painted)[1]!;
    rows.push({
      what: `first full render, ${big.nodes.length} nodes (cold cache)`,
      value: ms(cold.painted),
      goal: '≤ 1.5 s',
      note: `navigation → every node in view drawn and measured and every node sized (the minimap draws them all), then a painted frame; ${phases(cold)}`,
    });
    rows.push({
      what: `first full render, ${big.nodes.length} nodes (warm, median of 3)`,
      value: ms(warmMedian.painted),
      goal: '≤ 1.5 s',
      note: phases(warmMedian),
    });

    // BENCH_ONLY=render (or render+drag): the first-render rows alone (and the drag), quicker
    // while working on them; the initial JavaScript is printed with them.
    const only = process.env['BENCH_ONLY'];
    if (only === 'render' || only === 'render+drag') {
      if (only === 'render+drag') {
        await page.waitForTimeout(500);
        const drag = await dragFps(page);
        rows.push({
          what: 'node drag',
          value: `${drag.fps.toFixed(1)} fps`,
          goal: '≥ 50 fps',
          note: `${drag.frames} frames, worst frame ${ms(drag.worstFrame)}; ${drag.moved} moved`,
        });
      }
      rows.push(jsRow);
      for (const row of rows) console.log(`  ${row.what}  ${row.value}  ${row.note ?? ''}`);
      printFiles();
      return;
    }

    // 2. Dragging a node of it.
    await page.waitForTimeout(500);
    const drag = await dragFps(page);
    rows.push({
      what: `node drag in the ${big.nodes.length}-node workflow`,
      value: `${drag.fps.toFixed(1)} fps`,
      goal: '≥ 50 fps',
      note: `${drag.frames} frames, worst frame ${ms(drag.worstFrame)}; ${
        drag.moved === 'node'
          ? 'the node moved'
          : `the node did NOT move (${drag.moved === 'view' ? 'the view panned instead' : 'nothing moved'}): nodes are not draggable in this build, so this is the frame rate during the gesture`
      }`,
    });

    // The bottom panel's test run and statechart on the same workflow (no goal in the issue).
    const timedUi = async (act: () => Promise<void>) => {
      const started = performance.now();
      await act();
      return performance.now() - started;
    };
    const testRunTab = await timedUi(async () => {
      await page.getByRole('tab', { name: 'Test run' }).click();
      await page.getByRole('button', { name: 'Run test' }).waitFor({ timeout: 60_000 });
    });
    const testRun = await timedUi(async () => {
      await page.getByRole('button', { name: 'Run test' }).click();
      await page.getByTestId('test-run-summary').waitFor({ timeout: 60_000 });
    });
    const steps = await page.locator('.testrun__step').count();
    const statechart = await timedUi(async () => {
      await page.getByRole('tab', { name: 'Statechart' }).click();
      await page.getByRole('list', { name: 'States' }).locator('li').first().waitFor({ timeout: 60_000 });
    });
    rows.push({
      what: `test run tab, ${big.nodes.length} nodes: open / run with the default choices`,
      value: `${ms(testRunTab)} / ${ms(testRun)}`,
      goal: '—',
      note: `${steps} steps; measured from Node around the click`,
    });
    rows.push({
      what: `statechart tab, ${big.nodes.length} nodes: compile and show the tree`,
      value: ms(statechart),
      goal: '—',
      note: 'measured from Node around the click',
    });
    await page.getByRole('tab', { name: 'Problems' }).click();

    // 3. Validation per edit in the worker.
    const validationWorker = readdirSync(join(DIST, 'assets')).find((f) =>
      /^validation\.worker.*\.js$/.test(f),
    );
    if (!validationWorker) throw new Error('the build has no validation worker');
    const validation = await validationPerEdit(page, `/assets/${validationWorker}`, JSON.stringify(medium));
    rows.push({
      what: `validation per edit, ${medium.nodes.length} nodes, in the worker (median of ${validation.worker.length})`,
      value: ms(median(validation.worker)),
      goal: '≤ 16 ms',
      note: `round trip from the page ${ms(median(validation.roundTrip))}; first (cold) ${ms(validation.first)}; ${validation.errors} errors found`,
    });

    // 4. Auto-layout in a layout worker.
    const laid = await layoutInWorker(page, layout.url, JSON.stringify(medium));
    rows.push({
      what: `auto-layout, ${medium.nodes.length} nodes (a new worker's first layout)`,
      value: ms(laid.cold),
      goal: '≤ 500 ms',
      note: `${laid.placed} nodes placed; ${layout.source}`,
    });
    rows.push({
      what: `auto-layout, ${medium.nodes.length} nodes (first after the worker's warm-up)`,
      value: ms(laid.afterWarmUp),
      goal: '≤ 500 ms',
      note: `the warm-up itself took ${ms(laid.warmUp)}`,
    });
    rows.push({
      what: `auto-layout, ${medium.nodes.length} nodes (warm, median of 5)`,
      value: ms(median(laid.warm)),
      goal: '≤ 500 ms',
    });

    rows.push(jsRow);

    const width = Math.max(...rows.map((r) => r.what.length));
    const [load1 = 0] = loadavg();
    console.log(
      `designer in headless Chromium (1280×800, ${runtime.url}; load average ${load1.toFixed(1)} on ${availableParallelism()} cores: timings on a busy machine run long)`,
    );
    for (const row of rows)
      console.log(
        `  ${row.what.padEnd(width)}  ${row.value.padStart(10)}  goal ${row.goal.padEnd(9)}${row.note ? `  ${row.note}` : ''}`,
      );
    printFiles();
    const problems = browser.problems();
    if (problems.length > 0) console.log(`  the browser reported:\n    ${problems.join('\n    ')}`);
  } finally {
    await browser?.close();
    await killAllRuntimes();
    if (layoutFiles) rmSync(join(layoutFiles, '..'), { recursive: true, force: true });
  }
}

const deadline = setTimeout(() => {
  console.error(`The designer benchmark did not finish within ${BENCH_DEADLINE_MS / 1000} s; stopping.`);
  void killAllRuntimes().finally(() => process.exit(1));
}, BENCH_DEADLINE_MS);
deadline.unref();
try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
