// A damaged block costs only the bytes it held. One leaf block of a multi-block value (an attachment spanning an
// XBLOCK, a long body) or one XBLOCK of an XXBLOCK is damaged on a scratch copy; the item still reads, every byte
// outside the lost stretch equals the undamaged source as pypff reads it, the lost stretch is reported with the
// damaged block's file offset, and convert writes a PST that pffexport and readpst read, with the attachment at
// its full length. The damaged block is found by parsing the data tree as [MS-PST §2.2.2.8.3.2] lays it out.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { convert } from '../core/convert.js';
import { Mailbox } from '../core/mailbox.js';
import { LtpNode } from '../core/ltp/node.js';
import { TableContext } from '../core/ltp/tc.js';
import { PropertyContext } from '../core/ltp/pc.js';
import { splitHid } from '../core/ltp/hid.js';
import { NodeDatabase, type BlockIndex } from '../core/ndb/database.js';
import type { DataGap } from '../core/ndb/salvage.js';
import { readMessage } from '../core/messaging/message.js';
import type { LostValue, MessageObject } from '../core/messaging/objects.js';
import { checkFile } from '../core/recovery/index.js';
import { PstWriter } from '../core/pst-writer.js';
import { pstExtractorDir, tempDir } from './support/fixtures.js';
import { ATTACH_DATA, breakBlock, largestXblockAttachment, middleLeaf, overwrite, rewriteBlock, scratchCopy, valueRoot, xblock, type ValueBlock } from './support/corrupt.js';
import { pffexportTree, pypffAttachment, pypffDump, pypffMessages, readpstSummary } from './support/oracles.js';
import { bin, bytes, int, str } from './support/props.js';

const BODY = 0x1000;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function attachmentData(msg: MessageObject, index: number): Uint8Array {
  const p = msg.attachments[index]!.props.find((q) => q.id === ATTACH_DATA && q.type === 0x0102);
  assert.ok(p, `attachment ${index} keeps its data`);
  return p.data;
}

/** The one gap a message reports, checked against the damaged block. */
function assertOneGap(msg: MessageObject, value: LostValue, target: ValueBlock): DataGap {
  assert.deepEqual(msg.problems, [], 'nothing of the item is lost but the block');
  assert.equal(msg.partial?.length, 1, 'one value is kept in part');
  const [p] = msg.partial!;
  assert.deepEqual({ property: p!.property, attachment: p!.attachment }, value);
  assert.equal(p!.gaps.length, 1);
  const gap = p!.gaps[0]!;
  assert.deepEqual({ bid: gap.bid, offset: gap.offset, start: gap.start, length: gap.length }, { bid: target.bid, offset: target.ib, start: target.start, length: target.length });
  return gap;
}

/** Equal outside [start, start + length), zero inside. */
function assertSameBut(got: Uint8Array, want: Uint8Array, start: number, length: number): void {
  assert.equal(got.length, want.length, 'the value keeps its declared length');
  const g = Buffer.from(got.buffer, got.byteOffset, got.length);
  const w = Buffer.from(want.buffer, want.byteOffset, want.length);
  assert.ok(g.subarray(0, start).equals(w.subarray(0, start)), 'bytes before the lost block equal the source');
  assert.ok(g.subarray(start + length).equals(w.subarray(start + length)), 'bytes after the lost block equal the source');
  assert.ok(g.subarray(start, start + length).every((b) => b === 0), 'the lost bytes are zero');
}

function enron(t: TestContext): string | null {
  const dir = pstExtractorDir();
  if (dir !== null) return path.join(dir, 'enron.pst');
  const reason = 'pst-extractor test data not installed (node_modules/pst-extractor/example/testdata)';
  console.log(`# skip ${t.name}: ${reason}`);
  t.skip(reason);
  return null;
}

