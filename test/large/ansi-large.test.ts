// npm run test:large, issue #4 ("Large ANSI OSTs"): ANSI ids and offsets are 32-bit unsigned [MS-PST §2.2.2.2–.4],
// so an ANSI file may reach 4 GiB, though Outlook stopped them near 1.9 GB (its header's rgbFP maps no more) and
// files written past that were often damaged. One 2.5 GB ANSI OST: the independent readers read all of it, and our
// reader agrees with them folder by folder and, item by item, on everything stored past 2 GiB. A copy cut at 2.2 GB
// (a file damaged past the limit) is refused by the normal reader, deep-scans without a crash, keeps what its
// own structures still describe below the cut, and carves the items whose index entries the cut took.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, statSync, truncateSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { RescueError } from '../../core/errors.js';
import { Mailbox } from '../../core/mailbox.js';
import { decodeNodeEntry } from '../../core/ndb/btree.js';
import type { NodeDatabase } from '../../core/ndb/database.js';
import { ANSI, blockTotalSize, PType } from '../../core/ndb/geometry.js';
import { bidKey, isInternalBid } from '../../core/ndb/ids.js';
import { pageFault } from '../../core/ndb/page.js';
import { deepScan } from '../../core/recovery/index.js';
import { forEachLeafEntry, walkTree } from '../../core/recovery/tree-walk.js';
import { synthesize } from '../../core/synth/generate.js';
import { checkWithReaders } from '../synth-check.js';
import { bbtEntries } from '../support/bbt.js';
import { tempDir } from '../support/fixtures.js';
import { pffexportTree, pypffDump, pypffMessages } from '../support/oracles.js';

const GB = 1024 ** 3;
const TWO_GIB = 2 ** 31;
/** Where the damaged copy ends: past 2 GiB, well short of the end. */
const CUT = 2.2e9;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
/**
 * libpff (pypff, pffexport) decodes a UTF-16 surrogate pair to the wrong code point (🎉 U+1F389 comes back as
 * U+1EF8A; readpst gives U+1F389), so characters beyond the BMP are compared by position only.
 */
const bmpOnly = (s: string) => s.replace(/[\u{10000}-\u{10FFFF}]/gu, '\uFFFD');

/** Longest run of 0 bits, MSB first, capped at 255: what an FMap byte records for its AMap [MS-PST §2.2.2.7.4]. */
function longestFreeRun(bitmap: Uint8Array): number {
  let best = 0;
  let run = 0;
  for (const byte of bitmap) {
    for (let bit = 7; bit >= 0; bit--) {
      run = byte & (1 << bit) ? 0 : run + 1;
      best = Math.max(best, run);
    }
  }
  return Math.min(best, 255);
}

/**
 * The allocation maps of an ANSI file, to its end, from the spec's facts alone [MS-PST §2.2.2.7.2–.4]: an AMap every
 * 253 952 bytes from 0x4400, whose 496-byte bitmap (after 4 bytes of dwPadding) gives one bit per 64 bytes; a PMap
 * one page after every 8th AMap; an FMap two pages after AMap 128 + 496 n, one byte per AMap from its own on. Map pages
 * carry their own offset as BID. Every block the BBT lists must be marked, and ROOT.cbAMapFree is the unmarked space.
 */
