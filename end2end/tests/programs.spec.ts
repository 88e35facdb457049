import * as fs from 'fs';
import * as path from 'path';
import { test, expect, visit, ready, axe, signIn, hydrated, newContext } from './fixtures';

/** The newest message the SMTP sink received for `to`, soft line breaks undone. */
async function mailTo(to: string): Promise<string> {
  const dir = process.env.MAIL_DIR;
  if (!dir) throw new Error('MAIL_DIR is not set: run the suite through scripts/e2e.sh');
  for (let i = 0; i < 150; i++) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.includes(to)).sort() : [];
    if (files.length > 0) {
      const text = fs.readFileSync(path.join(dir, files[files.length - 1]), 'utf8');
      return text.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no e-mail for ${to} reached the SMTP sink`);
}

/** The first day, `weeks` weeks on, that falls on a Saturday, as YYYY-MM-DD. */
function saturdayIn(weeks: number): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + 7 * weeks);
  while (d.getUTCDay() !== 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// Each project books its own weeks, so the two runs never clash with each other.
const WEEKS: Record<string, number> = { 'no-js': 10, hydrated: 20 };

// A librarian schedules a weekly storytime with the fire station presenting and is refused a
// second program in the same room at an overlapping time; a patron's family of three joins the
// waitlist of a nearly full program; another patron cancels through the link in their e-mail;
// the family is promoted and sees it on their manage page; the feed lists the sessions.
test('a storytime is scheduled, booked, cancelled and the waitlist promoted', async ({ page, browser }, info) => {
  const project = info.project.name;
  const first = saturdayIn(WEEKS[project]);
  const storytime = `Fire-truck storytime (${project})`;
  await signIn(page, info);

  await visit(page, info, '/staff/programs/new');
  await page.getByLabel('Title').fill(storytime);
  await page.getByRole('checkbox', { name: 'Families' }).check();
  await page.getByLabel('Room', { exact: true }).selectOption({ label: 'Central Library, Community Room (holds 80)' });
  await page.getByLabel('Date (first session)').fill(first);
  await page.getByLabel('Starts').fill('10:30');
  await page.getByLabel('Ends').fill('11:15');
  await page.getByRole('checkbox', { name: 'Saturday' }).check();
  await page.getByLabel('For this many weeks').fill('3');
  await page.getByLabel('Capacity (people)').fill('40');
  await page.getByLabel('Partner presenters').selectOption({ label: 'Millbrook Fire Station No. 2' });
  await page.getByRole('button', { name: 'Save program' }).click();
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 1, name: storytime })).toBeVisible();
  await expect(page.locator('#main')).toContainText('Published');
  await expect(page.locator('#main')).toContainText('Millbrook Fire Station No. 2');
  await expect(page.getByText('3 sessions')).toBeVisible();
  await axe(page, info);

  // The same room at 11:00 on the first Saturday: refused, with the storytime named and linked.
  await visit(page, info, '/staff/programs/new');
  await page.getByLabel('Title').fill(`Lego club (${project})`);
  await page.getByLabel('Room', { exact: true }).selectOption({ label: 'Central Library, Community Room (holds 80)' });
  await page.getByLabel('Date (first session)').fill(first);
  await page.getByLabel('Starts').fill('11:00');
  await page.getByLabel('Ends').fill('12:00');
  await page.getByLabel('Capacity (people)').fill('12');
  await page.getByRole('button', { name: 'Save program' }).click();
  await ready(page, info);
  const refusal = page.getByRole('alert').filter({ hasText: 'Double-booked' });
  await expect(refusal).toContainText(storytime);
  await expect(refusal.getByRole('link', { name: 'Open the other program' })).toBeVisible();
  await axe(page, info);

  // A small program, nearly full.
  const lapsit = `Toddler tales (${project})`;
  await visit(page, info, '/staff/programs/new');
  await page.getByLabel('Title').fill(lapsit);
  await page.getByLabel('Room', { exact: true }).selectOption({ label: 'Central Library, Story Room (holds 30)' });
  await page.getByLabel('Date (first session)').fill(first);
  await page.getByLabel('Starts').fill('09:00');
  await page.getByLabel('Ends').fill('09:30');
  await page.getByLabel('Capacity (people)').fill('4');
  await page.getByRole('button', { name: 'Save program' }).click();
  await ready(page, info);
  await expect(page.getByRole('heading', { level: 1, name: lapsit })).toBeVisible();
  const programId = new URL(page.url()).pathname.split('/').pop();

  const outside = await newContext(browser, { javaScriptEnabled: hydrated(info) }, 'patron');
  const patron = await outside.newPage();
  const registerAs = async (name: string, email: string, party: string) => {
    await visit(patron, info, `/programs/${programId}`);
    await patron.getByLabel('Your name').fill(name);
    await patron.getByLabel('E-mail').fill(email);
    await patron.getByLabel('How many people (you included)').fill(party);
    await patron.locator('#main form').getByRole('button', { name: /^(Register|Join the waitlist)$/ }).click();
    await ready(patron, info);
    if (hydrated(info)) await patron.getByRole('link', { name: 'See or change your registration' }).click();
    await ready(patron, info);
    await expect(patron.getByRole('heading', { level: 1, name: lapsit })).toBeVisible();
  };
  const blake = `blake-${project}@patrons.example`;
  const casey = `casey-${project}@patrons.example`;
  await registerAs('Blake Moreno', blake, '2');
  await expect(patron.getByText('You are registered: 2 people.')).toBeVisible();
  await axe(patron, info);

  await visit(patron, info, `/programs/${programId}`);
  await expect(patron.locator('.seats')).toContainText('2 of 4 seats left');
  await registerAs('Casey Family', casey, '3');
  await expect(patron.getByText(/You are on the waitlist, number 1, for 3 people/)).toBeVisible();
  await axe(patron, info);

  // Blake cancels through the link in the e-mail.
  const blakeMail = await mailTo(blake);
  const blakeLink = blakeMail.match(/http:\/\/\S+\/programs\/manage\/[0-9a-f]{64}/)?.[0];
  expect(blakeLink, 'the confirmation carries the manage link').toBeTruthy();
  await patron.goto(blakeLink!);
  await ready(patron, info);
  await axe(patron, info);
  await patron.getByRole('button', { name: 'Cancel my registration' }).click();
  await ready(patron, info);
  await expect(patron.getByText('This registration is cancelled.')).toBeVisible();

  // The family is promoted: their manage page (from their own e-mail) says so.
  const caseyMail = await mailTo(casey);
  const caseyLink = caseyMail.match(/http:\/\/\S+\/programs\/manage\/[0-9a-f]{64}/)?.[0];
  await patron.goto(caseyLink!);
  await ready(patron, info);
  await expect(patron.getByText('You are registered: 3 people.')).toBeVisible();
  await axe(patron, info);
  await outside.close();

  // Cancelling the lapsit is one deliberate step away: it says who would be written to, takes
  // a note for the letter and a ticked box (here the librarian only opens it).
  await visit(page, info, `/staff/programs/${programId}`);
  await page.getByText('Cancel this program…').click();
  await expect(page.getByText('The 1 registered party (3 people) will get a letter saying it is cancelled.')).toBeVisible();
  await expect(page.getByLabel('A note for the letter (optional)')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Cancel the program and write to 1' })).toBeVisible();
  await axe(page, info);

  // The public calendar lists the storytime; the feed has its three sessions.
  await visit(page, info, `/programs?audience=families&from=${first}`);
  await expect(page.getByRole('link', { name: storytime }).first()).toBeVisible();
  const feed = await page.request.get('/programs.ics');
  expect(feed.headers()['content-type']).toContain('text/calendar');
  const body = await feed.text();
  expect(body.split(`SUMMARY:${storytime}`).length - 1).toBe(3);
});
