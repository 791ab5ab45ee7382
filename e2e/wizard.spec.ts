/**
 * The whole wizard on a real OST: found in the usual place, dropped on the window, scanned,
 * previewed (a message checked against pffexport's export of the same item), then export settings;
 * and starting over leaves nothing of the previous file on screen.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './app-test.js';
import { exportedItems, OST, pffexportTree, shoot, words } from './fixtures.js';

// The app looks in %LOCALAPPDATA%\Microsoft\Outlook; the OST is there for this run.
test.use({ outlookFiles: [OST] });

test('locate, scan, preview and export settings on a real OST', async ({ app, page }) => {
  // 1. Locate
  await expect(page.getByRole('button', { name: /pstextractortest@outlook\.com\.ost/ })).toBeVisible();
  await shoot(page, '1-locate-empty');
  await app.dropFile(OST);
  const card = page.getByTestId('file-card');
  await expect(card).toContainText('OST 2013+');
  await expect(card).toContainText('Healthy');
  await expect(page.getByTestId('recommendation')).toContainText('Recommended: quick scan');
  await shoot(page, '1-locate-file');
  await page.getByRole('button', { name: 'Next' }).click();

  // 2. Scan
  await page.getByRole('button', { name: 'Start quick scan' }).click();
  const summary = page.getByTestId('scan-summary');
  await expect(summary).toBeVisible();
  await shoot(page, '2-scan-summary');
  await page.getByRole('button', { name: 'Next' }).click();

  // 3. Preview: Inbox lists the items pffexport finds there; one message reads the same.
  const truth = await pffexportTree(OST);
  const inbox = exportedItems(truth.folders.find((f) => f.path === 'Root - Mailbox/IPM_SUBTREE/Inbox')!.dir);
  await page.getByRole('treeitem', { name: /^Inbox,/ }).click();
  await expect(page.getByTestId('list-count')).toHaveText(`${inbox.length} items`);
  const message = inbox.find((m) => /Message\d+$/.test(m.dir) && m.html && m.subject)!;
  const sameSubject = inbox.filter((m) => m.subject === message.subject).length;
  await page.getByTestId('search').fill(message.subject);
  await expect(page.getByTestId('list-count')).toHaveText(`${sameSubject} ${sameSubject === 1 ? 'item' : 'items'}`);
  await page.getByTestId('item-row').filter({ hasText: message.subject }).first().click();
  await expect(page.getByTestId('reading-subject')).toHaveText(message.subject);
  const shown = words(await page.frameLocator('[data-testid="mail-html"]').locator('body').innerText());
  const expected = words(await page.evaluate((html) => new DOMParser().parseFromString(html, 'text/html').body.innerText ?? '', message.html!));
  expect(shown.slice(0, 400)).toBe(words(expected).slice(0, 400));
  // This newsletter is laid out wider than the pane and hides its own sideways overflow: zoomed out to the pane,
  // none of it is cut off on the right.
  const fit = await page.getByTestId('mail-html').evaluate((f: HTMLIFrameElement) => {
    const root = f.contentDocument!.documentElement;
    return { wide: root.scrollWidth, room: root.clientWidth, zoom: Number(root.style.zoom || 1) };
  });
  expect(fit.wide).toBeLessThanOrEqual(fit.room);
  expect(fit.zoom).toBeLessThan(1);
  await shoot(page, '3-preview');

  // Remote content is blocked and said so; a clicked link goes to the system browser via main.
  const frame = page.frameLocator('[data-testid="mail-html"]');
  await expect(page.getByTestId('blocked-notice')).toBeVisible();
  expect(await frame.locator('img[src^="http"], img[srcset*="http"]').count()).toBe(0);
  const link = frame.locator('a[href^="http"]').first();
  const href = await link.getAttribute('href');
  await link.click();
  await expect.poll(() => app.shellCalls()).toContainEqual({ call: 'openExternal', arg: href });
  await expect(page.getByTestId('reading-subject')).toHaveText(message.subject);

  // Keyboard: the list moves with the arrow keys.
  await page.getByTestId('search').fill('');
  await expect(page.getByTestId('list-count')).toHaveText(`${inbox.length} items`);
  await page.getByTestId('item-list').focus();
  await page.keyboard.press('Home');
  const first = await page.getByTestId('reading-subject').innerText();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('reading-subject')).not.toHaveText(first);

  // A calendar item shows its main fields, with the times pffexport's Appointment.txt has.
  const calendar = truth.folders.find((f) => f.path === 'Root - Mailbox/IPM_SUBTREE/Calendar')!;
  const appointment = exportedItems(calendar.dir).find((m) => m.dir.endsWith('Appointment00001'))!;
  const appointmentTxt = readFileSync(join(appointment.dir, 'Appointment.txt'), 'utf8');
  const pffTime = (label: string) => Date.parse(new RegExp(`^${label}:\\s*(.+?)\\.\\d+ UTC$`, 'm').exec(appointmentTxt)![1]! + ' UTC');
  const shownTime = (ms: number) => page.evaluate((t) => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(t), ms);
  await page.getByRole('treeitem', { name: /^Calendar,/ }).click();
  await page.getByTestId('search').fill(appointment.subject);
  await expect(page.getByTestId('list-count')).toHaveText('1 item');
  await page.getByTestId('item-row').filter({ hasText: appointment.subject }).first().click();
  const fields = page.getByRole('region', { name: 'Calendar item' });
  await expect(fields.locator('div').filter({ hasText: /^Starts/ }).locator('dd')).toHaveText(await shownTime(pffTime('Start time')));
  await expect(fields.locator('div').filter({ hasText: /^Ends/ }).locator('dd')).toHaveText(await shownTime(pffTime('End time')));
  await shoot(page, '3-preview-calendar');

  await page.getByRole('button', { name: 'Next' }).click();

  // 4. Export settings: destination through the save dialog; an existing file is pointed out.
  const dest = join(app.home, 'Documents', 'recovered.pst');
  mkdirSync(join(app.home, 'Documents'), { recursive: true });
  writeFileSync(dest, 'an older export');
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.getByTestId('destination')).toHaveText(dest);
  await expect(page.getByRole('alert')).toContainText('already exists');
  await expect(page.getByRole('button', { name: 'Replace and export' })).toBeEnabled();
  await shoot(page, '4-export-settings');

  // Start over: back at Locate, nothing of this file left.
  await page.getByRole('button', { name: 'Start over' }).click();
  await expect(page.getByRole('heading', { name: 'Recover mail from an Outlook data file' })).toBeVisible();
  await expect(page.getByTestId('file-card')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
});
