/**
 * Cancelling really stops the work: a scan of a 100 000-item PST stops part-way and the app says
 * so (the answer comes from the worker abandoning its loop), and a cancelled export leaves no file
 * behind, neither the PST nor a temporary.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './app-test.js';
import { bigPst } from './big-pst.js';
import { shoot } from './fixtures.js';
import { next, openAndScan, openFile } from './steps.js';

const itemsSoFar = async (page: Page) => Number((await page.getByTestId('progress-items').innerText()).split(' of ')[0]!.replace(/\D/g, ''));

test('cancel a running scan', async ({ app, page }) => {
  await openFile(app, bigPst());
  await next(page);
  await page.getByRole('button', { name: 'Start quick scan' }).click();
  await expect.poll(() => itemsSoFar(page)).toBeGreaterThan(0);
  await shoot(page, '2-scan-running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled' })).toBeVisible();
  await expect(page.getByTestId('scan-summary')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  // The worker is free again: a new scan runs to the end.
  await page.getByRole('button', { name: 'Start quick scan' }).click();
  await expect(page.getByTestId('summary-items')).toHaveText('100,000', { timeout: 90_000 });
});

test('cancel a running export leaves nothing behind', async ({ app, page }) => {
  await openAndScan(app, bigPst());
  await next(page);
  await next(page);
  const outDir = join(app.home, 'Documents');
  await app.answerDialog('save', join(outDir, 'big-copy.pst'));
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect.poll(() => itemsSoFar(page)).toBeGreaterThan(0);
  await shoot(page, '4-export-running');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled' })).toBeVisible();
  await expect(page.getByTestId('export-result')).toHaveCount(0);
  expect(readdirSync(outDir)).toEqual([]);
});
