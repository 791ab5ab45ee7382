// Mutation helpers for the recovery tests and the app's e2e specs: copy a real file to a scratch folder, find the
// blocks a value's data tree is made of, damage the copy in a chosen way (recording which byte ranges were touched),
// and tell which items the damage cannot have touched, so a test can
// demand those come back intact. Also counts what pffexport recovers from the same damaged copy, as the bar the deep
// scan must clear. Every mutation works on a copy; the fixtures are never opened for writing.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, chmodSync, closeSync, openSync, readFileSync, rmSync, truncateSync, writeSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { LtpNode } from '../../core/ltp/node.js';
import { PropertyContext } from '../../core/ltp/pc.js';
import { TableContext } from '../../core/ltp/tc.js';
import type { Mailbox } from '../../core/mailbox.js';
import { btChildRef, btPageLayout, decodeNodeEntry } from '../../core/ndb/btree.js';
import { NodeDatabase } from '../../core/ndb/database.js';
import { blockTotalSize, PType } from '../../core/ndb/geometry.js';
import { crcPst } from '../../core/ndb/crc.js';
import { decodeBlock, encodeBlock } from '../../core/ndb/encoding.js';
import type { BRef } from '../../core/ndb/header.js';
import { isInternalBid } from '../../core/ndb/ids.js';
import { dataTreeLeaves } from '../../core/ndb/datatree.js';
import { Rng } from '../../core/synth/rng.js';
import { tempDir } from './fixtures.js';
import { pffexportTree } from './oracles.js';

/**
 * Uniform numbers in [0, 1) from the generator's own seeded stream (core/synth/rng.ts), so every damaged
 * file is the same on every run.
 */
export function rng(seed: number): () => number {
  const stream = new Rng(String(seed));
  return () => stream.float();
}

export function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** A writable copy of `source` in a scratch folder removed when the test ends. */
export function scratchCopy(t: TestContext, source: string): string {
  const copy = path.join(tempDir(t, 'ost-rescue-corrupt-'), path.basename(source));
  copyFileSync(source, copy);
  chmodSync(copy, 0o644);
  return copy;
}

/** A byte range the mutation touched: [offset, offset + length). */
export interface Damage {
  offset: number;
  length: number;
}

export function overwrite(file: string, offset: number, bytes: Uint8Array): Damage {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, bytes, 0, bytes.length, offset);
  } finally {
    closeSync(fd);
  }
  return { offset, length: bytes.length };
}

export function zero(file: string, offset: number, length: number): Damage {
  return overwrite(file, offset, new Uint8Array(length));
}

/** Inverts `count` bytes at random positions inside [offset, offset + length). */
export function flipBytes(file: string, offset: number, length: number, count: number, random: () => number): Damage {
  const data = readFileSync(file);
  for (let i = 0; i < count; i++) {
    const at = offset + Math.floor(random() * length);
    overwrite(file, at, Uint8Array.of(data[at]! ^ 0xff));
  }
  return { offset, length };
}

export function truncateAt(file: string, size: number): Damage {
  truncateSync(file, size);
  return { offset: size, length: Number.MAX_SAFE_INTEGER };
}

/** Where the structures of an undamaged file are, read with the project's own reader. */
export interface Layout {
  db: NodeDatabase;
  nbtRoot: BRef;
  bbtRoot: BRef;
  /** Every page of each index: offset, level. */
  nbtPages: Array<{ ib: number; level: number }>;
  bbtPages: Array<{ ib: number; level: number }>;
  /** For each node: the offset of the NBT leaf page that lists it. */
  nbtLeaf: Map<number, number>;
}

export function layoutOf(file: string): Layout {
  const db = NodeDatabase.open(file);
  const g = db.geometry;
  const walk = (root: BRef, ptype: number, pages: Array<{ ib: number; level: number }>, onLeaf?: (nid: number, leaf: number) => void) => {
    const visit = (ref: BRef): void => {
      // Copied: the children's reads reuse the source's read-ahead buffer this may be a view of.
      const page = db.src.read(ref.ib, g.page.size).slice();
      const { level, count, cbEnt } = btPageLayout(g, page, ref.ib, ptype);
      pages.push({ ib: ref.ib, level });
      for (let i = 0; i < count; i++) {
        if (level > 0) visit(btChildRef(g, page, i * cbEnt));
        else onLeaf?.(decodeNodeEntry(g, page, i * cbEnt).nid, ref.ib);
      }
    };
    visit(root);
  };
  const nbtPages: Layout['nbtPages'] = [];
  const bbtPages: Layout['bbtPages'] = [];
  const nbtLeaf = new Map<number, number>();
  walk(db.header.root.nbt, PType.NBT, nbtPages, (nid, leaf) => nbtLeaf.set(nid, leaf));
  walk(db.header.root.bbt, PType.BBT, bbtPages);
  return { db, nbtRoot: db.header.root.nbt, bbtRoot: db.header.root.bbt, nbtPages, bbtPages, nbtLeaf };
}

