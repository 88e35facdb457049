import { test as base, expect, Page, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export const ADMIN_EMAIL = 'admin@library.example';
export const ADMIN_PASSWORD = 'e2e admin passphrase';

/** Whether this project runs with JavaScript (and so hydrates). */
export const hydrated = (info: TestInfo) => info.project.name === 'hydrated';

/** Fails on any accessibility violation axe-core finds (WCAG 2.1 A and AA). */
export async function axe(page: Page, info: TestInfo) {
  let results;
  if (hydrated(info)) {
    results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  } else {
    // With JavaScript off axe cannot run inside the page: scan the same HTML in a scripted page.
    const html = await page.content();
    const ctx = await page.context().browser()!.newContext({ javaScriptEnabled: true, bypassCSP: true, baseURL: info.project.use.baseURL });
    const copy = await ctx.newPage();
    await copy.route('**/pkg/*.js', (r) => r.fulfill({ body: '', contentType: 'text/javascript' }));
    await copy.goto('/healthz');
    await copy.setContent(html, { waitUntil: 'load' });
    results = await new AxeBuilder({ page: copy }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
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

/** Every test fails on a console error: CSP violations, hydration errors, panics. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        // A 4xx answer to a form the test filled wrongly on purpose is not a page error.
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`${m.text()} [on ${page.url()}]`);
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      // The documents this page loaded, to tell which answer a console error came with.
      const documents: string[] = [];
      page.on('response', (r) => {
        if (r.request().isNavigationRequest() && r.request().frame() === page.mainFrame()) {
          const csp = r.headers()['content-security-policy'] ?? '(none)';
          documents.push(`${r.request().method()} ${r.url()} -> ${r.status()} csp: ${csp.slice(0, 40)}`);
        }
      });
      await use(errors);
      expect(errors, `console errors (CSP violations, panics, hydration); documents:\n${documents.join('\n')}`).toEqual([]);
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
