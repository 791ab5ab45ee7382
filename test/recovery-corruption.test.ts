// The corruption suite: real files, damaged in known ways on scratch copies (deterministic seeds), then checked
// and deep-scanned. For every case: both finish within a bound and do not crash, the source copy is not written,
// the check report names the damage, the deep scan recovers at least as many messages as pffexport -m all gets
// out of the same damaged copy, and every message whose index leaf and blocks the damage did not touch comes back
// with the same properties and attachments as in the undamaged file.
import assert from 'node:assert/strict';
import path from 'node:path';
import test, { type TestContext } from 'node:test';
import { bidKey, NidType, nidType } from '../core/ndb/ids.js';
import { PType } from '../core/ndb/geometry.js';
import { readMessage } from '../core/messaging/message.js';
import type { MessageObject } from '../core/messaging/objects.js';
import { checkFile, deepScan, type CheckReport, type FindingArea, type RecoveredStore } from '../core/recovery/index.js';
import { bbtEntries } from './support/bbt.js';
import { pstExtractorDir, requireShared } from './support/fixtures.js';
import {
  flipBytes,
  layoutOf,
  nodeExtents,
  overlaps,
  overwrite,
  pffMessageCount,
  rewriteBlock,
  rewritePage,
  rng,
  scratchCopy,
  sha256,
  truncateAt,
  zero,
  type Damage,
  type Layout,
} from './support/corrupt.js';

/** Neither the check nor the deep scan of these small files may take longer than this (a hang fails the test). */
const BOUND_MS = 60_000;

interface Case {
  name: string;
  /** Damages the copy; returns what it touched, or null when the file has no such structure. */
  damage: (copy: string, l: Layout, random: () => number) => Damage[] | null;
  /** The report must have a finding in one of these areas... */
  areas: FindingArea[];
  /** ...whose offset lies in the damage (for damage to a structure with an address). */
  atDamage: boolean;
}

/** A message's first data block (its property context's first heap page). */
function messageBlock(l: Layout, which: number): { nid: number; bid: number } | null {
  const messages = [...l.db.nbt.entries()].filter((e) => nidType(e.nid) === NidType.NORMAL_MESSAGE && e.bidData !== 0);
  const e = messages[Math.floor(which * messages.length)];
  return e ? { nid: e.nid, bid: e.bidData } : null;
}