test('enron.pst, one leaf of an attachment fails its CRC: only that block is lost, convert keeps the rest', { timeout: 300_000 }, async (t) => {
  const source = enron(t);
  if (!source) return;
  const src = Mailbox.open(source);
  let att: ReturnType<typeof largestXblockAttachment>;
  let target: ValueBlock;
  try {
    att = largestXblockAttachment(src);
    target = middleLeaf(src.db, att.root);
  } finally {
    src.close();
  }
  const truth = await pypffAttachment(source, att.nid, att.index);
  assert.ok(truth.data, `pypff reads the source attachment: ${truth.error}`);
  const copy = scratchCopy(t, source);
  breakBlock(copy, target, 11);

  const mb = Mailbox.open(copy);
  try {
    // The item list and the reading pane still show the item.
    assert.ok(mb.item(att.nid).attachments.length > att.index);
    const msg = mb.message(att.nid);
    const gap = assertOneGap(msg, { property: ATTACH_DATA, attachment: att.index }, target);
    assert.match(gap.reason, /CRC/);
    assertSameBut(attachmentData(msg, att.index), truth.data, target.start, target.length);
    // Streaming gives the same bytes and reports the same gap; without a gap handler it refuses, naming the offset.
    const streamed: DataGap[] = [];
    assert.ok(Buffer.from(mb.attachmentContent(att.nid, att.index, (g) => streamed.push(g))).equals(Buffer.from(attachmentData(msg, att.index))));
    assert.deepEqual(streamed, [gap]);
    assert.throws(() => mb.attachmentContent(att.nid, att.index), (e: Error & { offset?: number }) => e.offset === target.ib && e.message.includes(`${target.length} bytes from byte ${target.start}`));
  } finally {
    mb.close();
  }

  const check = await checkFile(copy, {});
  const atBlock = check.findings.filter((f) => f.offset === target.ib);
  assert.ok(atBlock.some((f) => f.area === 'block'), 'check names the damaged block');
  assert.ok(atBlock.some((f) => f.area === 'item' && f.object.includes(`0x${att.nid.toString(16)}`) && f.problem.includes('attachment')), 'check names the item that lost part of its attachment');

  const out = path.join(tempDir(t), 'partial.pst');
  const report = await convert(copy, out, {});
  assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
  const listed = report.problems.filter((p) => p.itemId === att.nid);
  assert.equal(listed.length, 1, JSON.stringify(listed));
  assert.equal(listed[0]!.offset, target.ib);
  assert.match(listed[0]!.problem, /attachment \d+ property 0x3701 \(PidTagAttachDataBinary\) kept at its full length/);

  const tree = await pffexportTree(out);
  assert.ok(tree.ok && tree.problems.length === 0, `pffexport reads the output (${tree.stderr} ${tree.problems.join('; ')})`);
  const rp = await readpstSummary(out);
  assert.ok(rp.ok, `readpst reads the output: ${rp.stderr}`);
  assert.deepEqual(rp.warnings, []);
  // In the output, pypff finds the attachment at the source's length: the source's bytes with the lost block zeroed.
  const expected = Buffer.from(truth.data);
  expected.fill(0, target.start, target.start + target.length);
  const written = pypffMessages(await pypffDump(out)).flatMap((m) => m.attachments ?? []).filter((a) => a.data?.sha256 === sha256(expected));
  assert.equal(written.length, 1, 'the output holds the attachment with every readable byte');
  assert.equal(written[0]!.data!.length, truth.data.length);
});

