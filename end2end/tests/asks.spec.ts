import * as fs from 'fs';
import * as path from 'path';
import { test, expect, visit, ready, axe, signIn, hydrated, newContext } from './fixtures';

// Each project asks its own café, so both runs start from a partner that was never asked.
const PARTNERS: Record<string, { name: string; email: string }> = {
  'no-js': { name: 'Ironwood Coffee Roasters', email: 'aisha@ironwoodcoffee.example' },
  hydrated: { name: 'Millrace Pizza', email: 'tony@millracepizza.example' },
};

/** The newest message the SMTP sink received for `to`, waiting for it to arrive. */
async function mailTo(to: string): Promise<string> {
  const dir = process.env.MAIL_DIR;
  if (!dir) throw new Error('MAIL_DIR is not set: run the suite through scripts/e2e.sh');
  for (let i = 0; i < 150; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes(to)).sort() : [];
    if (files.length > 0) return fs.readFileSync(path.join(dir, files[files.length - 1]), 'utf8');
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail for ${to} reached the SMTP sink`);
}

// A librarian finds partners for the demo need for refreshments, sees the café ranked with its
// reasons, drafts and sends the ask; the partner opens the link from the e-mail the SMTP server
// received and accepts; the recognition item appears, and the sponsor wall lists the partner.
test('an ask goes from Find partners to the partner’s yes, the ledger and the sponsor wall', async ({ page, browser }, info) => {
  const partner = PARTNERS[info.project.name];
  await signIn(page, info);

  await visit(page, info, '/staff/find');
  const option = page.getByLabel('Open need').locator('option', { hasText: 'Refreshments for the neighborhood meeting' });
  await page.getByLabel('Open need').selectOption(await option.getAttribute('value'));
  await page.getByLabel('Kind of partner').selectOption({ label: 'Local business' });
  await page.getByRole('button', { name: 'Find partners' }).click();
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 2, name: /Partners to ask: Refreshments for the neighborhood meeting/ })).toBeVisible();
  const card = page.locator('li.match', { has: page.getByRole('heading', { name: partner.name }) });
  await expect(card).toContainText('offers refreshments');
  await expect(card.getByRole('meter')).toBeVisible();
  await expect(card.locator('.score')).toContainText('/ 100');
  await axe(page, info);

  await card.getByRole('link', { name: `Draft ask to ${partner.name}` }).click();
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 1, name: `Ask ${partner.name}` })).toBeVisible();
  await expect(page.getByLabel('Subject')).toHaveValue(`Could ${partner.name} bring refreshments to Refreshments for the neighborhood meeting?`);
  await expect(page.getByLabel('Message')).toContainText('Central Library is hosting');
  await axe(page, info);
  await page.getByRole('button', { name: 'Save draft' }).click();
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 1, name: /Could .* bring refreshments/ })).toBeVisible();
  await expect(page.getByText('Not sent yet.')).toBeVisible();
  await axe(page, info);
  await page.getByRole('button', { name: 'Send the ask' }).click();
  await ready(page, info);
  await expect(page.getByText('Sent. The e-mail is in the outbox')).toBeVisible();
  await expect(page.getByText(/Waiting for an answer/)).toBeVisible();
  const askUrl = page.url();

  // The partner, with no account, follows the link in the e-mail.
  const mail = await mailTo(partner.email);
  const link = mail.match(/http:\/\/[^\s]+\/answer\/[0-9a-f]{64}/)?.[0];
  expect(link, 'the e-mail carries the answer link').toBeTruthy();
  const outside = await newContext(browser, { javaScriptEnabled: hydrated(info) }, 'partner');
  const partnerPage = await outside.newPage();
  await partnerPage.goto(link!);
  await ready(partnerPage, info);
  await expect(partnerPage.getByRole('heading', { level: 1, name: /Could .* bring refreshments/ })).toBeVisible();
  await axe(partnerPage, info);
  await partnerPage.getByRole('button', { name: 'Send my answer' }).click();
  await ready(partnerPage, info);
  await expect(partnerPage.getByText('Choose your answer.').first()).toBeVisible();
  await partnerPage.getByLabel('Yes, we can do it').check();
  await partnerPage.getByLabel('A note for the library').fill('Two urns of coffee, on the house.');
  await partnerPage.getByLabel(/may thank .* by name in public/).check();
  await partnerPage.getByRole('button', { name: 'Send my answer' }).click();
  await ready(partnerPage, info);
  await expect(partnerPage.getByText('Thank you! Your answer is recorded.')).toBeVisible();
  await expect(partnerPage.getByText('Your answer: Yes, we can do it.')).toBeVisible();
  await axe(partnerPage, info);
  await outside.close();

  // The librarian sees the yes, the promise in the ledger, and the partner on the wall.
  await visit(page, info, new URL(askUrl).pathname);
  await expect(page.getByText(`${partner.name} said yes.`)).toBeVisible();
  await expect(page.getByText('Two urns of coffee, on the house.')).toBeVisible();
  await visit(page, info, '/staff/recognition');
  const row = page.getByRole('row', { name: new RegExp(`A mention in the library flyer.*${partner.name}`) });
  await expect(row).toBeVisible();
  await visit(page, info, '/sponsors');
  await expect(page.getByRole('listitem').filter({ hasText: partner.name })).toBeVisible();
  // The month's flyer names the partner and prints on one page.
  await visit(page, info, '/flyer');
  await expect(page.getByRole('heading', { level: 1, name: /^Partners in / })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Our sponsors' })).toContainText(partner.name);
  const pdf = (await page.pdf({ format: 'Letter', printBackground: true })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages, 'the flyer prints on one page').toBe(1);
  await visit(page, info, '/staff/outbox');
  await expect(page.getByRole('row', { name: new RegExp(partner.email) })).toContainText('Sent');
});
