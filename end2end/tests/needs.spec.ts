import { test, expect, visit, ready, axe, signIn } from './fixtures';

// An admin adds a branch; the closed demo poll's winning workshop becomes a need; the need
// lists partners to ask with the reasons; the best one's page lists the need; the need is filled.
test('a closed poll becomes a need that names partners to ask, and why', async ({ page }, info) => {
  const tag = info.project.name;
  const branch = `Riverside Branch ${tag}`;
  await signIn(page, info);

  await visit(page, info, '/admin/branches');
  await page.getByLabel('Name').fill(branch);
  await page.getByLabel('Latitude').fill('44.9400');
  await page.getByLabel('Longitude').fill('-93.2900');
  await page.getByRole('button', { name: 'Save branch' }).click();
  await ready(page, info);
  await expect(page.getByRole('status')).toContainText('Branch saved.');
  await expect(page.getByRole('rowheader', { name: branch })).toBeVisible();
  await axe(page, info);

  await visit(page, info, '/admin/matching');
  await expect(page.getByLabel('Offers what the need asks for')).toHaveValue('35');

  // The closed poll's winner starts a need, prefilled.
  await visit(page, info, '/staff/polls');
  await page.getByRole('link', { name: 'Which workshop should we run next spring?' }).click();
  await ready(page, info);
  await expect(page.getByText('Winning option: Drawing your own comic, with Panel Gap Comics.')).toBeVisible();
  await page.locator('#main').getByRole('link', { name: 'Find partners' }).click();
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 1, name: 'Record a need' })).toBeVisible();
  await expect(page.getByLabel('Title')).toHaveValue('Drawing your own comic, with Panel Gap Comics');
  await expect(page.getByLabel('Offering wanted')).toHaveValue('workshop_leader');
  await axe(page, info);

  // Saving without a branch or a date names both fields.
  await page.getByRole('button', { name: 'Save and find partners' }).click();
  await ready(page, info);
  await expect(page.locator('#f-branch_id-error')).toHaveText('Choose a branch.');
  await expect(page.locator('#f-starts_on-error')).toHaveText('Give the date of the need.');
  await expect(page.getByLabel('Title')).toHaveValue('Drawing your own comic, with Panel Gap Comics');
  await page.getByLabel('Branch').selectOption({ label: branch });
  await page.getByLabel('First day').fill('2027-03-06');
  await page.getByLabel('Time of day').selectOption({ label: 'Morning' });
  await page.getByRole('button', { name: 'Save and find partners' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drawing your own comic, with Panel Gap Comics' })).toBeVisible();
  await ready(page, info);
  await expect(page.getByText('the poll “Which workshop should we run next spring?”')).toBeVisible();

  // Partners to ask, best first, each with its reasons.
  const matches = page.locator('ol.matches > li.match');
  expect(await matches.count()).toBeGreaterThan(2);
  const best = matches.first();
  await expect(best).toContainText('offers workshop leader');
  await expect(best).toContainText(`from ${branch}`);
  const bestName = (await best.getByRole('heading').innerText()).trim();
  await axe(page, info);

  // The best partner's page lists the need it fits.
  await best.getByRole('link', { name: bestName, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: bestName })).toBeVisible();
  await ready(page, info);
  const fits = page.getByRole('region', { name: 'Open needs it fits' });
  await expect(fits.getByRole('link', { name: 'Drawing your own comic, with Panel Gap Comics' }).first()).toBeVisible();
  await fits.getByRole('link', { name: 'Drawing your own comic, with Panel Gap Comics' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drawing your own comic, with Panel Gap Comics' })).toBeVisible();
  await ready(page, info);

  // Filled needs leave the open list.
  await page.getByRole('button', { name: 'Mark as filled' }).click();
  await ready(page, info);
  await expect(page.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await visit(page, info, '/staff/needs?status=filled');
  await expect(page.getByRole('link', { name: 'Drawing your own comic, with Panel Gap Comics' }).first()).toBeVisible();
});
