import { execFileSync } from 'child_process';
import * as path from 'path';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, visit, ready, signIn, hydrated, newContext } from './fixtures';

// Every page the router knows is opened and scanned, so a new page cannot be left out of the
// journeys' checks. The list comes from the server binary itself (`commonplace routes`, no
// database needed); the values of a route's parameters are found by using the app, in the demo
// data the suite's server starts with.

/** The binary the suite's server runs (`scripts/e2e.sh` says which), else the release one. */
const BINARY = process.env.COMMONPLACE_BIN ?? path.resolve(__dirname, '..', '..', 'target', 'release', 'commonplace');

/** Every page route, in Leptos form (`/staff/partners/:id`), as the binary prints them. */
function pageRoutes(): string[] {
  let out: string;
  try {
    out = execFileSync(BINARY, ['routes'], { encoding: 'utf8', timeout: 30_000, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`\`${BINARY} routes\` failed; build the server first (scripts/e2e.sh names it in COMMONPLACE_BIN): ${e}`);
  }
  const routes = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('/'))
    // Axum's spelling (`{id}`, `{*rest}`) if it ever prints that, in Leptos's (`:id`, `*rest`).
    .map((l) => l.replace(/\{\*([^}]+)\}/g, '*$1').replace(/\{([^}]+)\}/g, ':$1'));
  return [...new Set(routes)];
}

/** Whether a route has parameters to fill in. */
const dynamic = (route: string) => /[:*]/.test(route);

/**
 * Finds, by using the app as the signed-in admin, the values the routes' parameters take.
 * Each lookup is made once per test.
 */
class Finder {
  private memo = new Map<string, Promise<string>>();

  constructor(private page: Page, private info: TestInfo) {}

  private once(key: string, find: () => Promise<string>): Promise<string> {
    if (!this.memo.has(key)) this.memo.set(key, find());
    return this.memo.get(key)!;
  }