/** Every block a node stores its data in (data trees and subnode trees, recursively), as byte ranges. */
export function nodeExtents(db: NodeDatabase, bidData: number, bidSub: number): Damage[] {
  const out: Damage[] = [];
  const block = (bid: number) => {
    const e = db.blockEntry(bid);
    out.push({ offset: e.ib, length: e.cb + db.geometry.block.trailerSize + db.geometry.block.align });
  };
  const data = (bid: number) => {
    if (bid === 0) return;
    block(bid);
    if (isInternalBid(bid)) for (const leaf of dataTreeLeaves(db.geometry, bid, (b) => { block(b); return db.block(b); }).leaves) block(leaf);
  };
  const sub = (bid: number) => {
    if (bid === 0) return;
    block(bid);
    for (const s of db.subnodes(bid).values()) {
      data(s.bidData);
      sub(s.bidSub);
    }
  };
  data(bidData);
  sub(bidSub);
  return out;
}

/**
 * Rewrites one uncompressed block through `mutate` (which sees the decoded payload), re-encodes it and fixes its
 * CRC, so that the damage is to the structure inside and not to the checksum.
 */
export function rewriteBlock(file: string, db: NodeDatabase, bid: number, mutate: (data: Uint8Array) => void): Damage {
  const e = db.blockEntry(bid);
  const g = db.geometry;
  const raw = new Uint8Array(db.src.read(e.ib, blockTotalSize(g, e.cb)));
  const data = raw.subarray(0, e.cb);
  const external = !isInternalBid(e.bid);
  if (external) decodeBlock(data, data, db.encoding, e.bid);
  mutate(data);
  if (external) encodeBlock(data, data, db.encoding, e.bid);
  new DataView(raw.buffer).setUint32(raw.length - g.block.trailerSize + g.block.trailer.dwCRC, crcPst(raw, 0, e.cb), true);
  return overwrite(file, e.ib, raw);
}

/** PidTagAttachDataBinary: an attachment's by-value bytes. */
export const ATTACH_DATA = 0x3701;

/** A data-tree node as the spec lays it out [MS-PST §2.2.2.8.3.2]: btype, cLevel, cEnt, lcbTotal, then cEnt BIDs. */
export function xblock(db: NodeDatabase, bid: number): { level: number; total: number; bids: number[] } {
  const b = Buffer.from(db.block(bid));
  assert.equal(b[0], 0x01, `block ${bid} is an XBLOCK or XXBLOCK`);
  const size = db.geometry.idSize;
  const bids = Array.from({ length: b.readUInt16LE(2) }, (_, i) => (size === 8 ? Number(b.readBigUInt64LE(8 + i * 8)) : b.readUInt32LE(8 + i * 4)));
  return { level: b[1]!, total: b.readUInt32LE(4), bids };
}

/** The root BID of the data tree holding one property of a PC-based node, when it is held in a subnode. */
export function valueRoot(node: LtpNode, id: number): number | null {
  const hnid = new PropertyContext(node).hnidOf(id);
  if (hnid === undefined || (hnid & 0x1f) === 0) return null;
  return node.subnodes.get(hnid)?.bidData ?? null;
}

/** Where the bytes of one block sit: its file range, and the stretch of the value it holds. */
export interface ValueBlock {
  bid: number;
  ib: number;
  cb: number;
  start: number;
  length: number;
}

/** The middle leaf of an XBLOCK-rooted value: its BBT entry, and where its bytes begin in the value. */
export function middleLeaf(db: NodeDatabase, root: number): ValueBlock {
  const { level, bids } = xblock(db, root);
  assert.equal(level, 1);
  const i = Math.floor(bids.length / 2);
  const start = bids.slice(0, i).reduce((n, b) => n + db.blockEntry(b).cbInflated, 0);
  const e = db.blockEntry(bids[i]!);
  return { bid: e.bid, ib: e.ib, cb: e.cb, start, length: e.cbInflated };
}