test('enron.pst, two leaves of an attachment missing from the block index: their sizes follow from full leaves and the declared total, which cannot stretch a gap past one block', { timeout: 120_000 }, async (t) => {
  const source = enron(t);
  if (!source) return;
  const db = NodeDatabase.open(source);
  try {
    const mb = Mailbox.open(source);
    let att: ReturnType<typeof largestXblockAttachment>;
    try {
      att = largestXblockAttachment(mb);
    } finally {
      mb.close();
    }
    const truth = await pypffAttachment(source, att.nid, att.index);
    assert.ok(truth.data, `pypff reads the source attachment: ${truth.error}`);
    // The middle leaf and the last (shorter) one are hidden from an index that is otherwise the file's own.
    const { bids } = xblock(db, att.root);
    const hidden = [bids[Math.floor(bids.length / 2)]!, bids.at(-1)!];
    const blocks: BlockIndex = { lookup: (key) => (hidden.includes(key) ? undefined : db.bbt.lookup(key)) };
    const partial = NodeDatabase.withIndexes(db.src, db.header, db.nbt, blocks);
    const msg = readMessage(partial, att.nid);
    assert.deepEqual(msg.problems, []);
    const gaps = msg.partial?.[0]?.gaps ?? [];
    const starts = hidden.map((h) => bids.slice(0, bids.indexOf(h)).reduce((n, b) => n + db.blockEntry(b).cbInflated, 0));
    const lengths = hidden.map((h) => db.blockEntry(h).cbInflated);
    assert.deepEqual(
      gaps.map((g) => ({ bid: g.bid, offset: g.offset, start: g.start, length: g.length })),
      hidden.map((bid, i) => ({ bid, offset: null, start: starts[i], length: lengths[i] })),
    );
    const data = Buffer.from(attachmentData(msg, att.index));
    const want = Buffer.from(truth.data);
    for (let i = 0; i < hidden.length; i++) want.fill(0, starts[i], starts[i]! + lengths[i]!);
    assert.ok(data.equals(want), 'every readable byte equals the source, the two lost leaves are zero, the length is the source\'s');

    // A damaged total (lcbTotal 0x7FFFFFFF, CRC fixed so the XBLOCK still reads) cannot stretch the lost last leaf
    // past what one block holds.
    const copy = scratchCopy(t, source);
    rewriteBlock(copy, db, att.root, (d) => d.set([0xff, 0xff, 0xff, 0x7f], 4));
    const damaged = NodeDatabase.open(copy);
    try {
      const last = bids.at(-1)!;
      const blocksOfCopy: BlockIndex = { lookup: (key) => (key === last ? undefined : damaged.bbt.lookup(key)) };
      const read = readMessage(NodeDatabase.withIndexes(damaged.src, damaged.header, damaged.nbt, blocksOfCopy), att.nid);
      const [gap] = read.partial?.[0]?.gaps ?? [];
      assert.ok(gap && gap.bid === last && gap.length <= damaged.geometry.block.maxData, `the lost leaf is at most one block (${gap?.length})`);
      const kept = attachmentData(read, att.index);
      assert.equal(kept.length, gap.start + gap.length);
      assert.ok(Buffer.from(kept.subarray(0, gap.start)).equals(truth.data.subarray(0, gap.start)), 'the bytes before it equal the source');
    } finally {
      damaged.close();
    }
  } finally {
    db.close();
  }
});

const MB = 1024 * 1024;

/** A PST holding a 20 MB attachment (an XXBLOCK of XBLOCKs) and a 100 KB text body (an XBLOCK of leaves). */
function writeSource(file: string): { attachment: Uint8Array; body: string } {
  const attachment = bytes(20 * MB, 41);
  const body = Array.from({ length: 2500 }, (_, i) => `Line ${i}: the quick brown fox jumps over the lazy dog.\r\n`).join('');
  const w = PstWriter.create(file, { displayName: 'Partial values', encoding: 'permute' });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, () => null, { containerClass: 'IPF.Note' });
  const message = (subject: string, text: string) => ({ sourceNid: 0, props: [str(0x001a, 'IPM.Note'), str(0x0037, subject), str(BODY, text)], recipients: [], attachments: [], problems: [] });
  w.addMessage(inbox, { ...message('Large attachment', 'See attached.'), attachments: [{ props: [int(0x3705, 1), str(0x3707, 'large.bin'), bin(ATTACH_DATA, attachment)], embedded: null }] }, () => null);
  w.addMessage(inbox, message('Long body', body), () => null);
  w.finish();
  return { attachment, body };
}

