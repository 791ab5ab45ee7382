/**
 * A 100 000-item folder: the list holds only the rows in view from top to bottom, and sorting and
 * searching run in the worker over all items.
 */

import { expect, test } from './app-test.js';
import { BIG_COUNT, BIG_FOLDER, bigPst } from './big-pst.js';
import { shoot } from './fixtures.js';
import { next, openAndScan, scrollListToEnd } from './steps.js';

test('the 100 000-item folder scrolls, sorts and searches', async ({ app, page }) => {
  await openAndScan(app, bigPst());
  await next(page);
  await page.getByRole('treeitem', { name: new RegExp(`^${BIG_FOLDER},`) }).click();
  await expect(page.getByTestId('list-count')).toHaveText(`${BIG_COUNT.toLocaleString('en-US')} items`);

  // Newest first by default: the last item written is on top.
  const rows = page.getByTestId('item-row');
  await expect(rows.first()).toContainText(`Report ${String(BIG_COUNT - 1).padStart(6, '0')}`);
  expect(await rows.count()).toBeLessThan(60);

  // Scrolled end to end, the list still holds only the rows in view. How smoothly it scrolls is a
  // speed target, measured by `npm run bench:scroll` (e2e/scroll-frames.bench.ts), not asserted here.
  await scrollListToEnd(page, 3000);
  await expect(rows.last()).toContainText('Report 000000');
  expect(await rows.count()).toBeLessThan(60);
  await shoot(page, '3-preview-100k');

  // Sort by subject, ascending: the first report comes first.
  await page.getByTestId('sort').selectOption('subject');
  await page.getByRole('button', { name: /Descending; switch to ascending/ }).click();
  await expect(rows.first()).toContainText('Report 000000');

  // One day of the date range: the writer dated the items an hour apart from 1 Jan 2015.
  await page.getByRole('textbox', { name: 'From' }).fill('2015-01-02');
  await page.getByRole('textbox', { name: 'To' }).fill('2015-01-02');
  await expect(page.getByTestId('list-count')).toHaveText('24 items');
  await expect(rows.first()).toContainText('Report 000024');
  await page.getByRole('textbox', { name: 'From' }).fill('');
  await page.getByRole('textbox', { name: 'To' }).fill('');

  // Search across all 100 000.
  await page.getByTestId('search').fill('Report 099999');
  await expect(page.getByTestId('list-count')).toHaveText('1 item');
  await rows.first().click();
  await expect(page.getByTestId('reading-subject')).toHaveText('Report 099999');
  await expect(page.getByTestId('mail-text')).toHaveText('Body of report 99999.');
});
