/**
 * A damaged file: the card says so and recommends the deep scan, which is preselected; the deep
 * scan runs the core's recovery engine and finds every item pffexport finds in the undamaged
 * original.
 */

import { copyFileSync, mkdtempSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { pffexportTree, shoot } from './fixtures.js';
import { launch, ROOT, type LaunchedApp } from './launcher.js';

const ENRON = join(ROOT, 'node_modules/pst-extractor/example/testdata/enron.pst');

let app: LaunchedApp;
test.afterEach(async () => {
  const errors = app?.errors ?? [];
  await app?.close();
  expect(errors).toEqual([]);
});

test('a damaged header gets a deep scan that still finds every item', async () => {
  // Overwrite 8 header bytes covered by its CRC: the header no longer checks out.
  const damaged = join(mkdtempSync(join(tmpdir(), 'damaged-')), 'enron-damaged.pst');
  copyFileSync(ENRON, damaged);
  const fd = openSync(damaged, 'r+');
  writeSync(fd, Buffer.alloc(8, 0xaa), 0, 8, 100);
  closeSync(fd);
  const truth = await pffexportTree(ENRON);
  const expected = truth.folders.reduce((n, f) => n + f.items, 0);

  app = await launch();
  const { page } = app;
  await app.dropFile(damaged);
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
