import { test, expect, visit, ready, axe, signIn, hydrated, newContext } from './fixtures';

// The foundation journey: a partner signs up (first with mistakes), a librarian signs in,
// approves it, finds it with filters and logs an interaction.
test('a partner signs up and a librarian welcomes them', async ({ page }, info) => {
  const org = `Riverbend Robotics Club (${info.project.name})`;

  await visit(page, info, '/join');
  await expect(page.getByRole('heading', { name: 'Become a library partner' })).toBeVisible();

  // First with mistakes: no name, a broken e-mail, nothing offered.
  await page.getByLabel('Your name').fill('Priya Natarajan');
  await page.getByLabel('E-mail').fill('priya at riverbend');
  await page.getByRole('button', { name: 'Send to the library' }).click();
  await ready(page, info);
  await expect(page.getByRole('alert')).toContainText('Please correct the highlighted fields');
  await expect(page.locator('#f-org_name-error')).toHaveText('Organization name is required.');
  await expect(page.locator('#f-contact_email-error')).toHaveText('Enter an e-mail address like name@example.org.');
  await expect(page.locator('#f-offerings-error')).toHaveText('Choose at least one thing you could offer.');
  await expect(page.getByLabel('Organization name')).toHaveAttribute('aria-invalid', 'true');
  await axe(page, info);

  // Then correctly.
  await page.getByLabel('Organization name').fill(org);
  await page.getByLabel('Kind of organization').selectOption({ label: 'Nonprofit or club' });
  await page.getByLabel('Your name').fill('Priya Natarajan');
  await page.getByLabel('E-mail').fill('priya@riverbend.example');
  await page.getByLabel('Workshop leader').check();
  await page.getByLabel('Volunteers').check();
  await page.getByLabel('Saturday morning').check();
  await page.getByLabel('Anything else we should know?').fill('Our teens could run a robot-building afternoon.');
  await page.getByRole('button', { name: 'Send to the library' }).click();
  await expect(page.getByRole('heading', { name: 'Thank you — we received your sign-up' })).toBeVisible();
  await ready(page, info);
  await axe(page, info);

  // A librarian signs in and reviews it.
  await signIn(page, info);
  await axe(page, info);
  await visit(page, info, '/staff/signups');
  const card = page.getByRole('article', { name: org });
  await expect(card).toContainText('Workshop leader, Volunteers');
  await card.getByRole('button', { name: `Approve ${org}` }).click();
  if (hydrated(info)) {
    await expect(page.getByRole('status').filter({ hasText: 'joined the directory' })).toBeVisible();
  }
  await expect(page.getByRole('article', { name: org })).toHaveCount(0);
  await visit(page, info, '/staff/signups?status=approved');
  await expect(page.getByRole('article', { name: org })).toContainText('Approved by Administrator');

  // Finds it with filters.
  await visit(page, info, '/staff/partners');
  await page.getByLabel('Search').fill('Riverbend');
  await page.getByLabel('Offers').selectOption({ label: 'Workshop leader' });
  await page.getByLabel('Stage').selectOption({ label: 'Contacted' });
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/offering=workshop_leader/);
  await expect(page).toHaveURL(/stage=contacted/);
  await ready(page, info);
  await expect(page.getByRole('link', { name: org })).toBeVisible();
  await axe(page, info);

  // Opens it and logs an interaction.
  await page.getByRole('link', { name: org }).click();
  await expect(page.getByRole('heading', { level: 1, name: org })).toBeVisible();
  await ready(page, info);
  await expect(page.locator('ol.log')).toContainText('Signed up through the public form');
  await axe(page, info);
  await page.getByLabel('Kind').selectOption({ label: 'Visit' });
  await page.getByLabel('What happened').fill(`Visited their workshop space (${info.project.name}).`);
  await page.getByRole('button', { name: 'Add to log' }).click();
  await expect(page.locator('ol.log li').first()).toContainText(`Visited their workshop space (${info.project.name}).`);
  await expect(page.locator('ol.log li').first()).toContainText('Administrator');
});

