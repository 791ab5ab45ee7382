/**
 * Export a real OST to a new PST through the wizard, then read the PST with pffexport: every
 * folder and item count in the app's report must match what the independent reader finds, and
 * the source's own counts. Show in folder and Save report reach main.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './app-test.js';
import { OST, pffexportTree, shoot } from './fixtures.js';
import { next, openAndScan } from './steps.js';

test('export to a PST that pffexport reads with the same folders and items', async ({ app, page }) => {
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
  // The app names folders below the top of the user's folders: the OST's IPM_SUBTREE, the PST's top folder.
  for (const [path, , exported] of rows) {
    const out = written.folders.filter((f) => f.path === `Top of Outlook data file/${path}`);
    const src = source.folders.find((f) => f.path === `Root - Mailbox/IPM_SUBTREE/${path}`);
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

test('an unticked subfolder stays out of the export, its parent and siblings go in', async ({ app, page }) => {
  await openAndScan(app, OST);
  await next(page);

  // Exchange's own folders are apart, collapsed and never ticked; the user's folders are all ticked.
  const tree = page.getByTestId('export-tree');
  await expect(tree.getByRole('treeitem', { name: /^Finder,/ })).toHaveCount(0);
  await expect(page.getByTestId('other-tree')).toHaveCount(0);
  await page.getByRole('button', { name: /Other folders/ }).click();
  const other = page.getByTestId('other-tree');
  await expect(other.getByRole('treeitem', { name: /^Finder,/ })).toBeVisible();
  await expect(other.getByRole('checkbox')).toHaveCount(0);
  await other.getByRole('treeitem', { name: /^Finder,/ }).scrollIntoViewIfNeeded();
  await shoot(page, '3-preview-other-folders');
  await page.getByRole('button', { name: /Other folders/ }).click();

  await tree.getByRole('checkbox', { name: 'Export United States holidays' }).uncheck();
  await expect(tree.getByRole('checkbox', { name: 'Export Calendar' })).toHaveJSProperty('indeterminate', true);
  await tree.getByRole('treeitem', { name: /^Calendar,/ }).click();
  await shoot(page, '3-preview-unticked');
  await next(page);

  const dest = join(app.home, 'Documents', 'calendar-without-holidays.pst');
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('verified', { timeout: 90_000 });

  const source = await pffexportTree(OST);
  const written = await pffexportTree(dest);
  expect(written.ok).toBe(true);
  const items = (tree: typeof source, path: string) => tree.folders.find((f) => f.path === path)?.items;
  const src = (name: string) => items(source, `Root - Mailbox/IPM_SUBTREE/${name}`);
  const out = (name: string) => items(written, `Top of Outlook data file/${name}`);
  expect(out('Calendar/United States holidays') ?? 0, 'the unticked subfolder holds nothing').toBe(0);
  expect(src('Calendar/United States holidays')).toBeGreaterThan(0);
  for (const kept of ['Calendar', 'Calendar/Birthdays', 'Inbox', 'Sent Items', 'Deleted Items']) expect(out(kept), kept).toBe(src(kept));
  // Nothing of Exchange's own folders was written.
  expect(written.folders.filter((f) => /Finder|Common Views|Shortcuts|Root - Public|~MAPISP/.test(f.path))).toEqual([]);
});
