// The deep scan's rebuilt block index chooses among copies of one block by the rule its comment states: the
// copy the live BBT names, else the copy furthest into the file (Outlook appends, so it was written last); a
// block only the BBT names is kept as the BBT says. Real fixtures never hold two sound copies of one BID, so
// the rule is checked here on lists built by hand, the way the scan and the BBT walk would hand them over.
import assert from 'node:assert/strict';
import test from 'node:test';
import type { BlockEntry } from '../core/ndb/btree.js';
import { RecoveredBlockIndex } from '../core/recovery/indexes.js';
import { BlockList } from '../core/recovery/scan.js';

function scanned(blocks: Array<[bid: number, ib: number]>): BlockList {
  const list = new BlockList();
  for (const [bid, ib] of blocks) list.push(bid, ib, 100, 100);
  return list;
}

const entry = (bid: number, ib: number): BlockEntry => ({ bid, ib, cb: 200, cbInflated: 200, cRef: 2 });

test('rebuilt block index: the BBT-named copy wins, else the last written; BBT-only blocks are kept', () => {
  const bbt = [entry(8, 1000), entry(12, 7777), entry(20, 3000), entry(16, 5000)];
  const index = new RecoveredBlockIndex(
    // BID 4 only scanned, twice; 8 twice, the BBT names the earlier copy; 12 twice, the BBT names neither;
    // 16 only in the BBT; 20 scanned once where the BBT says.
    scanned([[8, 9000], [4, 2000], [12, 4000], [4, 6000], [8, 1000], [12, 8000], [20, 3000]]),
    (visit) => bbt.forEach(visit),
  );
  assert.equal(index.size, 5);
  assert.deepEqual([...index.entries()].map((e) => [e.bid, e.ib]), [[4, 6000], [8, 1000], [12, 8000], [16, 5000], [20, 3000]]);
  // A scanned copy keeps the size its own trailer gave; a BBT-only block the size the BBT gave.
  assert.equal(index.lookup(8)?.cb, 100);
  assert.equal(index.lookup(16)?.cb, 200);
  assert.equal(index.lookup(24), undefined);
});

test('rebuilt block index: with no scan it is the BBT itself, in BID order, one entry per BID', () => {
  const bbt = [entry(40, 400), entry(8, 80), entry(24, 240), entry(8, 80)];
  const index = new RecoveredBlockIndex(new BlockList(), (visit) => bbt.forEach(visit));
  assert.deepEqual([...index.entries()].map((e) => [e.bid, e.ib]), [[8, 80], [24, 240], [40, 400]]);
});

test('rebuilt block index: thousands of shuffled copies give what the rule gives, entry by entry', () => {
  // A deterministic shuffle (LCG) of copies of 3000 BIDs, some found twice or three times, and a BBT naming a
  // copy of some of them, another offset for others, and BIDs the scan never found.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const copies: Array<[number, number]> = [];
  const bbt: BlockEntry[] = [];
  for (let k = 1; k <= 3000; k++) {
    const bid = k * 4;
    const n = rand(4);
    for (let c = 0; c < n; c++) copies.push([bid, 64 * (k * 10 + c + 1)]);
    if (rand(3) === 0) bbt.push(entry(bid, n > 0 ? 64 * (k * 10 + 1 + rand(n)) : 64 * k));
  }
  for (let i = copies.length - 1; i > 0; i--) {
    const j = rand(i + 1);
    [copies[i], copies[j]] = [copies[j]!, copies[i]!];
  }
  const expected = new Map<number, number>();
  for (const [bid, ib] of copies) expected.set(bid, Math.max(expected.get(bid) ?? 0, ib));
  for (const e of bbt) if (!expected.has(e.bid) || copies.some(([b, ib]) => b === e.bid && ib === e.ib)) expected.set(e.bid, e.ib);
  const index = new RecoveredBlockIndex(scanned(copies), (visit) => bbt.forEach(visit));
  assert.deepEqual(
    [...index.entries()].map((e) => [e.bid, e.ib]),
    [...expected].sort((a, b) => a[0] - b[0]),
  );
});