test('the directory is reachable only after signing in, and unknown pages say so', async ({ page }, info) => {
  await page.goto('/staff/partners?offering=refreshments');
  await expect(page.getByRole('heading', { name: 'Staff sign in' })).toBeVisible();
  await ready(page, info);
  await axe(page, info);
  const res = await page.goto('/no-such-page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'We could not find that page' })).toBeVisible();
  await ready(page, info);
  await axe(page, info);
});

test('home page invites partners and staff', async ({ page }, info) => {
  await visit(page, info, '/');
  await expect(page.getByRole('link', { name: 'Become a partner' }).first()).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
});

// Duplicates: the demo's yarn shop signs up again under its legal name; the librarian is
// offered the partner already listed and files the sign-up under it. Then the merge page:
// a duplicate found by name, and the confirmation that says what would move (cancelled).
test('a second sign-up from a listed partner is added to it, not duplicated', async ({ page, browser }, info) => {
  const org = 'Purl and Skein Yarn Shop, LLC';
  const contact = `Dana Whit (${info.project.name})`;
  const email = `dana.${info.project.name}@purlandskein.example`;

  // The shop signs up from its own connection.
  const shop = await newContext(
    browser,
    {
      javaScriptEnabled: hydrated(info),
      baseURL: info.project.use.baseURL,
      extraHTTPHeaders: { 'X-Forwarded-For': hydrated(info) ? '198.51.100.21' : '198.51.100.20' },
    },
    'yarn shop',
  );
  const join = await shop.newPage();
  await visit(join, info, '/join');
  await join.getByLabel('Organization name').fill(org);
  await join.getByLabel('Kind of organization').selectOption({ label: 'Local business' });
  await join.getByLabel('Your name').fill(contact);
  await join.getByLabel('E-mail').fill(email);
  await join.getByLabel('Volunteers').check();
  await join.getByRole('button', { name: 'Send to the library' }).click();
  await expect(join.getByRole('heading', { name: 'Thank you — we received your sign-up' })).toBeVisible();
  await shop.close();

  await signIn(page, info);
  await visit(page, info, '/staff/signups');
  const card = page.getByRole('article', { name: org }).filter({ hasText: email });
  const likely = card.getByRole('region', { name: 'Already in the directory?' });
  await expect(likely).toContainText('Purl & Skein Yarn Shop');
  await expect(likely).toContainText('the same name, spelled differently');
  await expect(likely).toContainText('the same web domain, purlandskein.example');
  await expect(card.getByRole('button', { name: `Approve ${org} as a new partner` })).toBeVisible();
  await axe(page, info);
  await likely.getByRole('button', { name: 'Add to Purl & Skein Yarn Shop instead' }).click();
  if (hydrated(info)) {
    await expect(page.getByRole('status').filter({ hasText: 'The sign-up was added to Purl & Skein Yarn Shop' })).toBeVisible();
  }
  await expect(card).toHaveCount(0);

  // One shop, now with the new contact and the sign-up in its log.
  await visit(page, info, '/staff/partners?q=purl');
  await expect(page.getByRole('link', { name: /Purl/ })).toHaveCount(1);
  await page.getByRole('link', { name: 'Purl & Skein Yarn Shop' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Purl & Skein Yarn Shop' })).toBeVisible();
  await ready(page, info);
  await expect(page.getByRole('region', { name: 'Contacts' })).toContainText(contact);
  await expect(page.locator('ol.log')).toContainText(`Signed up again through the public form as ${contact}`);

  // The merge page: find a partner by name and see what merging it would move.
  await page.getByRole('link', { name: 'Merge a duplicate' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Merge a duplicate into Purl & Skein Yarn Shop' })).toBeVisible();
  await ready(page, info);
  await page.getByLabel('Partner name').fill('Panel Gap');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page).toHaveURL(/q=Panel/);
  await page.getByRole('link', { name: 'Review merging Panel Gap Comics' }).click();
  const confirm = page.getByRole('region', { name: 'Merge “Panel Gap Comics” into “Purl & Skein Yarn Shop”?' });
  await expect(confirm).toContainText('Moves to Purl & Skein Yarn Shop:');
  await expect(confirm).toContainText('Panel Gap Comics then leaves the directory. A merge cannot be undone.');
  await expect(confirm.getByRole('button', { name: 'Merge Panel Gap Comics into Purl & Skein Yarn Shop' })).toBeVisible();
  await ready(page, info);
  await axe(page, info);
  await confirm.getByRole('link', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: 'Merge a duplicate into Purl & Skein Yarn Shop' })).toBeVisible();
});