const CASES: Case[] = [
  { name: 'truncated at 60%', damage: (c, l) => [truncateAt(c, Math.floor((l.db.src.size * 0.6) / 512) * 512)], areas: ['index-page', 'block', 'node', 'header'], atDamage: false },
  { name: 'zeroed header', damage: (c) => [zero(c, 0, 564)], areas: ['header'], atDamage: true },
  {
    name: 'wrong header CRCs',
    damage: (c, l) => [overwrite(c, 4, Uint8Array.of(1, 2, 3, 4)), ...(l.db.geometry.header.crcFull ? [overwrite(c, l.db.geometry.header.crcFull.offset, Uint8Array.of(5, 6, 7, 8))] : [])],
    areas: ['header'],
    atDamage: true,
  },
  {
    name: 'ROOT pointing to garbage',
    damage: (c, l, r) => {
      const g = l.db.geometry;
      return [overwrite(c, g.root.nbtBid, Uint8Array.from({ length: g.root.fAMapValid - g.root.nbtBid }, () => Math.floor(r() * 256)))];
    },
    areas: ['header'],
    atDamage: false,
  },
  { name: 'corrupted NBT root page', damage: (c, l, r) => [flipBytes(c, l.nbtRoot.ib, 64, 8, r)], areas: ['index-page', 'header'], atDamage: true },
  { name: 'corrupted BBT root page', damage: (c, l, r) => [flipBytes(c, l.bbtRoot.ib, 64, 8, r)], areas: ['index-page', 'header'], atDamage: true },
  {
    name: 'zeroed NBT leaf page',
    damage: (c, l) => {
      const leaves = l.nbtPages.filter((p) => p.level === 0 && p.ib !== l.nbtRoot.ib);
      const leaf = leaves[Math.floor(leaves.length / 2)];
      return leaf ? [zero(c, leaf.ib, l.db.geometry.page.size)] : null;
    },
    areas: ['index-page'],
    atDamage: true,
  },
  {
    name: 'corrupted BBT leaf page',
    damage: (c, l, r) => {
      const leaf = l.bbtPages.find((p) => p.level === 0 && p.ib !== l.bbtRoot.ib);
      return leaf ? [flipBytes(c, leaf.ib, 128, 6, r)] : null;
    },
    areas: ['index-page'],
    atDamage: true,
  },
  {
    name: 'zeroed random pages',
    damage: (c, l, r) => {
      // Pages that hold something (an index page or the start of a block), so the damage has something to hit.
      const size = l.db.geometry.page.size;
      const used = [...new Set([...l.nbtPages.map((p) => p.ib), ...l.bbtPages.map((p) => p.ib), ...[...bbtEntries(l.db)].map((e) => e.ib)].map((ib) => Math.floor(ib / size) * size))];
      return [0, 1, 2].map(() => zero(c, used[Math.floor(r() * used.length)]!, size));
    },
    areas: ['index-page', 'block', 'node', 'folder', 'item'],
    atDamage: false,
  },
  {
    name: 'flipped bytes in a data block',
    damage: (c, l, r) => {
      const m = messageBlock(l, 0.5);
      if (!m) return null;
      const e = l.db.blockEntry(bidKey(m.bid));
      return [flipBytes(c, e.ib, e.cb, 3, r)];
    },
    areas: ['block'],
    atDamage: true,
  },
  {
    name: 'B-tree page pointing to itself',
    damage: (c, l) => {
      const root = l.nbtPages.find((p) => p.ib === l.nbtRoot.ib);
      if (!root || root.level === 0) return null;
      const g = l.db.geometry;
      // The first entry's BREF (after its key) now names the root page itself; the CRC is made right again.
      return [
        rewritePage(c, l.db, l.nbtRoot.ib, (page) => {
          const view = new DataView(page.buffer);
          if (g.idSize === 4) {
            view.setUint32(4, l.nbtRoot.bid, true);
            view.setUint32(8, l.nbtRoot.ib, true);
          } else {
            view.setBigUint64(8, BigInt(l.nbtRoot.bid), true);
            view.setBigUint64(16, BigInt(l.nbtRoot.ib), true);
          }
        }),
      ];
    },
    areas: ['index-page'],
    atDamage: true,
  },
  {
    name: 'absurd count in a heap page map',
    damage: (c, l) => {
      if (l.db.geometry.block.compressed) return null;
      const m = messageBlock(l, 0.3);
      if (!m) return null;
      // cAlloc of the page map (at ibHnpm, the heap's first two bytes) becomes 0xFFFF.
      return [rewriteBlock(c, l.db, m.bid, (d) => d.set([0xff, 0xff], d[0]! | (d[1]! << 8)))];
    },
    areas: ['item', 'folder'],
    atDamage: false,
  },
  {
    name: 'absurd sizes in a TCINFO',
    damage: (c, l) => {
      if (l.db.geometry.block.compressed) return null;
      const table = [...l.db.nbt.entries()].find((e) => nidType(e.nid) === NidType.CONTENTS_TABLE && e.nid > 0x8000 && e.bidData !== 0 && !(bidKey(e.bidData) & 2));
      if (!table) return null;
      const heap = l.db.block(table.bidData);
      const hid = heap[4]! | (heap[5]! << 8);
      const map = heap[0]! | (heap[1]! << 8);
      const index = (hid >>> 5) & 0x7ff;
      const start = heap[map + 4 + (index - 1) * 2]! | (heap[map + 5 + (index - 1) * 2]! << 8);
      // cCols 0xFF and row size 0xFFFF: far more than the TCINFO holds.
      return [rewriteBlock(c, l.db, table.bidData, (d) => d.set([0x7c, 0xff, 0, 0, 0, 0, 0, 0, 0xff, 0xff], start))];
    },
    areas: ['folder', 'item'],
    atDamage: false,
  },
  {
    name: 'XBLOCK listing more data than exists',
    damage: (c, l) => {
      for (const e of l.db.nbt.entries()) {
        if (nidType(e.nid) !== NidType.NORMAL_MESSAGE || e.bidSub === 0) continue;
        for (const s of l.db.subnodes(e.bidSub).values()) {
          if (s.bidData !== 0 && (s.bidData & 2) !== 0) {
            // cEnt 0xFFFF and lcbTotal 0x7FFFFFFF.
            return [rewriteBlock(c, l.db, s.bidData, (d) => d.set([0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], 2))];
          }
        }
      }
      return null;
    },
    areas: ['item'],
    atDamage: false,
  },
];