function checkAllocationMaps(db: NodeDatabase, size: number): { intervals: number } {
  const first = 0x4400;
  const span = 253_952;
  const intervals = (size - first) / span;
  assert.ok(Number.isInteger(intervals), 'the file ends on an AMap interval');
  const page = (ib: number, ptype: number) => {
    const p = db.src.read(ib, 512).slice();
    assert.equal(pageFault(ANSI, p, ib, ib, ptype), null, `map page 0x${ptype.toString(16)} at ${ib}`);
    return p;
  };
  const bitmaps: Uint8Array[] = [];
  let free = 0;
  for (let k = 0; k < intervals; k++) {
    const bitmap = page(first + k * span, PType.AMap).subarray(4, 4 + 496);
    bitmaps.push(bitmap);
    for (const byte of bitmap) for (let bit = 0; bit < 8; bit++) if ((byte & (1 << bit)) === 0) free += 64;
    if (k % 8 === 0) page(first + k * span + 512, PType.PMap);
  }
  assert.equal(db.header.root.cbAMapFree, free, 'ROOT.cbAMapFree');
  for (let k = 128; k < intervals; k += 496) {
    const fmap = page(first + k * span + 1024, PType.FMap);
    for (let j = 0; j < 496 && k + j < intervals; j++) assert.equal(fmap[4 + j], longestFreeRun(bitmaps[k + j]!), `FMap byte for AMap ${k + j}`);
  }
  let unmarked = 0;
  for (const e of bbtEntries(db)) {
    const k = Math.floor((e.ib - first) / span);
    const from = (e.ib - first - k * span) / 64;
    const to = from + blockTotalSize(ANSI, e.cb) / 64;
    for (let u = from; u < to; u++) if ((bitmaps[k]![u >> 3]! & (0x80 >> (u & 7))) === 0) unmarked++;
  }
  assert.equal(unmarked, 0, '64-byte units of listed blocks the AMaps leave free');
  return { intervals };
}