test('a 20 MB attachment whose middle XBLOCK is damaged loses only the leaves that XBLOCK lists; a long body keeps its readable text', { timeout: 300_000 }, async (t) => {
  const source = path.join(tempDir(t), 'source.pst');
  const written = writeSource(source);
  // The undamaged source, as pypff reads it, holds exactly what was written.
  const dump = pypffMessages(await pypffDump(source));
  assert.equal(dump.find((m) => m.subject === 'Large attachment')?.attachments?.[0]?.data?.sha256, sha256(written.attachment));

  const src = Mailbox.open(source);
  let nids: { attachment: number; body: number };
  let branch: ValueBlock;
  let leaf: ValueBlock;
  try {
    const inbox = src.folders().find((f) => f.name === 'Inbox' && src.messageIds(f.id).length === 2)!;
    const bySubject = new Map(src.messageIds(inbox.id).map((id) => [src.item(id).subject, id]));
    nids = { attachment: bySubject.get('Large attachment')!, body: bySubject.get('Long body')! };
    const node = LtpNode.fromNid(src.db, nids.attachment);
    const root = valueRoot(node.child(new TableContext(node.child(0x671)).rowId(0)), ATTACH_DATA)!;
    const top = xblock(src.db, root);
    assert.equal(top.level, 2, 'a 20 MB value is an XXBLOCK');
    assert.ok(top.bids.length >= 3);
    const i = Math.floor(top.bids.length / 2);
    const e = src.db.blockEntry(top.bids[i]!);
    const start = top.bids.slice(0, i).reduce((n, b) => n + xblock(src.db, b).total, 0);
    branch = { bid: e.bid, ib: e.ib, cb: e.cb, start, length: xblock(src.db, e.bid).total };
    leaf = middleLeaf(src.db, valueRoot(LtpNode.fromNid(src.db, nids.body), BODY)!);
  } finally {
    src.close();
  }
  const copy = scratchCopy(t, source);
  breakBlock(copy, branch, 5);
  breakBlock(copy, leaf, 6);

  const mb = Mailbox.open(copy);
  try {
    const msg = mb.message(nids.attachment);
    assertOneGap(msg, { property: ATTACH_DATA, attachment: 0 }, branch);
    assertSameBut(attachmentData(msg, 0), written.attachment, branch.start, branch.length);
    const streamed: DataGap[] = [];
    assert.ok(Buffer.from(mb.attachmentContent(nids.attachment, 0, (g) => streamed.push(g))).equals(Buffer.from(attachmentData(msg, 0))));
    assert.deepEqual(streamed, msg.partial![0]!.gaps);

    // Text keeps what could be read: the body without the lost block's characters.
    const item = mb.item(nids.body);
    const utf16 = Buffer.from(written.body, 'utf16le');
    const readable = Buffer.concat([utf16.subarray(0, leaf.start), utf16.subarray(leaf.start + leaf.length)]).toString('utf16le');
    assert.equal(item.body.text, readable);
    assert.equal(item.problems.length, 1);
    assert.match(item.problems[0]!, new RegExp(`^property 0x1000 \\(PidTagBody\\) kept without the lost text: lost ${leaf.length} bytes from byte ${leaf.start}.*offset ${leaf.ib}`));
    assertOneGap(mb.message(nids.body), { property: BODY, attachment: null }, leaf);
  } finally {
    mb.close();
  }
});

test('enron.pst, an attachment whose properties cannot be read: the ones after it keep their numbers, so each opens as itself', { timeout: 120_000 }, async (t) => {
  const source = enron(t);
  if (source === null) return;
  const mb = Mailbox.open(source);
  const db = NodeDatabase.open(source);
  t.after(() => {
    mb.close();
    db.close();
  });
  // The first item with two by-value attachments whose first one's properties sit in a block of its own.
  let found: { id: number; first: number } | null = null;
  for (const f of mb.folders()) {
    for (const id of mb.messageIds(f.id)) {
      const item = mb.item(id);
      if (item.attachments.length < 2 || item.attachments[1]!.size === 0) continue;
      const node = LtpNode.fromNid(db, id);
      const table = new TableContext(node.child(0x671));
      found = { id, first: node.subnodes.get(table.rowId(0))!.bidData };
      break;
    }
    if (found) break;
  }
  assert.ok(found, 'enron.pst has an item with two attachments');
  const want = await pypffAttachment(source, found.id, 1);
  assert.ok(want.data, want.error);

  const copy = scratchCopy(t, source);
  const entry = db.blockEntry(found.first);
  overwrite(copy, entry.ib + 8, Uint8Array.of(0xde, 0xad, 0xbe, 0xef));
  const damaged = Mailbox.open(copy);
  t.after(() => damaged.close());
  const item = damaged.item(found.id);
  assert.ok(item.problems.some((p) => p.startsWith('attachment 0:')), item.problems.join('\n'));
  const second = item.attachments.find((a) => a.index === 1);
  assert.ok(second, `the second attachment keeps index 1 (indexes: ${item.attachments.map((a) => a.index).join(', ')})`);
  const content = damaged.attachmentContent(found.id, 1);
  assert.equal(content.length, want.data.length);
  assert.equal(sha256(content), sha256(want.data), 'index 1 opens the second attachment');
});

