/**
 * A damaged file: the card says so and recommends the deep scan, which is preselected; the deep
 * scan runs the core's recovery engine and finds every item pffexport finds in the undamaged
 * original. A file cut short is flagged on its card. Damage only a quick scan runs into is reported after it,
 * with the deep scan a click away.
 */

import { statSync, truncateSync } from 'node:fs';
import { Nid, NidType, folderTableNid } from '../core/ndb/ids.js';
import { layoutOf, overwrite, zero } from '../test/support/corrupt.js';
import { expect, test } from './app-test.js';
import { copyOf, ENRON, OST, pffexportTree, shoot } from './fixtures.js';
import { openFile } from './steps.js';

test('a damaged header gets a deep scan that still finds every item', async ({ app, page, scratch }) => {
  // Overwrite 8 header bytes covered by its CRC: the header no longer checks out.
  const damaged = copyOf(ENRON, scratch, 'enron-damaged.pst');
  overwrite(damaged, 100, Buffer.alloc(8, 0xaa));
  const truth = await pffexportTree(ENRON);
  const expected = truth.folders.reduce((n, f) => n + f.items, 0);

  await openFile(app, damaged);
  await expect(page.getByTestId('file-card')).toContainText('Damaged');
  await expect(page.getByTestId('recommendation')).toContainText('Recommended: deep scan');
  await shoot(page, '1-locate-damaged');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('radio', { name: /Deep scan/ })).toBeChecked();
  await page.getByRole('button', { name: 'Start deep scan' }).click();
  await expect(page.getByTestId('scan-summary')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('summary-items')).toHaveText(expected.toLocaleString('en-US'));
  await shoot(page, '2-scan-deep-summary');
});

test('a file cut short is flagged on its card, and the deep scan recommended', async ({ app, page, scratch }) => {
  // The last page goes: the file no longer reaches the end its header gives (ROOT.ibFileEof), though its indexes read.
  const cut = copyOf(OST, scratch, 'cut-short.ost');
  truncateSync(cut, statSync(cut).size - 4096);
  await openFile(app, cut);
  const card = page.getByTestId('file-card');
  await expect(card).toContainText('Damaged');
  await expect(card).toContainText('Length damaged');
  await expect(card).toContainText('Header OK');
  await expect(page.getByTestId('recommendation')).toContainText('Recommended: deep scan. The file ends before the end its header gives');
  await shoot(page, '1-locate-truncated');
});

test('a quick scan that finds damage says so and offers the deep scan, which finds every item', async ({ app, page, scratch }) => {
  // The index page listing the root folder's subfolder table is damaged; the header and the index roots
  // are sound, so the file looks healthy until the quick scan tries to walk its folders.
  const damaged = copyOf(ENRON, scratch, 'enron-damaged-index.pst');
  const layout = layoutOf(damaged);
  const leaf = layout.nbtLeaf.get(folderTableNid(Nid.ROOT_FOLDER, NidType.HIERARCHY_TABLE))!;
  layout.db.close();
  zero(damaged, leaf + 64, 16);
  const truth = await pffexportTree(ENRON);
  const expected = truth.folders.reduce((n, f) => n + f.items, 0);

  await openFile(app, damaged);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Start quick scan' }).click();
  await expect(page.getByTestId('scan-summary')).toBeVisible({ timeout: 90_000 });
  const notice = page.getByTestId('suggest-deep');
  await expect(notice).toContainText('This file is damaged.');
  await expect(page.getByRole('radio', { name: /Deep scan Recommended/ })).toBeVisible();
  await shoot(page, '2-scan-quick-damaged');
  await notice.getByRole('button', { name: 'Run a deep scan' }).click();
  await expect(page.getByRole('radio', { name: /Deep scan/ })).toBeChecked();
  await expect(page.getByTestId('summary-items')).toHaveText(expected.toLocaleString('en-US'), { timeout: 90_000 });
  await expect(page.getByTestId('suggest-deep')).toHaveCount(0);
});
