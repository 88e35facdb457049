import * as http from 'node:http';
import { test, expect, visit, ready, axe, signIn, hydrated, newContext } from './fixtures';


function today(offsetDays = 0): string {
  const d = new Date(Date.now() + offsetDays * 86_400_000);
  return d.toISOString().slice(0, 10);
}

// A librarian asks a question; a patron answers; the results show.
test('a librarian runs a poll and a patron votes', async ({ page, browser }, info) => {
  const slug = `next-workshop-${info.project.name}`;
  await signIn(page, info);
  await visit(page, info, '/staff/polls/new');
  await page.getByLabel('Question').fill('Which workshop should we run this winter?');
  await page.getByLabel('Web address (optional)').fill(slug);
  await page.getByLabel('Option 1', { exact: true }).fill('Budgeting basics');
  await page.getByLabel('Option 2', { exact: true }).fill('Knitting for beginners');
  await page.getByLabel('Option 3', { exact: true }).fill('Budgeting basics ');
  await page.getByLabel('Opens on').fill(today());
  await page.getByLabel('Closes on').fill(today(14));
  await page.getByRole('button', { name: 'Create the poll' }).click();
  await ready(page, info);
  // A repeated option is refused at the field, and nothing is created.
  await expect(page.locator('#f-options-error')).toContainText('Budgeting basics');
  await axe(page, info);
  await page.getByLabel('Option 3', { exact: true }).fill('Comic drawing');
  if (!hydrated(info)) {
    // Without JavaScript the form came back empty of what the browser does not keep: fill again.
    await page.getByLabel('Question').fill('Which workshop should we run this winter?');
    await page.getByLabel('Web address (optional)').fill(slug);
    await page.getByLabel('Option 1', { exact: true }).fill('Budgeting basics');
    await page.getByLabel('Option 2', { exact: true }).fill('Knitting for beginners');
    await page.getByLabel('Opens on').fill(today());
    await page.getByLabel('Closes on').fill(today(14));
  }
  await page.getByRole('button', { name: 'Create the poll' }).click();
  await expect(page.getByRole('heading', { name: 'Which workshop should we run this winter?' })).toBeVisible();
  await ready(page, info);
  await axe(page, info);
  await expect(page.getByRole('table', { name: 'Votes per option' })).toContainText('Knitting for beginners');
  const staffPoll = page.url();

  // Before anyone votes, the whole poll can change (and it could be deleted).
  await page.getByRole('link', { name: 'Edit', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Edit poll' })).toBeVisible();
  await ready(page, info);
  await expect(page.getByText('Nobody has voted yet, so everything can change.')).toBeVisible();
  await expect(page.getByLabel('Question')).toHaveValue('Which workshop should we run this winter?');
  await expect(page.getByLabel('Option 3', { exact: true })).toHaveValue('Comic drawing');
  await expect(page.getByRole('region', { name: 'Delete this poll' })).toBeVisible();
  await axe(page, info);

  // A patron, in another browser, votes.
  const patron = await newContext(browser, { javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL }, 'patron');
  const p = await patron.newPage();
  await visit(p, info, `/polls/${slug}`);
  await expect(p.getByText('Results appear here once you have voted.')).toBeVisible();
  await p.getByRole('button', { name: 'Vote' }).click();
  await ready(p, info);
  await expect(p.getByRole('alert')).toContainText('Choose an option before voting.');
  await p.getByRole('radio', { name: 'Knitting for beginners' }).check();
  await p.getByRole('button', { name: 'Vote' }).click();
  await expect(p.locator('.notice[role=status]')).toHaveText('Thank you — your vote was counted.');
  await ready(p, info);
  await expect(p.getByText('1 person voted')).toBeVisible();
  await axe(p, info);

  // Changing the vote keeps one ballot.
  await p.getByRole('radio', { name: 'Comic drawing' }).check();
  await p.getByRole('button', { name: 'Change my vote' }).click();
  await expect(p.locator('.notice[role=status]')).toHaveText('Your vote was changed. It still counts once.');
  await expect(p.getByText('1 person voted')).toBeVisible();
  await patron.close();

  // Once someone has voted, only the wording changes: each option keeps its ballots.
  await page.goto(`${staffPoll}/edit`);
  await ready(page, info);
  await expect(page.getByText('One person has voted already, so only the wording can change')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Delete this poll' })).toHaveCount(0);
  await axe(page, info);
  await page.getByLabel('Option 3', { exact: true }).fill('Drawing your own comic');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Which workshop should we run this winter?' })).toBeVisible();
  await ready(page, info);
  await expect(page.getByText(/The wording was corrected on .*, after voting began/)).toBeVisible();
  const votes = page.getByRole('table', { name: 'Votes per option' });
  await expect(votes.getByRole('row', { name: /Drawing your own comic/ })).toContainText('1');
});

test('results follow votes live in another browser', async ({ page, browser }, info) => {
  test.skip(!hydrated(info), 'live results need JavaScript');
  await visit(page, info, '/polls/lasting-partnerships');
  const total = page.locator('.results-total');
  const before = Number((await total.textContent())!.match(/\d+/)![0]);

  const other = await newContext(browser, { baseURL: info.project.use.baseURL }, 'voter');
  const voter = await other.newPage();
  await visit(voter, info, '/polls/lasting-partnerships');
  await voter.getByRole('radio', { name: 'Clear, regular communication' }).check();
  await voter.getByRole('button', { name: 'Vote' }).click();
  await expect(voter.locator('.notice[role=status]')).toHaveText('Thank you — your vote was counted.');
  // The first page was not reloaded: the stream brought the new count.
  await expect(total).toHaveText(`${before + 1} people voted`, { timeout: 3_000 });
  await other.close();
});

test('the embeddable widget takes a vote', async ({ page }, info) => {
  await visit(page, info, '/embed/polls/lasting-partnerships');
  await expect(page.locator('header.site-header')).toHaveCount(0);
  await page.getByRole('radio', { name: 'Trust between the partners' }).check();
  await page.getByRole('button', { name: 'Vote' }).click();
  await expect(page.locator('.notice[role=status]')).toHaveText('Thank you — your vote was counted.');
  await expect(page).toHaveURL(/\/embed\/polls\/lasting-partnerships/);
  await ready(page, info);
  await axe(page, info);
});

test('a library card votes once', async ({ page, browser }, info) => {
  const slug = `card-poll-${info.project.name}`;
  await signIn(page, info);
  await visit(page, info, '/admin/polls');
  await page.getByLabel('Card-number patterns').fill('2901##########');
  await page.getByRole('button', { name: 'Save poll settings' }).click();
  await expect(page.locator('.notice[role=status]')).toContainText('Saved.');
  await ready(page, info);
  await expect(page.getByLabel('Card-number patterns')).toHaveValue('2901##########');
  await axe(page, info);
  await visit(page, info, '/staff/polls/new');
  await page.getByLabel('Question').fill('Should the library open on Sunday mornings?');
  await page.getByLabel('Web address (optional)').fill(slug);
  await page.getByLabel('Option 1', { exact: true }).fill('Yes');
  await page.getByLabel('Option 2', { exact: true }).fill('No');
  await page.getByLabel('Who may vote, once').selectOption({ label: 'Library card number' });
  await page.getByLabel('Who sees the results, when').selectOption({ label: 'Live, to everyone' });
  await page.getByLabel('Opens on').fill(today());
  await page.getByRole('button', { name: 'Create the poll' }).click();
  await expect(page.getByRole('heading', { name: 'Should the library open on Sunday mornings?' })).toBeVisible();

  for (const [i, choice] of ['Yes', 'No'].entries()) {
    // Two different browsers, as on a branch's shared PCs, with the same card.
    const ctx = await newContext(browser, { javaScriptEnabled: hydrated(info), baseURL: info.project.use.baseURL }, `shared PC ${i + 1}`);
    const p = await ctx.newPage();
    await visit(p, info, `/polls/${slug}`);
    await p.getByRole('radio', { name: choice }).check();
    await p.getByLabel('Library card number').fill(i === 0 ? '2901 0000 1234 56' : '29010000123456');
    await p.getByRole('button', { name: 'Vote' }).click();
    // The answer is the same the second time: it never tells whether a card had voted.
    await expect(p.locator('.notice[role=status]')).toHaveText(
      'Thank you — your vote is recorded. Each card counts once: a later vote with the same card replaces the earlier one.',
    );
    await ready(p, info);
    await expect(p.getByText('1 person voted')).toBeVisible();
    await ctx.close();
  }

  // A number that is not one of the library's cards is refused at the field.
  await visit(page, info, `/polls/${slug}`);
  await page.getByRole('radio', { name: 'Yes' }).check();
  await page.getByLabel('Library card number').fill('1234');
  await page.getByRole('button', { name: 'Vote' }).click();
  await ready(page, info);
  await expect(page.locator('#f-card-error')).toContainText('could not accept that card number');
  await axe(page, info);
});

// The library's own website is another site: it frames the widget, and a patron votes in the
// frame, comes back later and votes again. The widget's partitioned cookie is kept inside that
// site's frame, so the second vote changes the first instead of adding one.
test("the widget keeps one vote per browser inside another site's frame", async ({ page, browser }, info) => {
  const base = info.project.use.baseURL!;
  const port = hydrated(info) ? 3561 : 3562;
  const outer = `http://localhost:${port}`;
  const site = http.createServer((_, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="en"><head><title>Millbrook Public Library</title></head><body>` +
        `<h1>Have your say</h1><iframe title="Library poll" src="${base}/embed/polls/lasting-partnerships" ` +
        `width="640" height="720"></iframe></body></html>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(port, resolve));
  try {
    await signIn(page, info);
    await visit(page, info, '/admin/polls');
    await page.getByLabel('Sites that may show the poll widget').fill(outer);
    await page.getByRole('button', { name: 'Save poll settings' }).click();
    await expect(page.locator('.notice[role=status]')).toContainText('Saved.');

    const patron = await newContext(browser, { javaScriptEnabled: hydrated(info) }, "library's site");
    const p = await patron.newPage();
    await p.goto(outer);
    const widget = p.frameLocator('iframe[title="Library poll"]');
    await widget.getByRole('radio', { name: 'Trust between the partners' }).check();
    await widget.getByRole('button', { name: 'Vote' }).click();
    await expect(widget.locator('.notice[role=status]')).toHaveText('Thank you — your vote was counted.');
    // Later, on the library's page again: the widget knows this browser's vote.
    await p.goto(outer);
    await widget.getByRole('radio', { name: 'Clear, regular communication' }).check();
    await widget.getByRole('button', { name: 'Change my vote' }).click();
    await expect(widget.locator('.notice[role=status]')).toHaveText('Your vote was changed. It still counts once.');
    await patron.close();
  } finally {
    site.close();
  }
});
