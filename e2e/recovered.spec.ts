/**
 * What a deep scan recovers is in the preview and in the export. A damaged copy of a real OST is
 * deep-scanned; its "Recovered Items" folder lists an item the file's index no longer points to,
 * which opens (marked as recovered) with a subject pffexport finds in the undamaged original; the
 * exported PST, read by pffexport, holds the recovered folder beside the user's folders. A copy
 * whose header is zeroed cannot be opened at all: Locate says so and offers the deep scan anyway.
 */

import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { overwrite } from '../test/support/corrupt.js';
import { expect, test } from './app-test.js';
import { copyOf, exportedItems, OST, pffexportTree, shoot } from './fixtures.js';
import { next } from './steps.js';

/** A copy of the OST in `dir` with `bytes` written at `offset`. */
function damagedCopy(dir: string, name: string, offset: number, bytes: Buffer): string {
  const copy = copyOf(OST, dir, name);
  overwrite(copy, offset, bytes);
  return copy;
}

/** Every subject pffexport exports from the undamaged original, in any folder. */
async function originalSubjects(): Promise<string[]> {
  const truth = await pffexportTree(OST);
  return truth.folders.flatMap((f) => exportedItems(f.dir).map((m) => m.subject));
}

async function deepScan(page: Page): Promise<void> {
  await expect(page.getByRole('radio', { name: /Deep scan/ })).toBeChecked();
  await page.getByRole('button', { name: 'Start deep scan' }).click();
  await expect(page.getByTestId('scan-summary')).toBeVisible({ timeout: 90_000 });
}

/** Opens the item in "Recovered Items/Deleted" and returns its subject as the reading pane shows it. */
async function openRecovered(page: Page): Promise<string> {
  const tree = page.getByTestId('export-tree');
  await expect(tree.getByRole('treeitem', { name: /^Recovered Items,/ })).toBeVisible();
  await tree.getByRole('treeitem', { name: /^Deleted, 1 items$/ }).click();
  await expect(page.getByTestId('list-count')).toHaveText('1 item');
  const row = page.getByTestId('item-row').first();
  await expect(row.locator('.tag.recovered')).toBeVisible();
  await row.click();
  const heading = page.getByTestId('reading-subject');
  await expect(heading.locator('.tag.recovered')).toHaveText('Recovered');
  return heading.evaluate((h) => h.lastChild?.textContent ?? '');
}

test('a damaged OST: recovered items are listed, opened and exported', async ({ app, page, scratch }) => {
  // 8 header bytes under its CRC overwritten: the file opens, but is not to be trusted.
  const damaged = damagedCopy(scratch, 'damaged.ost', 100, Buffer.alloc(8, 0xaa));
  await app.dropFile(damaged);
  await expect(page.getByTestId('file-card')).toContainText('Damaged');
  await next(page);
  await deepScan(page);
  await expect(page.getByTestId('scan-summary')).toContainText('1 deleted item was recovered');
  await next(page);

  const subject = await openRecovered(page);
  expect(subject).not.toBe('');
  expect(await originalSubjects()).toContain(subject);
  // Its HTML body is Word's empty paragraph (`<p>&nbsp;</p>`) and it has no plain text: the pane says there is
  // no body instead of showing a blank page.
  await expect(page.getByText('This item has no body.')).toBeVisible();
  await expect(page.getByTestId('mail-html')).toHaveCount(0);
  await shoot(page, '3-preview-recovered');

  await next(page);
  const dest = join(app.home, 'Documents', 'recovered.pst');
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: 'Choose…' }).click();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(page.getByTestId('verdict')).toContainText('verified', { timeout: 90_000 });
  // The bytes overwritten at offset 100 lie under both header CRCs [MS-PST §2.2.2.6: dwCRCPartial covers 471 bytes
  // from offset 8, dwCRCFull 516]: two problems, of the file and of no item.
  const problems = page.getByTestId('export-problems');
  await expect(problems.locator('summary')).toHaveText('2 problems in the file');
  await problems.locator('summary').click();
  await expect(problems.getByRole('listitem')).toHaveText([/^header: .*CRC.* does not match$/, /^header: .*CRC.* does not match$/]);
  await shoot(page, '4-export-recovered');

  // pffexport reads the written PST: every folder of the app's report, the recovered one included.
  const written = await pffexportTree(dest);
  expect(written.ok).toBe(true);
  const rows = await page.locator('.folders-table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
  expect(rows.map(([path]) => path)).toContain('Recovered Items/Deleted');
  for (const [path, , exported] of rows) {
    const out = written.folders.find((f) => f.path === `Top of Outlook data file/${path}`);
    expect(out, `output has ${path}`).toBeDefined();
    expect(out!.items, `items in ${path}`).toBe(Number(exported!.replace(/\D/g, '')));
  }
  const recovered = written.folders.find((f) => f.path === 'Top of Outlook data file/Recovered Items/Deleted')!;
  expect(exportedItems(recovered.dir).map((m) => m.subject)).toEqual([subject]);
});

test('a zeroed header: Locate explains, and the deep scan anyway recovers the mail', async ({ app, page, scratch }) => {
  const zeroed = damagedCopy(scratch, 'zeroed-header.ost', 0, Buffer.alloc(512));
  const truth = await pffexportTree(OST);
  const inbox = truth.folders.find((f) => f.path === 'Root - Mailbox/IPM_SUBTREE/Inbox')!;
  await app.dropFile(zeroed);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('zeroed-header.ost');
  await expect(alert).toContainText('not an Outlook data file');
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await shoot(page, '1-locate-unreadable');

  await page.getByRole('button', { name: 'Deep scan anyway' }).click();
  await expect(page.getByRole('radio', { name: /Quick scan/ })).toBeDisabled();
  await shoot(page, '2-scan-anyway');
  await deepScan(page);
  await shoot(page, '2-scan-anyway-summary');
  await next(page);

  await page.getByTestId('export-tree').getByRole('treeitem', { name: /^Inbox,/ }).click();
  await expect(page.getByTestId('list-count')).toHaveText(`${inbox.items} items`);
  expect(await originalSubjects()).toContain(await openRecovered(page));
  await shoot(page, '3-preview-unreadable-header');
});
