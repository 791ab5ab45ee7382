/**
 * Export a real OST to a new PST through the wizard, then read the PST with pffexport: every
 * folder and item count in the app's report must match what the independent reader finds, and
 * the source's own counts. Show in folder and Save report reach main.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { OST, pffexportTree, shoot } from './fixtures.js';
import { launch, type LaunchedApp } from './launcher.js';
import { next, openAndScan } from './steps.js';

let app: LaunchedApp;
test.afterEach(async () => {
  const errors = app?.errors ?? [];
  await app?.close();
  expect(errors).toEqual([]);
});

test('export to a PST that pffexport reads with the same folders and items', async () => {
  app = await launch();
  const { page } = app;
  await openAndScan(app, OST);
  await next(page);
  await next(page);

  const dest = join(app.home, 'Documents', 'recovered.pst');
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const result = page.getByTestId('export-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('verdict')).toContainText('verified');
  await shoot(page, '4-export-result');

  // The written PST, read by pffexport, against the table the app shows.
  expect(existsSync(dest)).toBe(true);
  const written = await pffexportTree(dest);
  expect(written.ok).toBe(true);
  const source = await pffexportTree(OST);
  const rows = await page.locator('.folders-table tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
  );
  expect(rows.length).toBeGreaterThan(0);
  // Source folders sit under the OST's IPM_SUBTREE; the PST puts them under its top folder.
  const below = (p: string) => p.replace(/^Root - Mailbox\/IPM_SUBTREE\//, '');
  for (const [path, , exported] of rows) {
    const out = written.folders.filter((f) => f.path === `Top of Outlook data file/${below(path!)}`);
    const src = source.folders.find((f) => f.path === path);
    expect(out.length, `output has ${path}`).toBe(1);
    expect(out[0]!.items, `items in ${path}`).toBe(Number(exported!.replace(/\D/g, '')));
    expect(out[0]!.items, `${path} as in the source`).toBe(src!.items);
  }

  await page.getByRole('button', { name: 'Show in folder' }).click();
  await expect.poll(() => app.shellCalls()).toContainEqual({ call: 'showItemInFolder', arg: dest });

  const reportPath = join(app.home, 'Documents', 'report.json');
  await app.answerDialog('save', reportPath);
  await page.getByRole('button', { name: 'Save report…' }).click();
  await expect(page.getByText(`Report saved to ${reportPath}.`)).toBeVisible();
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as { outputs: string[]; verification: { verdict: string } };
  expect(report.outputs).toEqual([dest]);
  expect(report.verification.verdict).toBe('passed');
});
