/**
 * A damaged block costs only its bytes, and the app says so in words. In a copy of enron.pst one
 * leaf block of its largest attachment, one block of a two-block message text and the one block of
 * another message's text fail their CRCs (found by parsing their data trees, test/support/corrupt.ts).
 * Saving the attachment writes a file of the attachment's declared size, the original's bytes but for
 * the lost block, which is blank, and the app tells how much is blank and where; the message whose
 * text lost a block says, in its preview, how much of its text is missing; the one whose text was in
 * the lost block says its text could not be recovered.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { Mailbox } from '../core/mailbox.js';
import { LtpNode } from '../core/ltp/node.js';
import { isInternalBid } from '../core/ndb/ids.js';
import { bytes } from '../renderer/src/format.js';
import { breakBlock, largestXblockAttachment, middleLeaf, valueRoot, xblock, xblockValues, type ValueBlock } from '../test/support/corrupt.js';
import { expect, test } from './app-test.js';
import { copyOf, ENRON, shoot } from './fixtures.js';
import { next, openAndScan } from './steps.js';

const BODY = 0x1000;

interface Damaged {
  file: string;
  folder: string;
  attachment: { subject: string; filename: string; declaredSize: number; original: Buffer; lost: ValueBlock };
  text: { subject: string; lost: ValueBlock };
  /** A message whose whole text was in one block, which is lost. */
  lostText: { subject: string; lost: ValueBlock };
}

/** A copy of enron.pst with the two blocks damaged, and what the undamaged original holds there. */
function damagedEnron(dir: string): Damaged {
  const mb = Mailbox.open(ENRON);
  try {
    const att = largestXblockAttachment(mb);
    const body = xblockValues(mb, BODY).find((v) => v.attachment === null);
    expect(body, 'enron.pst has a message text spanning two blocks or more').toBeDefined();
    const withAttachment = mb.item(att.nid);
    const withText = mb.item(body!.nid);
    expect(withText.folderId, 'both items are in one folder').toBe(withAttachment.folderId);
    const damaged: Damaged = {
      file: copyOf(ENRON, dir, 'enron-damaged-blocks.pst'),
      folder: mb.folders().find((f) => f.id === withAttachment.folderId)!.name,
      attachment: {
        subject: withAttachment.subject,
        filename: withAttachment.attachments[att.index]!.filename,
        declaredSize: xblock(mb.db, att.root).total,
        original: Buffer.from(mb.attachmentContent(att.nid, att.index)),
        lost: middleLeaf(mb.db, att.root),
      },
      text: { subject: withText.subject, lost: middleLeaf(mb.db, body!.root) },
      lostText: oneBlockText(mb, withText.folderId, [att.nid, body!.nid]),
    };
    breakBlock(damaged.file, damaged.attachment.lost, 11);
    breakBlock(damaged.file, damaged.text.lost, 12);
    breakBlock(damaged.file, damaged.lostText.lost, 13);
    return damaged;
  } finally {
    mb.close();
  }
}

/** A message of the folder, other than `besides`, whose text is in a subnode of exactly one block. */
function oneBlockText(mb: Mailbox, folderId: number, besides: number[]): { subject: string; lost: ValueBlock } {
  for (const id of mb.messageIds(folderId)) {
    if (besides.includes(id)) continue;
    const root = valueRoot(LtpNode.fromNid(mb.db, id), BODY);
    if (root === null || isInternalBid(root)) continue;
    const e = mb.db.blockEntry(root);
    return { subject: mb.item(id).subject, lost: { bid: e.bid, ib: e.ib, cb: e.cb, start: 0, length: e.cbInflated } };
  }
  throw new Error('enron.pst has no message text in a single block beside the two damaged items');
}

async function openItem(page: Page, subject: string): Promise<void> {
  await page.getByTestId('search').fill(subject);
  await page.getByTestId('item-row').filter({ hasText: subject }).first().click();
  await expect(page.getByTestId('reading-subject')).toHaveText(subject);
}

test('a damaged attachment is saved at full length with the lost bytes blank, and the app says which', async ({ app, page, scratch }) => {
  const damaged = damagedEnron(scratch);
  const { attachment, text } = damaged;
  // Numbers as the page formats them (its locale), like the app does.
  const number = (n: number) => page.evaluate((v) => new Intl.NumberFormat().format(v), n);

  await openAndScan(app, damaged.file);
  await next(page);
  await page.getByTestId('export-tree').getByRole('treeitem', { name: new RegExp(`^${damaged.folder},`) }).click();

  // The message whose text lost a block: the preview says how much, in words; the details keep the block's offset.
  await openItem(page, text.subject);
  const problems = page.getByTestId('item-problems');
  await expect(problems).toContainText('Parts of this item could not be read.');
  await expect(problems.getByRole('listitem').first()).toHaveText(`${bytes(text.lost.length)} of the message text could not be recovered and are missing from it.`);
  await expect(problems.getByText('Details')).toBeVisible();
  await shoot(page, '3-preview-damaged-text');
  await problems.getByText('Details').click();
  await expect(problems.locator('details')).toContainText(`offset ${text.lost.ib}`);
  await shoot(page, '3-preview-damaged-text-details');

  // The message whose whole text was in the lost block: the preview says its text could not be recovered.
  await openItem(page, damaged.lostText.subject);
  await expect(problems.getByRole('listitem').first()).toHaveText('The message text could not be recovered.');
  await expect(page.getByText('The text of this item could not be recovered.')).toBeVisible();
  await problems.getByText('Details').click();
  await expect(problems.locator('details')).toContainText(`offset ${damaged.lostText.lost.ib}`);
  await shoot(page, '3-preview-lost-text');

  // The attachment: saved at its declared size, the original's bytes but for the lost block, which is zeros.
  await openItem(page, attachment.subject);
  const dest = join(app.home, 'Downloads', attachment.filename);
  await app.answerDialog('save', dest);
  await page.getByRole('button', { name: new RegExp(attachment.filename.replace(/\./g, '\\.')) }).click();
  const { start, length } = attachment.lost;
  const range = `${await number(start)}–${await number(start + length - 1)}`;
  await expect(page.getByRole('status').filter({ hasText: `Saved ${attachment.filename}.` })).toHaveText(
    `Saved ${attachment.filename}. ${bytes(length)} of it could not be recovered (bytes ${range}) and are blank in the saved file.`,
  );
  await shoot(page, '3-preview-damaged-attachment-saved');

  const saved = readFileSync(dest);
  expect(saved.length).toBe(attachment.declaredSize);
  expect(saved.subarray(start, start + length).every((b) => b === 0), 'the lost block is blank').toBe(true);
  const expected = Buffer.from(attachment.original);
  expected.fill(0, start, start + length);
  expect(saved.equals(expected), 'every other byte is the original\'s').toBe(true);
});