function bounded<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${BOUND_MS} ms`)), BOUND_MS);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

/** A message as comparable text: every property, every attachment's properties, recipients. */
function fingerprint(m: MessageObject): string {
  const props = (list: MessageObject['props']) =>
    list
      .map((p) => `${p.id.toString(16)}:${p.type.toString(16)}:${Buffer.from(p.data).toString('hex')}`)
      .sort()
      .join('|');
  return [props(m.props), ...m.recipients.map(props), ...m.attachments.map((a) => props(a.props))].join('\n');
}

function placed(store: RecoveredStore): Set<number> {
  return new Set(store.folders.flatMap((f) => store.messageIds(f.id)));
}

async function runCase(t: TestContext, source: string, c: Case, seed: number): Promise<void> {
  const pristine = layoutOf(source);
  const copy = scratchCopy(t, source);
  const damage = c.damage(copy, pristine, rng(seed));
  if (damage === null) {
    pristine.db.close();
    t.skip(`${path.basename(source)} has no structure for "${c.name}"`);
    return;
  }
  const before = sha256(copy);
  let report: CheckReport;
  let store: RecoveredStore;
  try {
    report = await bounded(checkFile(copy, { deep: true }), 'check --deep');
    store = await bounded(deepScan(copy), 'deep scan');
  } catch (e) {
    pristine.db.close();
    throw e;
  }
  try {
    assert.equal(sha256(copy), before, 'the damaged file must not be written');
    assert.equal(report.clean, false, 'the report must not call a damaged file clean');
    const named = report.findings.filter((f) => c.areas.includes(f.area) && (!c.atDamage || (f.offset !== null && overlaps([{ offset: f.offset, length: 1 }], damage))));
    assert.ok(named.length > 0, `the report must name the damage (${c.areas.join('/')}); it has:\n${report.findings.map((f) => `${f.area} @${f.offset} ${f.object}: ${f.problem}`).join('\n')}`);

    const ours = placed(store);
    const pff = await pffMessageCount(copy);
    assert.ok(ours.size >= pff.total, `deep scan recovered ${ours.size} messages, pffexport -m all ${pff.total} (${JSON.stringify(pff)})`);

    const size = pristine.db.geometry.page.size;
    let intact = 0;
    for (const [nid, leaf] of pristine.nbtLeaf) {
      if (nidType(nid) !== NidType.NORMAL_MESSAGE) continue;
      const e = pristine.db.node(nid)!;
      let extents: Damage[];
      let want: string;
      try {
        extents = nodeExtents(pristine.db, e.bidData, e.bidSub);
        want = fingerprint(readMessage(pristine.db, nid));
      } catch {
        continue; // Not readable even undamaged: nothing to demand.
      }
      if (overlaps([{ offset: leaf, length: size }, ...extents], damage)) continue;
      intact++;
      assert.ok(ours.has(nid), `message 0x${nid.toString(16)} was untouched by the damage but is not recovered`);
      assert.equal(fingerprint(store.message(nid)), want, `message 0x${nid.toString(16)} must come back intact`);
    }
    t.diagnostic(`${path.basename(source)} / ${c.name}: ${report.findings.length} findings, ${ours.size} recovered (pffexport ${pff.total}), ${intact} untouched messages verified`);
  } finally {
    store.close();
    pristine.db.close();
  }
}

function files(t: TestContext): string[] {
  const dir = requireShared(t);
  const out: string[] = [];
  if (dir !== null) {
    for (const name of [
      'farnulfo__pst-exp__sample1.pst',
      'farnulfo__pst-exp__sample2.pst',
      'simiden__pst2john__2003_no-encryption_quickquick.pst',
      'simiden__pst2john__2003_high-encryption_quickquick.pst',
      'simiden__pst2john__97_outlook_pass12345.pst',
    ]) {
      out.push(path.join(dir, name));
    }
  }
  const pe = pstExtractorDir();
  if (pe !== null) out.push(path.join(pe, 'pstextractortest@outlook.com.ost'), path.join(pe, 'enron.pst'));
  return out;
}

CASES.forEach((c, i) => {
  test(`recovery: ${c.name}`, async (t) => {
    const list = files(t);
    if (list.length === 0) return;
    for (const [k, file] of list.entries()) {
      await t.test(path.basename(file), (tt) => runCase(tt, file, c, 1000 + i * 31 + k));
    }
  });
});

test('recovery: the suite damages what it says (the NBT page finder sees NBT pages)', (t) => {
  const list = files(t);
  if (list.length === 0) return;
  const l = layoutOf(list[0]!);
  try {
    const page = l.db.src.read(l.nbtRoot.ib, l.db.geometry.page.size);
    assert.equal(page[l.db.geometry.page.trailerOffset], PType.NBT);
  } finally {
    l.db.close();
  }
});
