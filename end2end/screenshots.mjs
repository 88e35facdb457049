// Takes the README's screenshots from a running Commonplace (BASE_URL), signed in as the
// demo admin. Run through scripts/screenshots.sh, which starts the server.
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const out = process.env.OUT ?? '../docs/screenshots';
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
const shot = async (path, name) => {
  await page.goto(base + path);
  await page.locator('html[data-hydrated="true"]').waitFor();
  await page.screenshot({ path: `${out}/${name}.png` });
  console.log(`${out}/${name}.png`);
};
await shot('/', 'home');
await shot('/join', 'join');
await page.goto(base + '/signin');
await page.locator('html[data-hydrated="true"]').waitFor();
await page.getByLabel('E-mail').fill(process.env.ADMIN_EMAIL ?? 'admin@library.example');
await page.getByLabel('Password').fill(process.env.ADMIN_PASSWORD ?? '');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByRole('heading', { name: 'Partnerships at a glance' }).waitFor();
await shot('/staff', 'staff-home');
await shot('/partners?offering=refreshments', 'directory');
const first = await page.locator('table.directory tbody a').first().getAttribute('href');
await shot(first, 'partner');
await shot('/signups', 'signups');
await browser.close();
