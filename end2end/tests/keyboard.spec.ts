import type { Locator, Page } from '@playwright/test';
import { test, expect, visit, ready, axe, hydrated, programWithSeats } from './fixtures';

// Journeys made with the keyboard alone, as someone who cannot use a mouse makes them: Tab and
// Shift+Tab to move, typing, Space and arrow keys to choose, Enter to send. No click, no fill.
// Where focus lands is checked before each key, so the order of the page is what is tested.

/** Presses Tab (Shift+Tab with `back`) once and checks where focus lands. */
async function tab(page: Page, to: Locator, back = false) {
  await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  await expect(to).toBeFocused();
}

/**
 * Presses Tab (Shift+Tab with `back`) until `to` has focus, at most `max` times: for the way
 * past the header or a long list of checkboxes. Focus never rests on the hidden honeypot field.
 */
async function tabTo(page: Page, to: Locator, max: number, back = false) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const name = await page.evaluate(() => document.activeElement?.getAttribute('name') ?? '');
    expect(name, 'the hidden honeypot field never takes focus').not.toBe('fax_number');
    if (await to.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${to}`);
}

const skipLink = (page: Page) => page.getByRole('link', { name: 'Skip to content' });

test('a partner signs up with the keyboard alone', async ({ page }, info) => {
  const project = info.project.name;
  await visit(page, info, '/join');
  // The skip link comes first, and Tab goes on past it and the header into the form.
  await tab(page, skipLink(page));
  await tabTo(page, page.getByLabel('Organization name'), 12);
  await page.keyboard.type(`Keyboard Quilters (${project})`);
  const kind = page.getByLabel('Kind of organization');
  await tab(page, kind);
  // A closed select takes the first letters of an option.
  await page.keyboard.type('Nonprofit');
  await expect(kind).toHaveValue('nonprofit');
  await tab(page, page.getByLabel('Website'));
  await tab(page, page.getByLabel('Street address'));
  await tab(page, page.getByLabel('Neighborhood'));
  await tab(page, page.getByLabel('Your name'));
  await page.keyboard.type('Ines Moreau');
  await tab(page, page.getByLabel('Your role'));
  await tab(page, page.getByLabel('E-mail'));
  await page.keyboard.type(`ines.${project}@quilters.example`);
  await tab(page, page.getByLabel('Phone'));

  const offers = page.getByRole('group', { name: /^What you could offer/ });
  await tab(page, offers.getByLabel('Refreshments'));
  await tab(page, offers.getByLabel('Guest speaker or presenter'));
  await tab(page, offers.getByLabel('Storytime reader'));
  await tab(page, offers.getByLabel('Workshop leader'));
  await page.keyboard.press('Space');
  await expect(offers.getByLabel('Workshop leader')).toBeChecked();
  const literacy = page.getByRole('group', { name: 'Community goals you care about' }).getByLabel('Literacy');
  await tabTo(page, literacy, 12);
  await page.keyboard.press('Space');
  await expect(literacy).toBeChecked();
  const saturday = page.getByLabel('Saturday morning', { exact: true });
  await tabTo(page, saturday, 40);
  await page.keyboard.press('Space');
  await expect(saturday).toBeChecked();
  await tabTo(page, page.getByLabel('Anything else we should know?'), 10);
  await page.keyboard.type('We could teach quilting on two Saturday mornings a month.');
  // The honeypot field sits between the message and the button, out of the tab order.
  await tab(page, page.getByRole('button', { name: 'Send to the library' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Thank you — we received your sign-up' })).toBeVisible();
  await ready(page, info);
  await axe(page, info);
});

test('a patron registers for a program with the keyboard alone', async ({ page }, info) => {
  const program = await programWithSeats(page, info);
  await visit(page, info, program);
  const title = (await page.locator('main h1').innerText()).trim();
  const form = page.getByRole('form', { name: /^(Register|Join the waitlist)$/ });
  await tab(page, skipLink(page));
  await tabTo(page, form.getByLabel('Your name'), 40);
  await page.keyboard.type('Dana Whitfield');
  await tab(page, form.getByLabel('E-mail'));
  await page.keyboard.type(`dana.${info.project.name}.${Date.now()}@patrons.example`);
  const party = form.getByLabel('How many people (you included)');
  await tab(page, party);
  // The arrow keys step a number field: two people, if the program takes parties of two.
  const limit = Number((await form.getByText(/^Up to \d+ \w+ per registration\.$/).innerText()).match(/\d+/)![0]);
  const people = Math.min(2, limit);
  if (people === 2) await page.keyboard.press('ArrowUp');
  await expect(party).toHaveValue(String(people));
  await tab(page, form.getByLabel('Accessibility needs'));
  await page.keyboard.type('A chair near the door, please.');
  await tab(page, form.getByRole('button', { name: /^(Register|Join the waitlist)$/ }));
  await page.keyboard.press('Enter');

  if (hydrated(info)) {
    // The page says so where the form is, and links to the registration: back up to the link.
    await expect(page.getByRole('status').filter({ hasText: 'You are registered. We sent you an e-mail with the details.' })).toBeVisible();
    await tabTo(page, page.getByRole('link', { name: 'See or change your registration' }), 10, true);
    await page.keyboard.press('Enter');
  }
  // Without JavaScript the form post leads to the registration's own page straight away.
  await expect(page).toHaveURL(/\/programs\/manage\/[0-9a-f]{64}/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(`You are registered: ${people === 1 ? '1 person' : `${people} people`}.`)).toBeVisible();
  await ready(page, info);
  await axe(page, info);
});

test('a patron votes in the poll with the keyboard alone', async ({ page }, info) => {
  await visit(page, info, '/polls/lasting-partnerships');
  const total = page.locator('.results-total');
  const before = Number((await total.innerText()).match(/\d+/)![0]);
  await tab(page, skipLink(page));
  // Tab enters the option group at its first option; the arrow keys move and choose.
  await tabTo(page, page.getByRole('radio', { name: 'Trust between the partners' }), 12);
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'Skills that complement each other' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const choice = page.getByRole('radio', { name: 'Goals both sides share' });
  await expect(choice).toBeFocused();
  await expect(choice).toBeChecked();
  // One Tab leaves the group (and passes the hidden honeypot field) for the button.
  await tab(page, page.getByRole('button', { name: 'Vote', exact: true }));
  await page.keyboard.press('Space');
  await expect(page.locator('.notice[role=status]')).toHaveText('Thank you — your vote was counted.');
  await ready(page, info);
  await expect(total).toHaveText(`${before + 1} people voted`);
  await expect(page.getByText('You have voted in this poll.')).toBeVisible();
  await axe(page, info);
});

// With JavaScript the router takes a click on `#main` for its own navigation; the browser must
// still move focus to the content, or the link skips nothing for a keyboard user.
test('the skip link moves keyboard focus to the page content', async ({ page }, info) => {
  await visit(page, info, '/join');
  await tab(page, skipLink(page));
  await page.keyboard.press('Enter');
  await tab(page, page.getByLabel('Organization name'));
});
