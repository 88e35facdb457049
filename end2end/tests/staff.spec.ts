import { test, expect, visit, ready, axe, signIn, newContext } from './fixtures';

// Admins manage staff accounts in the UI; a new librarian signs in, changes their password,
// adds a partner (first with a mistake) and signs out.
test('an admin adds a librarian who then adds a partner', async ({ page, browser }, info) => {
  const tag = info.project.name;
  const email = `lee.${tag}@library.example`;
  await signIn(page, info);
  await visit(page, info, '/admin/staff');
  await page.locator('#f-name').fill(`Lee Park ${tag}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Initial password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await ready(page, info);
  await expect(page.locator('#f-password-error')).toContainText('Use at least 12 characters');
  await page.locator('#f-name').fill(`Lee Park ${tag}`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Initial password').fill('welcome to the branch');
  await page.getByRole('button', { name: 'Create account' }).click();
  await ready(page, info);
  await expect(page.getByRole('row', { name: new RegExp(`Lee Park ${tag}`) })).toContainText('Active');
  await axe(page, info);

  // Lee signs in in another browser.
  const ctx = await newContext(browser, { javaScriptEnabled: tag === 'hydrated' }, 'Lee');
  const lee = await ctx.newPage();
  await visit(lee, info, '/signin');
  await lee.getByLabel('E-mail').fill(email);
  await lee.getByLabel('Password').fill('welcome to the branch');
  await lee.getByRole('button', { name: 'Sign in' }).click();
  await expect(lee.getByRole('heading', { name: 'Partnerships at a glance' })).toBeVisible();
  await ready(lee, info);
  // Staff do not see the admin page.
  await expect(lee.getByRole('link', { name: 'Staff accounts' })).toHaveCount(0);

  // Lee adds a partner, first forgetting its name.
  await visit(lee, info, '/staff/partners/new');
  await lee.locator('#f-kind').selectOption({ label: 'Fire, police or EMS' });
  await lee.getByLabel('Latitude').fill('95');
  await lee.getByLabel('Longitude').fill('-93.2');
  await lee.getByRole('button', { name: 'Save partner' }).click();
  await ready(lee, info);
  await expect(lee.locator('#f-name-error')).toHaveText('Name is required.');
  await expect(lee.locator('#f-latitude-error')).toContainText('from -90 to 90');
  await lee.locator('#f-name').fill(`Station 9 ${tag}`);
  await lee.locator('#f-kind').selectOption({ label: 'Fire, police or EMS' });
  await lee.getByLabel('Latitude').fill('44.95');
  await lee.getByLabel('Longitude').fill('-93.2');
  await lee.locator('#f-contacts-0-name').fill('Captain Ortiz');
  await lee.locator('#f-contacts-0-phone').fill('555-0170');
  await lee.getByLabel('Storytime reader').check();
  await lee.getByLabel('Health screening').check();
  await lee.getByRole('button', { name: 'Save partner' }).click();
  await expect(lee.getByRole('heading', { level: 1, name: `Station 9 ${tag}` })).toBeVisible();
  await ready(lee, info);
  await expect(lee.getByText('Captain Ortiz')).toBeVisible();
  await axe(lee, info);

  // The admin deactivates Lee, whose next page asks to sign in again.
  await visit(page, info, '/admin/staff');
  await page.getByRole('button', { name: `Deactivate Lee Park ${tag}` }).click();
  await ready(page, info);
  await expect(page.getByRole('row', { name: new RegExp(`Lee Park ${tag}`) })).toContainText('Deactivated');
  await lee.goto('/staff/partners');
  await expect(lee.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
  await ctx.close();
});

test('a librarian signs out', async ({ page }, info) => {
  await signIn(page, info);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('status')).toContainText('You are signed out.');
  await ready(page, info);
  await page.goto('/staff');
  await expect(page.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
});
