/**
 * A damaged file: the card says so and recommends the deep scan, which is preselected; the deep
 * scan runs the core's recovery engine and finds every item pffexport finds in the undamaged
 * original.
 */

import { overwrite } from '../test/support/corrupt.js';
import { expect, test } from './app-test.js';
import { copyOf, ENRON, pffexportTree, shoot } from './fixtures.js';
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
