/**
 * "Try with a sample file": the button appears when the build carries resources/sample.ost
 * (`npm run sample`), and the sample walks through every step to a verified PST that pffexport
 * reads with the items the app reported.
 */

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './app-test.js';
import { pffexportTree, shoot } from './fixtures.js';
import { ROOT } from './launcher.js';
import { next } from './steps.js';

const SAMPLE = join(ROOT, 'resources', 'sample.ost');

// Skipped before the app starts: the fixture would launch it for nothing.
test.skip(!existsSync(SAMPLE), 'resources/sample.ost is not generated (npm run sample)');

test('the sample file, from the button to a verified export', async ({ app, page }) => {
  await page.getByRole('button', { name: 'Try with a sample file' }).click();
  await expect(page.getByTestId('file-card')).toContainText('sample.ost');
  await expect(page.getByTestId('file-card')).toContainText('Healthy');
  await shoot(page, 'sample-1-locate');
  await next(page);

  await page.getByRole('button', { name: 'Start quick scan' }).click();
  await expect(page.getByTestId('scan-summary')).toBeVisible({ timeout: 90_000 });
  await shoot(page, 'sample-2-scan');
  await next(page);

  const truth = await pffexportTree(SAMPLE);
  const inbox = truth.folders.find((f) => f.path === 'Root - Mailbox/IPM_SUBTREE/Inbox')!;
  await page.getByTestId('export-tree').getByRole('treeitem', { name: /^Inbox,/ }).click();
  await expect(page.getByTestId('list-count')).toHaveText(`${inbox.items} items`);
  await page.getByTestId('item-row').first().click();
  await expect(page.getByTestId('reading-pane')).toBeVisible();
  await shoot(page, 'sample-3-preview');
  await next(page);

  const dest = join(app.home, 'Documents', 'sample.pst');
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: 'Choose…' }).click();
  await shoot(page, 'sample-4-export-settings');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('verified', { timeout: 90_000 });
  await shoot(page, 'sample-4-export-result');

  const written = await pffexportTree(dest);
  expect(written.ok).toBe(true);
  const exported = await page.locator('.folders-table tbody tr td:nth-child(3)').allTextContents();
  const total = exported.reduce((n, t) => n + Number(t.replace(/\D/g, '')), 0);
  expect(written.folders.reduce((n, f) => n + f.items, 0)).toBe(total);
});
