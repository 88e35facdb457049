import { test, expect, visit, ready, axe, signIn, hydrated, programWithSeats } from './fixtures';

// Without JavaScript a form that fails comes back as a new page. It must come back with the
// error at the field and with everything that was typed and ticked still there, so nobody types
// a long form twice. (With JavaScript the form never leaves the page.)

const NO_JS_ONLY = 'only a form posted without JavaScript comes back as a new page';

test('the join form comes back with the e-mail error and everything typed', async ({ page }, info) => {
  test.skip(hydrated(info), NO_JS_ONLY);
  await visit(page, info, '/join');
  const typed: [string, string][] = [
    ['Organization name', 'Lakeside Lantern Society'],
    ['Website', 'https://lantern.example'],
    ['Street address', '12 Harbor Lane'],
    ['Neighborhood', 'Lakeside'],
    ['Your name', 'Noor Haddad'],
    ['Your role', 'Volunteer coordinator'],
    ['E-mail', 'noor at lantern'],
    ['Phone', '555-0142'],
    ['Anything else we should know?', 'We light paper lanterns with families.\nEvery autumn, by the lake.'],
  ];
  for (const [label, value] of typed) await page.getByLabel(label).fill(value);
  await page.getByLabel('Kind of organization').selectOption({ label: 'Arts and culture group' });
  const offers = page.getByRole('group', { name: /^What you could offer/ });
  const goals = page.getByRole('group', { name: 'Community goals you care about' });
  const audiences = page.getByRole('group', { name: 'Who you would like to reach' });
  const ticked = [
    offers.getByLabel('Workshop leader'),
    offers.getByLabel('Venue'),
    goals.getByLabel('Arts and culture'),
    goals.getByLabel('Literacy'),
    audiences.getByLabel('Families'),
    audiences.getByLabel('Seniors'),
    page.getByLabel('Saturday morning', { exact: true }),
    page.getByLabel('Sunday afternoon', { exact: true }),
  ];
  for (const box of ticked) await box.check();
  await page.getByRole('button', { name: 'Send to the library' }).click();
  await ready(page, info);

  // The one mistake, at its field, with the wrong address still in it.
  await expect(page.getByRole('alert')).toContainText('Please correct the highlighted fields');
  await expect(page.locator('#f-contact_email-error')).toHaveText('Enter an e-mail address like name@example.org.');
  await expect(page.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('p.field-error:not([hidden])')).toHaveCount(1);
  // Everything else as it was typed and ticked, and nothing more ticked.
  for (const [label, value] of typed) await expect(page.getByLabel(label), `${label} keeps what was typed`).toHaveValue(value);
  await expect(page.getByLabel('Kind of organization')).toHaveValue('arts');
  for (const box of ticked) await expect(box).toBeChecked();
  await expect(offers.getByRole('checkbox', { checked: true })).toHaveCount(2);
  await expect(goals.getByRole('checkbox', { checked: true })).toHaveCount(2);
  await expect(audiences.getByRole('checkbox', { checked: true })).toHaveCount(2);
  await expect(page.getByRole('group', { name: 'Availability' }).getByRole('checkbox', { checked: true })).toHaveCount(2);
  // The honeypot is never filled in for anyone.
  await expect(page.locator('#f-fax_number')).toHaveValue('');
  await axe(page, info);
});

test('a program registration with a wrong e-mail comes back with the name and the rest', async ({ page }, info) => {
  test.skip(hydrated(info), NO_JS_ONLY);
  await visit(page, info, await programWithSeats(page, info));
  const form = page.getByRole('form', { name: /^(Register|Join the waitlist)$/ });
  const typed: [string, string][] = [
    ['Your name', 'Quinn Ortega'],
    ['E-mail', 'quinn at example'],
    ['How many people (you included)', '2'],
    ['Accessibility needs', 'Step-free access, please.'],
  ];
  for (const [label, value] of typed) await form.getByLabel(label).fill(value);
  await form.getByRole('button', { name: /^(Register|Join the waitlist)$/ }).click();
  await ready(page, info);

  await expect(page.locator('#f-email-error')).toHaveText('Enter an e-mail address like name@example.org.');
  await expect(form.getByLabel('E-mail')).toHaveAttribute('aria-invalid', 'true');
  for (const [label, value] of typed) await expect(form.getByLabel(label), `${label} keeps what was typed`).toHaveValue(value);
  await expect(page.locator('#f-fax_number')).toHaveValue('');
  await axe(page, info);
});

test('a partner edit without a name comes back with the other changes', async ({ page }, info) => {
  test.skip(hydrated(info), NO_JS_ONLY);
  await signIn(page, info);
  await visit(page, info, '/staff/partners');
  const partner = (await page.locator('#main a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).find((h) =>
    /^\/staff\/partners\/\d+$/.test(h),
  );
  expect(partner, 'the directory lists a partner').toBeTruthy();
  await visit(page, info, `${partner}/edit`);

  // Fields left alone keep their saved values.
  const untouched = ['#f-kind', '#f-latitude', '#f-longitude', '#f-contacts-0-name', '#f-contacts-0-email'];
  const saved = new Map<string, string>();
  for (const sel of untouched) saved.set(sel, await page.locator(sel).inputValue());

  // Changed ones keep the change: text, a select, and checkboxes ticked and unticked.
  await page.locator('#f-name').fill('');
  const stage = page.locator('#f-stage');
  const newStage = (await stage.inputValue()) === 'paused' ? 'active' : 'paused';
  await stage.selectOption(newStage);
  const typed: [string, string][] = [
    ['#f-description', 'Edited: they print our summer reading posters.'],
    ['#f-website', 'https://edited.example'],
    ['#f-neighborhood', 'Edited Heights'],
    ['#f-contacts-0-role', 'Edited role'],
    ['#f-tags', 'edited, kept'],
    ['#f-notes', 'Edited notes.\nSecond line.'],
  ];
  for (const [sel, value] of typed) await page.locator(sel).fill(value);
  const offers = page.getByRole('group', { name: 'What they can offer' });
  const tick = await offers.locator('input[type=checkbox]:not(:checked)').first().getAttribute('id');
  const offered = offers.locator('input[type=checkbox]:checked');
  const untick = (await offered.count()) > 0 ? await offered.first().getAttribute('id') : null;
  await page.locator(`#${tick}`).check();
  if (untick) await page.locator(`#${untick}`).uncheck();
  const wednesday = page.getByLabel('Wednesday evening', { exact: true });
  const wasFree = await wednesday.isChecked();
  await wednesday.setChecked(!wasFree);
  await page.getByRole('button', { name: 'Save partner' }).click();
  await ready(page, info);

  await expect(page.locator('#f-name-error')).toHaveText('Name is required.');
  await expect(page.locator('#f-name')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#f-name')).toHaveValue('');
  await expect(stage).toHaveValue(newStage);
  for (const [sel, value] of typed) await expect(page.locator(sel), `${sel} keeps the change`).toHaveValue(value);
  for (const [sel, value] of saved) await expect(page.locator(sel), `${sel} keeps its saved value`).toHaveValue(value);
  await expect(page.locator(`#${tick}`)).toBeChecked();
  if (untick) await expect(page.locator(`#${untick}`)).not.toBeChecked();
  if (wasFree) await expect(wednesday).not.toBeChecked();
  else await expect(wednesday).toBeChecked();
  await axe(page, info);
});