  /** The first link in the page's main content whose path matches `re`, on the first page of `lists` that has one. */
  private async firstLink(lists: string[], re: RegExp): Promise<string | undefined> {
    for (const list of lists) {
      await this.page.goto(list);
      await ready(this.page, this.info);
      for (const href of await this.page.locator('#main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        const p = new URL(href, this.page.url());
        if (re.test(p.pathname)) return p.pathname;
      }
    }
    return undefined;
  }

  private async link(lists: string[], re: RegExp, what: string): Promise<string> {
    const found = await this.firstLink(lists, re);
    if (!found) throw new Error(`no ${what} (a link like ${re}) on ${lists.join(' or ')}`);
    return found;
  }

  partner = () => this.once('partner', () => this.link(['/staff/partners'], /^\/staff\/partners\/\d+$/, 'partner'));
  need = () => this.once('need', () => this.link(['/staff/needs', '/staff/needs?status=all'], /^\/staff\/needs\/\d+$/, 'need'));
  ask = () => this.once('ask', () => this.link(['/staff/asks?status=all'], /^\/staff\/asks\/\d+$/, 'ask'));
  /** A partner that was asked before, so it has a contact with an e-mail address. */
  askedPartner = () => this.once('askedPartner', () => this.link(['/staff/asks?status=all'], /^\/staff\/partners\/\d+$/, 'asked partner'));
  staffPoll = () => this.once('staffPoll', () => this.link(['/staff/polls'], /^\/staff\/polls\/\d+$/, 'poll'));
  /** The public page of that poll, from its "Open the public page" link. */
  poll = () => this.once('poll', async () => this.link([await this.staffPoll()], /^\/polls\/[^/]+$/, 'public poll page'));
  staffProgram = () => this.once('staffProgram', () => this.link(['/staff/programs'], /^\/staff\/programs\/\d+$/, 'program'));
  program = () => this.once('program', () => this.link(['/programs'], /^\/programs\/\d+$/, 'public program'));
  message = () => this.once('message', () => this.link(['/staff/outbox'], /^\/staff\/outbox\/\d+$/, 'outbox message'));

  /** A draft ask (only drafts can be changed): the first one, or a new one. */
  draftAsk = () =>
    this.once('draftAsk', async () => (await this.firstLink(['/staff/asks?status=draft'], /^\/staff\/asks\/\d+$/)) ?? (await this.newDraft()));

  /** A partner's link to answer an ask, from an e-mail in the outbox; one is sent if none is there. */
  answerLink = () =>
    this.once('answerLink', async () => {
      const re = /\/answer\/[0-9a-f]{64}\b/;
      const found = await this.inOutbox(re);
      if (found) return found;
      const ask = await this.newDraft();
      await this.page.goto(ask);
      await ready(this.page, this.info);
      await this.page.getByRole('button', { name: 'Send the ask' }).click();
      await ready(this.page, this.info);
      await expect(this.page.getByText('Sent. The e-mail is in the outbox')).toBeVisible();
      const sent = await this.inOutbox(re);
      if (!sent) throw new Error('an ask was sent, but no e-mail in the outbox carries its answer link');
      return sent;
    });

  /** A patron's link to their registration, from a confirmation in the outbox (the demo registrations send them). */
  manageLink = () =>
    this.once('manageLink', async () => {
      const found = await this.inOutbox(/\/programs\/manage\/[0-9a-f]{64}\b/);
      if (!found) throw new Error('no e-mail in the outbox carries a /programs/manage/ link');
      return found;
    });

  /**
   * The first path matching `re` in the body of a message in the outbox, newest first. The
   * message pages are read as the signed-in browser gets them, without rendering each one.
   */
  private async inOutbox(re: RegExp): Promise<string | undefined> {
    await this.page.goto('/staff/outbox');
    await ready(this.page, this.info);
    const messages = await this.page
      .locator('#main a[href^="/staff/outbox/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '').filter((h) => /^\/staff\/outbox\/\d+$/.test(h)));
    for (const m of messages) {
      const res = await this.page.request.get(m);
      expect(res.status(), `GET ${m}`).toBe(200);
      const found = (await res.text()).match(re)?.[0];
      if (found) return found;
    }
    return undefined;
  }

  /** Saves a new draft ask to a partner asked before, from the draft form's suggestions. */
  private async newDraft(): Promise<string> {
    await this.page.goto(`/staff/asks/new?partner=${(await this.askedPartner()).split('/').pop()}`);
    await ready(this.page, this.info);
    await this.page.getByRole('button', { name: 'Save draft' }).click();
    await ready(this.page, this.info);
    await expect(this.page.getByText('Not sent yet.')).toBeVisible();
    return new URL(this.page.url()).pathname;
  }
}

type Resolve = (f: Finder) => Promise<string>;

/**
 * How to reach each route with parameters (and each page that needs a query to be itself).
 * A route the binary lists with parameters and no entry here fails the test: add one.
 */
const RESOLVERS: Record<string, Resolve> = {
  '/staff/partners/:id': (f) => f.partner(),
  '/staff/partners/:id/edit': async (f) => `${await f.partner()}/edit`,
  '/staff/partners/:id/merge': async (f) => `${await f.partner()}/merge`,
  '/polls/:slug': (f) => f.poll(),
  '/embed/polls/:slug': async (f) => `/embed${await f.poll()}`,
  '/staff/polls/:id': (f) => f.staffPoll(),
  '/staff/polls/:id/edit': async (f) => `${await f.staffPoll()}/edit`,
  '/staff/needs/:id': (f) => f.need(),
  '/staff/needs/:id/edit': async (f) => `${await f.need()}/edit`,
  // Drafting starts from a partner (the page says so, as an error, without one).
  '/staff/asks/new': async (f) => `/staff/asks/new?partner=${(await f.askedPartner()).split('/').pop()}`,
  '/staff/asks/:id': (f) => f.ask(),
  '/staff/asks/:id/edit': async (f) => `${await f.draftAsk()}/edit`,
  '/answer/:token': (f) => f.answerLink(),
  '/staff/outbox/:id': (f) => f.message(),
  '/programs/:id': (f) => f.program(),
  '/programs/manage/:token': (f) => f.manageLink(),
  '/staff/programs/:id': (f) => f.staffProgram(),
};

/** What a patron, signed out, opens: each is scanned signed out too. */
const PUBLIC = [
  '/',
  '/join',
  '/join/thanks',
  '/signin',
  '/programs',
  '/programs/:id',
  '/programs/manage/:token',
  '/polls',
  '/polls/:slug',
  '/embed/polls/:slug',
  '/answer/:token',
  '/sponsors',
  '/flyer',
];

/** Opens `url` (scanning it with axe) and checks it is a page: its main heading, no error. */
async function scan(page: Page, info: TestInfo, route: string, url: string) {
  const res = await visit(page, info, url);
  expect(res?.status(), `${route} (${url}) answers`).toBeLessThan(400);
  await expect(page.getByRole('heading', { name: 'We could not find that page' }), `${route} (${url}) is not the not-found page`).toHaveCount(0);
  const h1 = page.locator('main h1').first();
  await expect(h1, `${route} (${url}) shows its main heading`).toBeVisible();
  const heading = (await h1.innerText()).trim();
  expect(heading, `${route} (${url}) has a main heading`).not.toBe('');
  expect(heading, `${route} (${url}) is not a "not found" view`).not.toMatch(/not found|does not open/i);
  await expect(page.locator('main .notice.error[role=alert]'), `${route} (${url}) shows no error`).toHaveCount(0);
  return heading;
}

test('every page route opens, with its heading and no error, signed in and (public ones) signed out', async ({ page, browser }, info) => {
  test.setTimeout(15 * 60_000);
  const routes = pageRoutes();
  expect(routes, 'the binary lists the page routes').toContain('/');

  const missing = routes.filter((r) => dynamic(r) && !RESOLVERS[r]);
  expect(missing, `add a resolver for ${missing.join(', ')} to RESOLVERS in routes.spec.ts`).toEqual([]);
  const stale = Object.keys(RESOLVERS).filter((r) => !routes.includes(r));
  expect(stale, `RESOLVERS names routes the router no longer has: ${stale.join(', ')}`).toEqual([]);
  const gone = PUBLIC.filter((r) => !routes.includes(r));
  expect(gone, `PUBLIC names routes the router no longer has: ${gone.join(', ')}`).toEqual([]);

  await signIn(page, info);
  // Parameters are looked up in a second tab of the same browser, signed in too.
  const scout = await page.context().newPage();
  const finder = new Finder(scout, info);
  const urls = new Map<string, string>();
  for (const route of routes) {
    const resolve = RESOLVERS[route];
    urls.set(route, resolve ? await test.step(`find ${route}`, () => resolve(finder)) : route);
  }
  await scout.close();

  for (const route of routes) {
    await test.step(`signed in: ${route}`, () => scan(page, info, route, urls.get(route)!));
  }

  // A patron's browser: nobody signed in.
  const patron = await newContext(browser, { javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL }, 'patron');
  const p = await patron.newPage();
  for (const route of PUBLIC) {
    await test.step(`signed out: ${route}`, async () => {
      const heading = await scan(p, info, route, urls.get(route)!);
      if (route !== '/signin') expect(heading, `${route} is public: it does not ask to sign in`).not.toBe('Staff sign in');
    });
  }
  await patron.close();
});
