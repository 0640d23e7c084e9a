import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, buildState, inputsHash } from '@flowline/designer/build';
import { chromium, type BrowserContext, type Locator, type Page, type Response } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing); FLOWLINE_CHROMIUM names another. */
export const CHROMIUM_PATH = process.env['FLOWLINE_CHROMIUM'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots land here (git-ignored): open them and look. */
export const ARTIFACTS_DIR = resolve(fileURLToPath(new URL('../artifacts', import.meta.url)));

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** A failed answer the test expects (e.g. GET /api/auth/me → 401 before signing in). */
export interface ExpectedFailure {
  readonly method: string;
  readonly path: RegExp;
  readonly status: number;
}

export interface TestBrowser {
  readonly context: BrowserContext;
  /** A new tab whose console errors, page errors, CSP violations and unexpected failed answers are collected. */
  newPage(): Promise<Page>;
  /** Everything collected so far that should not have happened, as lines (empty: all well). */
  problems(): string[];
  /** Throws with every collected problem; call at the end of each test (and it resets). */
  assertNoProblems(): void;
  close(): Promise<void>;
}

/**
 * Launches Debian's chromium through playwright-core with a fresh profile, at 1280×800. Fails with
 * the install command when chromium is missing.
 */
export async function launchBrowser(
  options: { expectedFailures?: readonly ExpectedFailure[] } = {},
): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it. Install it with: apt-get update && apt-get install -y chromium`,
    );
  const profile = mkdtempSync(join(tmpdir(), 'flowline-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timeout: 60_000,
  });
  context.setDefaultTimeout(20_000);
  const collected: string[] = [];
  const expected = options.expectedFailures ?? [];

  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // A failed answer is also logged as a console error: judged below, by its request.
      if (message.text().startsWith('Failed to load resource')) return;
      collected.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => collected.push(`uncaught in the page: ${error.message}`));
    page.on('dialog', (dialog) => {
      collected.push(`unexpected ${dialog.type()} dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('response', (response: Response) => {
      if (response.status() < 400) return;
      const url = new URL(response.url());
      const method = response.request().method();
      if (
        expected.some(
          (e) => e.method === method && e.status === response.status() && e.path.test(url.pathname),
        )
      )
        return;
      collected.push(`unexpected answer: ${method} ${url.pathname} → ${response.status()}`);
    });
  };
  // CSP violations are events in the page too (besides the console line): both are collected.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' (' + event.sourceFile + ':' + event.lineNumber + ')');
    });`,
  });
  for (const page of context.pages()) watch(page);
  context.on('page', watch);

  return {
    context,
    async newPage() {
      const existing = context.pages().find((page) => page.url() === 'about:blank');
      return existing ?? context.newPage();
    },
    problems: () => [...collected],
    assertNoProblems() {
      const found = collected.splice(0);
      if (found.length > 0) throw new Error(`The browser reported problems:\n  ${found.join('\n  ')}`);
    },
    async close() {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-window PNG as tests/artifacts/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: false });
  return path;
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: string[];
}

/**
 * Runs axe-core in the page (evaluated through the DevTools protocol, so the page's CSP, which
 * refuses inline scripts, does not get in the way) and returns serious and critical violations.
 */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  // A string, not a function: it runs in the page (the tests compile without DOM types).
  const violations = await page.evaluate<Omit<AxeViolation, never>[]>(`(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  })()`);
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Fails with each violation named (rule, what it means, where) when axe finds a serious one. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const violations = await seriousAccessibilityViolations(page);
  if (violations.length > 0)
    throw new Error(
      `axe-core: ${violations.length} serious/critical violation(s) on ${screen}:\n  ${violations
        .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.targets.join(' | ')}`)
        .join('\n  ')}`,
    );
}

/** Builds the designer as `pnpm start` does, when its build is missing or stale (for beforeAll). */
export function buildDesignerIfStale(): void {
  const hash = inputsHash();
  if (buildState(hash) !== 'fresh') build(hash);
}

/** Fills the sign-in form on the screen and sends it (waits for nothing after). */
export async function fillSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens the sign-in screen, signs in, and waits for the workflow list. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await fillSignIn(page, email, password);
  await page.getByRole('heading', { name: 'Workflows' }).waitFor();
}

/**
 * Opens a workflow in the editor; waits for its canvas (`'canvas'`, also an empty one) or for
 * its first node to be drawn (`'node'`).
 */
export async function openWorkflow(
  page: Page,
  baseUrl: string,
  id: string,
  ready: 'canvas' | 'node' = 'canvas',
): Promise<void> {
  await page.goto(`${baseUrl}/workflows/${id}`);
  await page
    .locator(ready === 'canvas' ? '.react-flow__pane' : '.react-flow__node')
    .first()
    .waitFor();
}

/**
 * For afterEach: a failed test leaves its screen (tests/artifacts/failed-<prefix><test name>.png)
 * and what the browser said behind, to look at.
 */
export async function keepFailure(
  task: { name: string; result?: { state?: string } | undefined },
  page: Page | undefined,
  browser: TestBrowser | undefined,
  prefix = '',
): Promise<void> {
  if (task.result?.state !== 'fail' || !page) return;
  const file = await screenshot(page, `failed-${prefix}${task.name.replace(/\W+/g, '-').slice(0, 60)}`);
  console.error(
    `Screen at the failure: ${file}\nBrowser problems:\n  ${browser?.problems().join('\n  ') ?? ''}`,
  );
}

export type Point = { x: number; y: number };

/** The middle of an element on the screen (scrolled into view first). */
export async function centreOf(locator: Locator): Promise<Point> {
  await locator.scrollIntoViewIfNeeded();
  const box = await locator.boundingBox();
  if (!box) throw new Error('The element is not on the screen');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** A real mouse drag, in steps, so React Flow and the browser's drag-and-drop see it move. */
export async function mouseDrag(page: Page, from: Point, to: Point): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + (to.x - from.x) / 3, from.y + (to.y - from.y) / 3, { steps: 5 });
  await page.mouse.move(to.x, to.y, { steps: 10 });
  await page.mouse.up();
}
