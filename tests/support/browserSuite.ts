import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createApiClient, type ApiClient, type RequestOptions } from './apiClient';
import {
  buildDesignerIfStale,
  launchBrowser,
  signIn,
  type ExpectedFailure,
  type TestBrowser,
} from './browser';
import { killAllRuntimes, startRuntime, type RuntimeProcess, type StartRuntimeOptions } from './startRuntime';

/** The admin every fresh runtime has (its one-time password is printed on the first start). */
export const ADMIN = 'admin@localhost';

/** Before signing in, the app asks who is signed in: nobody (401) is an answer, not a problem. */
export const SIGNED_OUT: ExpectedFailure = { method: 'GET', path: /^\/api\/auth\/me$/, status: 401 };

export interface BrowserSuiteOptions {
  readonly runtime?: StartRuntimeOptions;
  /** Failed answers the file provokes on purpose (besides SIGNED_OUT, always expected). */
  readonly expectedFailures?: readonly ExpectedFailure[];
  /** What the file's tests need on the server, made through the admin's API client before the browser starts. */
  readonly seed?: (api: ApiClient, runtime: RuntimeProcess) => Promise<void>;
  /** Signs the admin in on the page at the end (the tests start at the workflow list). */
  readonly signIn?: boolean;
}

export interface BrowserSuite {
  readonly runtime: RuntimeProcess;
  /** Signed in as the admin, whose own password is `adminPassword`. */
  readonly api: ApiClient;
  readonly adminPassword: string;
  readonly browser: TestBrowser;
  /** The browser's one tab. */
  readonly page: Page;
}

const open = new Set<TestBrowser>();

/**
 * The setup of a browser test file, for its beforeAll: builds the designer when stale (as
 * `pnpm start` does), starts a runtime, signs the admin in through the API (choosing their own
 * password, as the first start requires), seeds, launches chromium with one tab, and signs the
 * admin in there when asked. closeBrowserSuites undoes it (afterAll).
 */
export async function startBrowserSuite(options: BrowserSuiteOptions = {}): Promise<BrowserSuite> {
  buildDesignerIfStale();
  const runtime = await startRuntime(options.runtime);
  expect(runtime.adminPassword, runtime.output()).toBeDefined();
  const api = createApiClient(runtime.url);
  // It throws unless each step is answered as it should be.
  await api.signInFirstTime(ADMIN, runtime.adminPassword!);
  const adminPassword = `${runtime.adminPassword!}-changed`;
  await options.seed?.(api, runtime);
  const browser = await launchBrowser({
    expectedFailures: [SIGNED_OUT, ...(options.expectedFailures ?? [])],
  });
  open.add(browser);
  const page = await browser.newPage();
  if (options.signIn) await signIn(page, runtime.url, ADMIN, adminPassword);
  return { runtime, api, adminPassword, browser, page };
}

/** For afterAll (it runs even when beforeAll failed half-way): closes the browsers and kills the runtimes. */
export async function closeBrowserSuites(): Promise<void> {
  for (const browser of open) await browser.close();
  open.clear();
  await killAllRuntimes();
}

/** Saves a new workflow's first draft (draftRev 0) through the API; fails with the server's answer. */
export async function saveDraft(
  api: ApiClient,
  definition: { readonly id: string; readonly [key: string]: unknown },
  options?: RequestOptions,
): Promise<void> {
  const saved = await api.put(`/api/definitions/${definition.id}`, { draftRev: 0, definition }, options);
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
}

/** Creates a user through the API (201) and returns their id. */
export async function createUser(
  api: ApiClient,
  user: {
    readonly email: string;
    readonly name: string;
    readonly password: string;
    readonly roles?: readonly string[];
  },
): Promise<string> {
  const created = await api.post<{ id: string }>('/api/users', user);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}
