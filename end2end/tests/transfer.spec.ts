import { test, expect, ready, newContext, programWithSeats, hydrated } from './fixtures';
import type { Page, TestInfo } from '@playwright/test';
import * as fs from 'fs';

// What a patron's browser really downloads on a first visit to each public page, and on a second
// one, read from the Chrome DevTools protocol (bytes on the wire, headers included). The figures
// are printed, and written to $TRANSFER_REPORT as JSON when it is set (scripts/bench.sh).
//
// The budget: a first visit in at most 20 requests and, on the shipped release build, at most
// 300 KB (TRANSFER_BUDGET_KB=300; the journeys' build has no link-time optimisation and a larger
// wasm, so the suite checks its own, looser figure); every text and wasm answer compressed; a
// second visit downloads no wasm or script again.

const BUDGET_KB = Number(process.env.TRANSFER_BUDGET_KB ?? 600);
const MAX_REQUESTS = 20;

interface Seen {
  url: string;
  status: number;
  mime: string;
  encoding: string;
  bytes: number;
  cached: boolean;
}

/** Loads `path` in `page` and returns every response the load brought, with its wire size. */
async function load(page: Page, info: TestInfo, path: string): Promise<Seen[]> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const seen = new Map<string, Seen>();
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    seen.set(e.requestId, {
      url: e.response.url,
      status: e.response.status,
      mime: e.response.mimeType,
      encoding: h['content-encoding'] ?? '',
      bytes: 0,
      cached: Boolean(e.response.fromDiskCache || e.response.fromMemoryCache),
    });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const s = seen.get(e.requestId);
    if (s) s.bytes = e.encodedDataLength;
  });
  await page.goto(path);
  await ready(page, info);
  await page.waitForLoadState('networkidle');
  await cdp.detach();
  return [...seen.values()].filter((s) => !s.url.startsWith('data:'));
}

const kb = (n: number) => Math.round(n / 1024);
const isCode = (s: Seen) => /\.(wasm|js)$/.test(new URL(s.url).pathname);

test('a first visit to each public page is small and compressed, a second downloads no code', async ({ page, browser }, info) => {
  test.setTimeout(180_000);
  const program = await programWithSeats(page, info);
  const pages = ['/', '/join', '/programs', program, '/polls', '/polls/lasting-partnerships', '/sponsors', '/signin'];
  const rows: Record<string, unknown>[] = [];
  for (const path of pages) {
    const ctx = await newContext(browser, { javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL }, `first visit to ${path}`);
    const p = await ctx.newPage();
    const first = await load(p, info, path);
    const total = first.reduce((a, s) => a + s.bytes, 0);
    const wasm = first.filter((s) => s.url.endsWith('.wasm')).reduce((a, s) => a + s.bytes, 0);
    for (const s of first) {
      const text = /^(text\/|application\/(wasm|javascript|json))/.test(s.mime);
      if (text && s.status === 200 && s.bytes > 1500) {
        expect(s.encoding, `${s.url} (${s.mime}) goes out compressed`).toMatch(/^(br|gzip)$/);
      }
    }
    expect(first.length, `${path}: requests on a first visit`).toBeLessThanOrEqual(MAX_REQUESTS);
    expect(kb(total), `${path}: KB on the wire on a first visit`).toBeLessThanOrEqual(BUDGET_KB);

    const second = await load(p, info, path);
    const code = second.filter(isCode);
    // A revalidated file costs its headers only (a 304); a re-download costs its body.
    const again = code.filter((s) => !s.cached && s.status !== 304 && s.bytes > 1024);
    expect(again.map((s) => s.url), `${path}: code downloaded again on a second visit`).toEqual([]);
    const secondBytes = code.reduce((a, s) => a + (s.cached ? 0 : s.bytes), 0);
    rows.push({ page: path, requests: first.length, kb: kb(total), wasm_kb: kb(wasm), second_visit_code_bytes: secondBytes });
    await ctx.close();
  }
  console.log(`${info.project.name}: first visits\n` + rows.map((r) => JSON.stringify(r)).join('\n'));
  if (process.env.TRANSFER_REPORT) {
    fs.writeFileSync(`${process.env.TRANSFER_REPORT}.${info.project.name}.json`, JSON.stringify(rows, null, 2));
  }
});