test('a 2.5 GB ANSI OST reads in full, and a copy cut at 2.2 GB keeps or carves what lies below the cut', { timeout: 3 * 3600_000 }, async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'large-ansi.ost');
  let since = Date.now();
  const report = synthesize(file, { variant: 'ansi', client: 'ost', encoding: 'none', seed: 'large-ansi', target: { bytes: 2.5 * GB } });
  const size = statSync(file).size;
  t.diagnostic(`generated ${size} bytes, ${report.items} items in ${seconds(since)}`);
  assert.ok(size > CUT && size < 2 ** 32, `${size} bytes`);

  since = Date.now();
  await checkWithReaders(report);
  t.diagnostic(`pffinfo, pffexport, readpst and pypff agree with the generator (${seconds(since)})`);

  // Our reader: the same items in every folder as pffexport, by NID.
  since = Date.now();
  const mb = Mailbox.open(file);
  t.after(() => mb.close());
  const root = mb.db.header.root;
  assert.equal(root.ibFileEof, size);
  assert.ok(root.nbt.ib > TWO_GIB && root.bbt.ib > TWO_GIB, 'both B-tree roots lie past 2 GiB');
  const { intervals } = checkAllocationMaps(mb.db, size);
  const pff = await pffexportTree(file);
  for (const f of pff.folders) {
    if (f.identifier === null) continue;
    assert.deepEqual(mb.messageIds(f.identifier).sort(), [...f.identifiers].sort(), `items of ${f.path}`);
  }

  // Every item stored past 2 GiB reads cleanly, with pypff's subject and attachment bytes.
  const pypff = new Map(pypffMessages(await pypffDump(file)).flatMap((m) => (m.identifier === null ? [] : [[m.identifier, m] as const])));
  const propertyBlock = (nid: number) => mb.db.blockEntry(mb.db.node(nid)!.bidData);
  const messages = [...pypff.keys()];
  let above = 0;
  for (const nid of messages) {
    if (propertyBlock(nid).ib < TWO_GIB) continue;
    above++;
    const item = mb.item(nid);
    const theirs = pypff.get(nid)!;
    assert.deepEqual(item.problems, [], `item ${nid}`);
    assert.equal(bmpOnly(item.subject), bmpOnly(theirs.subject ?? ''), `subject of item ${nid}`);
    const ours = item.attachments.filter((a) => a.method === 'by-value').map((a) => sha256(mb.attachmentContent(nid, a.index)));
    assert.deepEqual(ours, (theirs.attachments ?? []).filter((a) => a.method === 1).map((a) => a.data?.sha256), `attachments of item ${nid}`);
  }
  assert.ok(above > messages.length / 10, `${above} of ${messages.length} items lie past 2 GiB`);
  t.diagnostic(`our reader: ${intervals} sound allocation-map intervals, every folder as pffexport, ${above} items past 2 GiB as pypff (${seconds(since)})`);

  // The damaged copy.
  since = Date.now();
  const cut = path.join(dir, 'cut.ost');
  copyFileSync(file, cut);
  truncateSync(cut, CUT);
  assert.throws(() => Mailbox.open(cut), (e) => e instanceof RescueError && e.kind === 'truncated');
  const store = await deepScan(cut);
  t.after(() => store.close());
  t.diagnostic(`deep scan of the ${CUT}-byte copy: ${JSON.stringify(store.summary)} (${seconds(since)})`);
  assert.ok(store.problems.some((p) => /truncated/.test(p.problem)), 'the deep scan reports the truncation');

  // Every block the intact file's BBT lists wholly below the cut is found at its offset, past 2 GiB as well.
  let below = 0;
  let belowPast2GiB = 0;
  const lost: number[] = [];
  for (const e of bbtEntries(mb.db)) {
    if (e.ib + blockTotalSize(ANSI, e.cb) > CUT) continue;
    below++;
    if (e.ib >= TWO_GIB) belowPast2GiB++;
    if (store.db.bbt.lookup(bidKey(e.bid))?.ib !== e.ib) lost.push(e.bid);
  }
  assert.deepEqual(lost.slice(0, 10), [], `${lost.length} of ${below} blocks below the cut not found`);
  assert.ok(belowPast2GiB > 1000, `${belowPast2GiB} blocks between 2 GiB and the cut`);

  // Every item whose properties and whose NBT entry (its leaf page in the intact file) lie below the cut is
  // recovered, and reads with pypff's subject.
  const indexedBelow = new Set<number>();
  const liveNbt = walkTree(ANSI, mb.db.src, root.nbt, PType.NBT, () => {}, () => {});
  for (const ib of liveNbt.pages) {
    if (ib + ANSI.page.size <= CUT) forEachLeafEntry(ANSI, mb.db.src, ib, PType.NBT, (page, off) => indexedBelow.add(decodeNodeEntry(ANSI, page, off).nid));
  }
  const recovered = new Set(store.folders.flatMap((f) => store.messageIds(f.id)));
  const view = Mailbox.fromRecovery(store);
  let kept = 0;
  for (const nid of messages) {
    const node = mb.db.node(nid)!;
    const blocks = [node.bidData, ...(node.bidSub === 0 ? [] : [node.bidSub])].map((bid) => mb.db.blockEntry(bid));
    if (!indexedBelow.has(nid) || blocks.some((b) => b.ib + blockTotalSize(ANSI, b.cb) > CUT)) continue;
    kept++;
    assert.ok(recovered.has(nid), `item ${nid} is recovered`);
    assert.equal(bmpOnly(view.item(nid).subject), bmpOnly(pypff.get(nid)!.subject ?? ''), `subject of recovered item ${nid}`);
  }
  t.diagnostic(`${kept} items have their properties and index entry below the cut; ${recovered.size} recovered`);

  // Our writer puts the node index at the end of the file (Outlook's files have it spread through), so the cut
  // takes most index entries with it. Items whose properties lie in one block below the cut come back anyway,
  // carved from that block: each one's subject is among the carved items' as often as pypff reads it.
  const carvedSubjects = new Map<string, number>();
  const carvedFolder = view.folders().find((f) => f.source === 'carved');
  for (const id of carvedFolder ? view.messageIds(carvedFolder.id) : []) {
    const subject = bmpOnly(view.item(id).subject);
    carvedSubjects.set(subject, (carvedSubjects.get(subject) ?? 0) + 1);
  }
  const wanted = new Map<string, number>();
  for (const nid of messages) {
    const node = mb.db.node(nid)!;
    if (recovered.has(nid) || isInternalBid(node.bidData)) continue;
    const b = mb.db.blockEntry(node.bidData);
    if (b.ib + blockTotalSize(ANSI, b.cb) > CUT) continue;
    const subject = bmpOnly(pypff.get(nid)!.subject ?? '');
    wanted.set(subject, (wanted.get(subject) ?? 0) + 1);
  }
  const missing = [...wanted].filter(([subject, n]) => (carvedSubjects.get(subject) ?? 0) < n);
  const count = [...wanted.values()].reduce((a, b) => a + b, 0);
  t.diagnostic(`${count} items lost their index entry but not their one-block properties; ${carvedFolder ? view.messageIds(carvedFolder.id).length : 0} carved`);
  assert.ok(count > messages.length / 2, `${count} of ${messages.length} items have their properties below the cut and no index entry`);
  assert.deepEqual(missing.slice(0, 5), [], `${missing.length} subjects not carved`);
});
