// The deep scan's rebuilt block index chooses among copies of one block by the rule its comment states: the
// copy the live BBT names when it is sound, else the copy furthest into the file (Outlook appends, so it was
// written last); a block only the BBT names is kept as the BBT says. Real fixtures never hold two sound copies
// of one BID, so the rule is checked here on lists built by hand, the way the scan and the BBT would hand them
// over; and the scan's leaving out the blocks the BBT serves where they lie must not change what it gives.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { BlockEntry } from '../core/ndb/btree.js';
import { RecoveredBlockIndex, type LiveBlocks } from '../core/recovery/indexes.js';
import { BlockList } from '../core/recovery/scan.js';

function scanned(blocks: Array<[bid: number, ib: number]>): BlockList {
  const list = new BlockList();
  for (const [bid, ib] of blocks) list.push(bid, ib, 100, 100);
  return list;
}

const entry = (bid: number, ib: number): BlockEntry => ({ bid, ib, cb: 200, cbInflated: 200, cRef: 2 });

/** A BBT held in memory, and which of the copies it names read back sound. */
function live(bbt: BlockEntry[], readable: (e: BlockEntry) => boolean): LiveBlocks {
  return { lookup: (bid) => bbt.find((e) => e.bid === bid), walk: (visit) => bbt.forEach(visit), readable };
}

const where = (index: RecoveredBlockIndex, bid: number) => index.lookup(bid)?.ib;

test('rebuilt block index: the BBT-named copy wins when sound, else the last written; BBT-only blocks are kept', () => {
  // 8: the BBT names a copy the scan found too; 12: the BBT names an unsound copy, the scan found two others;
  // 28: the BBT names a sound copy the scan left out, and the scan found an older one; 16: only in the BBT
  // (unsound); 4: only scanned, twice; 20: scanned once where the BBT says.
  const bbt = [entry(8, 1000), entry(12, 7777), entry(20, 3000), entry(16, 5000), entry(28, 2800)];
  const index = new RecoveredBlockIndex(
    scanned([[8, 9000], [4, 2000], [12, 4000], [4, 6000], [8, 1000], [12, 8000], [20, 3000], [28, 5600]]),
    live(bbt, (e) => e.ib === 2800),
  );
  assert.equal(index.size, 6);
  assert.deepEqual([4, 8, 12, 16, 20, 24, 28].map((bid) => where(index, bid)), [6000, 1000, 8000, 5000, 3000, undefined, 2800]);
  // A copy the BBT serves has the BBT's entry; one only the scan found, the size its own trailer gave.
  assert.equal(index.lookup(8)?.cb, 200);
  assert.equal(index.lookup(4)?.cb, 100);
});

test('rebuilt block index: with no live BBT it is the list, one entry per BID, the furthest copy', () => {
  const index = new RecoveredBlockIndex(scanned([[40, 400], [8, 80], [24, 240], [8, 800]]), null);
  assert.equal(index.size, 3);
  assert.deepEqual([8, 24, 40].map((bid) => where(index, bid)), [800, 240, 400]);
});

test('rebuilt block index: thousands of shuffled copies give what the rule gives, whether or not the scan kept the served ones', () => {
  // A deterministic shuffle (LCG) of copies of 3000 BIDs, some found twice or three times, and a BBT naming a
  // copy of some of them, another offset (sound or not) for others, and BIDs the scan never found.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const copies: Array<[number, number]> = [];
  const bbt: BlockEntry[] = [];
  const sound = new Set<number>();
  for (let k = 1; k <= 3000; k++) {
    const bid = k * 4;
    const n = rand(4);
    for (let c = 0; c < n; c++) copies.push([bid, 64 * (k * 10 + c + 1)]);
    if (rand(3) === 0) bbt.push(entry(bid, n > 0 && rand(2) === 0 ? 64 * (k * 10 + 1 + rand(n)) : 64 * k));
  }
  for (const [, ib] of copies) sound.add(ib);
  for (const e of bbt) if (rand(2) === 0) sound.add(e.ib);
  for (let i = copies.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [copies[i], copies[j]] = [copies[j]!, copies[i]!];
  }
  const expected = new Map<number, number>();
  for (const [bid, ib] of copies) expected.set(bid, Math.max(expected.get(bid) ?? 0, ib));
  for (const e of bbt) if (!expected.has(e.bid) || sound.has(e.ib)) expected.set(e.bid, e.ib);
  const tree = live(bbt, (e) => sound.has(e.ib));
  const served = (bid: number, ib: number) => tree.lookup(bid)?.ib === ib;
  const full = new RecoveredBlockIndex(scanned(copies), tree);
  const thinned = new RecoveredBlockIndex(scanned(copies.filter(([bid, ib]) => !served(bid, ib))), tree);
  for (const index of [full, thinned]) {
    assert.equal(index.size, expected.size);
    assert.deepEqual([...expected.keys()].sort((a, b) => a - b).map((bid) => [bid, where(index, bid)]), [...expected].sort((a, b) => a[0] - b[0]));
  }
});