test('a message whose property heap loses a middle page keeps every property on its other pages; the lost ones are reported with the page', { timeout: 120_000 }, async (t) => {
  // Eight 1500-character strings (3000 bytes each, small enough for the heap) spread one message's
  // property context over several 8 KiB heap pages.
  const source = path.join(tempDir(t), 'heap.pst');
  const tags = [0x0037, 0x0042, 0x0044, 0x0070, 0x0075, 0x0c1a, 0x0e1d, 0x1000, 0x3ffa];
  const w = PstWriter.create(source, { displayName: 'Heap pages', encoding: 'permute' });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, () => null, { containerClass: 'IPF.Note' });
  const text = (tag: number) => `${tag.toString(16)}: ${'lorem ipsum dolor sit amet '.repeat(60)}`.slice(0, 1500);
  w.addMessage(inbox, { sourceNid: 0, props: [str(0x001a, 'IPM.Note'), ...tags.map((tag) => str(tag, text(tag)))], recipients: [], attachments: [], problems: [] }, () => null);
  w.finish();
  // pypff reads the undamaged file and finds the message's subject.
  assert.deepEqual(pypffMessages(await pypffDump(source)).map((m) => m.subject), [text(0x0037)]);

  const src = Mailbox.open(source);
  let nid: number;
  let lost: ValueBlock;
  let pageOf: Map<number, number>;
  let truth: Map<number, string>;
  try {
    const folder = src.folders().find((f) => f.name === 'Inbox')!;
    nid = src.messageIds(folder.id)[0]!;
    const node = LtpNode.fromNid(src.db, nid);
    const pc = new PropertyContext(node);
    pageOf = new Map(tags.map((tag) => [tag, splitHid(src.db.geometry, pc.hnidOf(tag)!).block]));
    const { level, bids } = xblock(src.db, src.db.node(nid)!.bidData);
    assert.equal(level, 1);
    assert.ok(bids.length >= 3, `the heap spans ${bids.length} pages`);
    // Not the first page (the heap's header) nor the last (the writer puts the BTH records there).
    const e = src.db.blockEntry(bids[1]!);
    lost = { bid: e.bid, ib: e.ib, cb: e.cb, start: 0, length: e.cbInflated };
    assert.ok([...pageOf.values()].includes(1) && [...pageOf.values()].some((p) => p !== 1), 'values on the lost page and on others');
    truth = new Map(src.message(nid).props.map((p) => [p.id, Buffer.from(p.data).toString('hex')]));
  } finally {
    src.close();
  }
  const copy = scratchCopy(t, source);
  breakBlock(copy, lost, 7);

  const mb = Mailbox.open(copy);
  try {
    const msg = mb.message(nid);
    for (const tag of tags) {
      const got = msg.props.find((p) => p.id === tag);
      if (pageOf.get(tag) === 1) {
        assert.equal(got, undefined, `0x${tag.toString(16)} was on the lost page`);
        assert.ok(msg.problems.some((p) => new RegExp(`^property 0x${tag.toString(16)}( \\(PidTag\\w+\\))?:`).test(p.text) && p.text.includes('heap page 1 is unreadable') && p.offset === lost.ib), `0x${tag.toString(16)} is reported with the block's offset: ${JSON.stringify(msg.problems)}`);
      } else {
        assert.equal(got && Buffer.from(got.data).toString('hex'), truth.get(tag), `0x${tag.toString(16)} equals the source`);
      }
    }
  } finally {
    mb.close();
  }

  const out = path.join(tempDir(t), 'heap-out.pst');
  const report = await convert(copy, out, {});
  assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
  assert.ok(report.problems.some((p) => p.itemId === nid && p.offset === lost.ib), `the report names the item and the lost block: ${JSON.stringify(report.problems)}`);
  const tree = await pffexportTree(out);
  assert.ok(tree.ok && tree.problems.length === 0, `pffexport reads the output (${tree.stderr} ${tree.problems.join('; ')})`);
  assert.deepEqual(tree.folders.find((f) => f.path.endsWith('Inbox'))?.items, 1);
});
