/**
 * The desktop around the wizard: a file handed over by the OS (double-click while the app runs
 * reaches main as a second instance), File ▸ Open through the menu, and saving an attachment,
 * byte-for-byte what pffexport extracts from the same item.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './app-test.js';
import { exportedItems, OST, PDF_OST, pffexportTree, shoot } from './fixtures.js';
import { next, openAndScan } from './steps.js';

test('a second launch with a file, and File ▸ Open, open it in the running app', async ({ app, page }) => {
  await app.secondInstance([PDF_OST]);
  await expect(page.getByTestId('file-card')).toContainText('pstextractortestpdf@outlook.com.ost');

  await app.answerDialog('open', OST);
  await app.clickMenu('Open Outlook Data File…');
  await expect(page.getByTestId('file-card')).toContainText('pstextractortest@outlook.com.ost');
});

test('save an attachment: the same bytes pffexport extracts', async ({ app, page }) => {
  await openAndScan(app, PDF_OST);
  await next(page);
  const truth = await pffexportTree(PDF_OST);
  const inbox = truth.folders.find((f) => f.path === 'Root - Mailbox/IPM_SUBTREE/Inbox')!;
  const item = exportedItems(inbox.dir).find((m) => m.dir.endsWith('Message00001'))!;
  const expected = readFileSync(join(item.dir, 'Attachments', '1_Clinometer Usage.pdf'));

  await page.getByRole('treeitem', { name: /^Inbox,/ }).click();
  await page.getByRole('checkbox', { name: 'With attachments' }).check();
  await page.getByTestId('item-row').filter({ hasText: item.subject }).first().click();
  await expect(page.getByTestId('reading-subject')).toHaveText(item.subject);
  // pffexport gives its one recipient the address as display name, with a blank before it: shown once, as the address.
  const recipients = readFileSync(join(item.dir, 'Recipients.txt'), 'utf8');
  const name = /^Display name:\t+(.*)$/m.exec(recipients)![1]!;
  const email = /^Email address:\t+(.*)$/m.exec(recipients)![1]!;
  expect([name !== email, name.trim()]).toEqual([true, email]);
  await expect(page.locator('.recipients dd').first()).toHaveText(email);
  await shoot(page, '3-preview-attachment');
  const dest = join(app.home, 'Downloads', 'Clinometer Usage.pdf');
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: /Clinometer Usage\.pdf/ }).click();
  await expect(page.getByText('Saved Clinometer Usage.pdf.')).toBeVisible();
  expect(readFileSync(dest).equals(expected)).toBe(true);
});