/** Damages a block so its CRC no longer matches: four bytes inverted inside its data. */
export function breakBlock(file: string, target: ValueBlock, seed: number): Damage {
  return flipBytes(file, target.ib, target.cb, 4, rng(seed));
}

/** A value held in an XBLOCK of leaves: its message, the attachment it belongs to (null: the message's own), its root. */
export interface XblockValue {
  nid: number;
  attachment: number | null;
  root: number;
  leaves: number;
}

/** Every value of property `id` in a file's messages and their attachments that spans an XBLOCK of leaves, most leaves first. */
export function xblockValues(mb: Mailbox, id: number): XblockValue[] {
  const found: XblockValue[] = [];
  const consider = (nid: number, attachment: number | null, node: LtpNode) => {
    const root = valueRoot(node, id);
    if (root === null || !isInternalBid(root)) return;
    const tree = xblock(mb.db, root);
    if (tree.level === 1) found.push({ nid, attachment, root, leaves: tree.bids.length });
  };
  for (const f of mb.folders()) {
    for (const nid of mb.messageIds(f.id)) {
      const node = LtpNode.fromNid(mb.db, nid);
      consider(nid, null, node);
      if (!node.hasChild(0x671)) continue;
      const table = new TableContext(node.child(0x671));
      for (let index = 0; index < table.rowCount; index++) consider(nid, index, node.child(table.rowId(index)));
    }
  }
  return found.sort((a, b) => b.leaves - a.leaves);
}

/** The by-value attachment of a real file with the most blocks under one XBLOCK (root: that XBLOCK's BID). */
export function largestXblockAttachment(mb: Mailbox): { nid: number; index: number; root: number } {
  const best = xblockValues(mb, ATTACH_DATA).find((v) => v.attachment !== null);
  assert.ok(best && best.leaves >= 3, 'the file has an attachment spanning an XBLOCK of three leaves or more');
  return { nid: best.nid, index: best.attachment!, root: best.root };
}

/** Rewrites one page through `mutate` and fixes its CRC (the page stays "sound" but says something wrong). */
export function rewritePage(file: string, db: NodeDatabase, ib: number, mutate: (page: Uint8Array) => void): Damage {
  const g = db.geometry;
  const page = new Uint8Array(db.src.read(ib, g.page.size));
  mutate(page);
  new DataView(page.buffer).setUint32(g.page.trailerOffset + g.page.trailer.dwCRC, crcPst(page, 0, g.page.trailerOffset), true);
  return overwrite(file, ib, page);
}

export function overlaps(a: Damage[], b: Damage[]): boolean {
  return a.some((x) => b.some((y) => x.offset < y.offset + y.length && y.offset < x.offset + x.length));
}

/** Runs pffexport and returns the NIDs of messages it exports from its recovered tree (NID type 4 = message). */
function pffRecoveredMessages(file: string): Promise<number[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'ost-rescue-pffrec-'));
  const log = path.join(work, 'log.txt');
  return new Promise((resolve) => {
    execFile('pffexport', ['-q', '-m', 'recovered', '-l', log, '-t', path.join(work, 'out'), file], { timeout: 180_000, maxBuffer: 64 << 20 }, () => {
      let text = '';
      try {
        text = readFileSync(log, 'utf8');
      } catch {
        // pffexport refused the file: it recovered nothing.
      }
      rmSync(work, { recursive: true, force: true });
      const ids = [...text.matchAll(/Processing [A-Za-z ]+: \d+ \(identifier: (\d+)\) in path: [^\n]*\.recovered\/\n/g)].map((m) => Number(m[1]));
      resolve(ids.filter((nid) => (nid & 0x1f) === 0x04));
    });
  });
}

/** Messages pffexport -m all gets out of a file: its folder tree's items, its orphans and its recovered messages. */
export async function pffMessageCount(file: string): Promise<{ total: number; items: number; orphans: number; recovered: number }> {
  const [tree, recovered] = await Promise.all([pffexportTree(file, 'all'), pffRecoveredMessages(file)]);
  const items = tree.folders.reduce((n, f) => n + f.items, 0);
  return { total: items + tree.orphans + recovered.length, items, orphans: tree.orphans, recovered: recovered.length };
}
