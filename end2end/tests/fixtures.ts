import { test as base, expect, Browser, BrowserContext, BrowserContextOptions, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const ADMIN_EMAIL = 'admin@library.example';
export const ADMIN_PASSWORD = 'e2e admin passphrase';

/** Whether this project runs with JavaScript (and so hydrates). */
export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/**
 * The axe-core rules every page must pass: WCAG 2.0 and 2.1, levels A and AA (in axe-core 4.14
 * these tags hold every WCAG 2.x A/AA rule it runs by default; `wcag22aa` holds only
 * `target-size`, off by default). WCAG 2.5.3 Label in Name is asked for by name as well, so it
 * runs even in an axe-core that tags it experimental.
 */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_RULES = { 'label-content-name-mismatch': { enabled: true } };

function axeBuilder(page: Page) {
  // `options` replaces the builder's options, so it comes before `withTags`.
  return new AxeBuilder({ page }).options({ rules: AXE_RULES }).withTags(AXE_TAGS);
}

/** Fails on any accessibility violation axe-core finds (see AXE_TAGS). */
export async function axe(page: Page, info: TestInfo) {
  let results;
  if (hydrated(info)) {
    results = await axeBuilder(page).analyze();
  } else {
    // With JavaScript off axe cannot run inside the page: scan the same HTML in a scripted page.
    // The page's own scripts are left out: they are not what a reader without JavaScript gets,
    // and without the app's code they would only fail (and this page's errors fail the test).
    const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script\s*>/gi, '');
    const ctx = await newContext(page.context().browser()!, { javaScriptEnabled: true, bypassCSP: true, baseURL: info.project.use.baseURL }, 'axe copy');
    const copy = await ctx.newPage();
    await copy.route('**/pkg/*.js', (r) => r.fulfill({ body: '', contentType: 'text/javascript' }));
    await copy.goto('/healthz');
    await copy.setContent(html, { waitUntil: 'load' });
    results = await axeBuilder(copy).analyze();
    await ctx.close();
  }
  const summary = results.violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`);
  expect(summary, `axe found violations on ${page.url()}`).toEqual([]);
}

/** Waits until the page is ready to use: hydrated when JavaScript runs. */
export async function ready(page: Page, info: TestInfo) {
  if (hydrated(info)) {
    await page.locator('html[data-hydrated="true"]').waitFor({ timeout: 20_000 });
    // A lazy route's code arrives after the app hydrates: wait for it and for its title.
    await page.waitForLoadState('networkidle');
    await page.waitForFunction(() => document.title.length > 0);
  }
}

/** Goes to a path, waits for it, and scans it. */
export async function visit(page: Page, info: TestInfo, path: string) {
  const res = await page.goto(path);
  await ready(page, info);
  await axe(page, info);
  return res;
}

/** What the running test's watched pages reported: errors, and the documents they loaded. */
interface Watch {
  errors: string[];
  documents: string[];
  pages: WeakSet<Page>;
  contexts: WeakSet<BrowserContext>;
  count: number;
}

/** The running test's watch (a worker runs one test at a time). */
let current: Watch | undefined;

/**
 * Makes the running test fail on `page`'s console errors and uncaught errors, its frames'
 * (another origin's iframe included) as well as its own. Every page of the test's own context is
 * watched already; use `newContext` for other contexts, so their pages are too.
 */
export function watch(page: Page, name?: string): Page {
  const w = current;
  if (!w || w.pages.has(page)) return page;
  w.pages.add(page);
  w.count += 1;
  const label = name ?? `page ${w.count}`;
  const where = (source?: string) => {
    const from = source && source !== page.url() ? `, from ${source}` : '';
    return `[${label} on ${page.url()}${from}]`;
  };
  page.on('console', (m) => {
    // A 4xx answer to a form the test filled wrongly on purpose is not a page error.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) w.errors.push(`${m.text()} ${where(m.location().url)}`);
  });
  page.on('pageerror', (e) => w.errors.push(`${String(e)} ${where()}`));
  // The documents this page loaded, to tell which answer a console error came with.
  page.on('response', (r) => {
    if (r.request().isNavigationRequest()) {
      const csp = r.headers()['content-security-policy'] ?? '(none)';
      const frame = r.request().frame() === page.mainFrame() ? '' : ' (frame)';
      w.documents.push(`${label}${frame}: ${r.request().method()} ${r.url()} -> ${r.status()} csp: ${csp.slice(0, 40)}`);
    }
  });
  return page;
}

/** Watches every page `context` has and opens (see `watch`). */
export function watchContext(context: BrowserContext, name?: string): BrowserContext {
  const w = current;
  if (!w || w.contexts.has(context)) return context;
  w.contexts.add(context);
  let n = 0;
  const label = () => (name ? (++n === 1 ? name : `${name} #${n}`) : undefined);
  for (const p of context.pages()) watch(p, label());
  context.on('page', (p) => watch(p, label()));
  return context;
}

/**
 * A new browser context whose pages are watched: another patron, another site framing a
 * widget, axe's scripted copy. Use it instead of `browser.newContext`.
 */
export async function newContext(browser: Browser, options?: BrowserContextOptions, name?: string): Promise<BrowserContext> {
  return watchContext(await browser.newContext(options), name);
}

/** Every test fails on a console error in any page it opens: CSP violations, hydration errors, panics. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ context, page }, use) => {
      const w: Watch = { errors: [], documents: [], pages: new WeakSet(), contexts: new WeakSet(), count: 0 };
      current = w;
      watch(page, 'page');
      watchContext(context, 'tab');
      try {
        await use(w.errors);
      } finally {
        if (current === w) current = undefined;
      }
      expect(w.errors, `console errors (CSP violations, panics, hydration); documents:\n${w.documents.join('\n')}`).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export async function signIn(page: Page, info: TestInfo) {
  await visit(page, info, '/signin');
  await page.getByLabel('E-mail').fill(ADMIN_EMAIL);
  await page.getByLabel('Password').fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Partnerships at a glance' })).toBeVisible();
  await ready(page, info);
}

/**
 * The public calendar's program with the most seats left (one a patron can book), as its path;
 * `page` is left on the calendar, scanned.
 */
export async function programWithSeats(page: Page, info: TestInfo): Promise<string> {
  await visit(page, info, '/programs');
  let best: { href: string; seats: number } | undefined;
  for (const line of await page.locator('article.program-line').all()) {
    const seats = Number((await line.locator('.seats').innerText()).trim().match(/^(\d+) seats? left$/)?.[1] ?? 0);
    if (seats > (best?.seats ?? 0)) best = { href: (await line.locator('h3 a').getAttribute('href'))!, seats };
  }
  expect(best, 'a program on /programs has seats left').toBeTruthy();
  return new URL(best!.href, page.url()).pathname;
}
