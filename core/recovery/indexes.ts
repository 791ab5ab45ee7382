import type { BlockEntry, NodeEntry } from '../ndb/btree.js';
import type { BlockIndex, NodeIndex } from '../ndb/database.js';
import { makeNid, NidType, nidType } from '../ndb/ids.js';
import { binarySearch, Column, firstAtLeast, sortColumns } from '../ndb/columns.js';
import { BlockList } from './scan.js';

/** Where a node index entry came from: the live NBT (reachable from ROOT) or a stale page the scan found. */
export const NodeOrigin = { Stale: 0, Live: 1 } as const;
export type NodeOrigin = (typeof NodeOrigin)[keyof typeof NodeOrigin];

/** Node index entries gathered from every readable NBT leaf page, before duplicates are resolved. */
export class NodeCandidates {
  readonly nid = new Column(Uint32Array);
  readonly bidData = new Column(Float64Array);
  readonly bidSub = new Column(Float64Array);
  readonly parent = new Column(Uint32Array);
  readonly origin = new Column(Uint8Array);
  /** BID of the page the entry was read from: page BIDs only grow, so a higher one is a newer page. */
  readonly pageBid = new Column(Float64Array);

  add(e: NodeEntry, origin: NodeOrigin, pageBid: number): void {
    this.nid.push(e.nid);
    this.bidData.push(e.bidData);
    this.bidSub.push(e.bidSub);
    this.parent.push(e.nidParent);
    this.origin.push(origin);
    this.pageBid.push(pageBid);
  }

  /** The filled part of each column, in one order (nid, bidData, bidSub, parent, origin, pageBid), to move entries with. */
  views(): [Uint32Array, Float64Array, Float64Array, Uint32Array, Uint8Array, Float64Array] {
    return [this.nid.view(), this.bidData.view(), this.bidSub.view(), this.parent.view(), this.origin.view(), this.pageBid.view()];
  }

  /** Drops the entries from `n` on. */
  truncate(n: number): void {
    for (const column of [this.nid, this.bidData, this.bidSub, this.parent, this.origin, this.pageBid]) column.truncate(n);
  }
}

/**
 * Older versions of a message get NIDs of the same type with indexes from here up: far above what
 * any file allocates (indexes are 27 bits), so they cannot collide with the file's own NIDs.
 */
const SUPERSEDED_INDEX_BASE = 0x7000000;
/** Message PCs carved from loose blocks (carve.ts) get NIDs from here up, above the superseded versions'. */
const CARVED_INDEX_BASE = 0x7800000;

/**
 * A node index rebuilt from NBT pages: for each NID the entry from the live tree when it has one,
 * else the entry from the newest stale page. Older versions of a message that stale pages still
 * describe with other data blocks (superseded: edited, moved, flagged) are kept too, each under a
 * synthetic NID of its own (see originalNid), as stale entries. Stored as sorted typed arrays.
 * Messages carved from loose blocks, which no page describes, are added afterwards (addCarved).
 */
export class RecoveredNodeIndex implements NodeIndex {
  private readonly nids: Uint32Array;
  private readonly bidData: Float64Array;
  private readonly bidSub: Float64Array;
  private readonly parents: Uint32Array;
  private readonly origins: Uint8Array;
  /** Synthetic NID of a superseded version -> the NID it had in the file. */
  private readonly superseded = new Map<number, number>();
  /** Synthetic NID of a carved message -> its data root (its heap's block, or the XBLOCK listing its heap's blocks) and the subnode tree matched to it (0: none). */
  private readonly carved = new Map<number, { bidData: number; bidSub: number }>();

  /**
   * Takes `c` over: its columns are sorted and thinned in place and become the index, for the reason
   * RecoveredBlockIndex gives.
   */
  constructor(c: NodeCandidates) {
    const columns = c.views();
    const [nid, bidData, bidSub, , origin, pageBid] = columns;
    // Of one NID, the live tree's entry first, then the newest stale page's.
    sortColumns(columns, nid.length, (a, b) => nid[a]! - nid[b]! || origin[b]! - origin[a]! || pageBid[b]! - pageBid[a]!);
    // Kept entries move down to position `kept`, which never passes the entry being read.
    let kept = 0;
    const keep = (at: number, as: number, from: number) => {
      for (const col of columns) col[kept] = col[at]!;
      nid[kept] = as;
      origin[kept] = from;
      kept++;
    };
    let next = SUPERSEDED_INDEX_BASE;
    for (let start = 0; start < nid.length; ) {
      const id = nid[start]!;
      let end = start + 1;
      while (end < nid.length && nid[end] === id) end++;
      const versions = end - start > 1 && nidType(id) === NidType.NORMAL_MESSAGE ? new Set([`${bidData[start]}:${bidSub[start]}`]) : null;
      keep(start, id, origin[start]!);
      for (let k = start + 1; versions && k < end; k++) {
        const version = `${bidData[k]}:${bidSub[k]}`;
        if (versions.has(version) || bidData[k] === 0) continue;
        versions.add(version);
        const synthetic = makeNid(NidType.NORMAL_MESSAGE, next++);
        this.superseded.set(synthetic, id);
        keep(k, synthetic, NodeOrigin.Stale);
      }
      start = end;
    }
    c.truncate(kept);
    const index = c.views();
    // Superseded versions were kept beside the message they are versions of, under NIDs above all others.
    if (this.superseded.size > 0) sortColumns(index, kept, (a, b) => index[0][a]! - index[0][b]!);
    [this.nids, this.bidData, this.bidSub, this.parents, this.origins] = index;
  }

  /** The NID a node had in the file: itself, or for a superseded version the NID of the message it is a version of. */
  originalNid(nid: number): number {
    return this.superseded.get(nid) ?? nid;
  }

  /**
   * Adds a message carved from a loose block under a synthetic NID of its own, and returns it. It
   * has no parent (the entry that named it is what was lost), and the subnode tree carving matched
   * to it, if any.
   */
  addCarved(bidData: number, bidSub: number): number {
    const nid = makeNid(NidType.NORMAL_MESSAGE, CARVED_INDEX_BASE + this.carved.size);
    this.carved.set(nid, { bidData, bidSub });
    return nid;
  }

  isCarved(nid: number): boolean {
    return this.carved.has(nid);
  }

  get size(): number {
    return this.nids.length + this.carved.size;
  }

  lookup(nid: number): NodeEntry | undefined {
    const i = binarySearch(this.nids, nid);
    if (i >= 0) return this.at(i);
    const carved = this.carved.get(nid);
    return carved && { nid, ...carved, nidParent: 0 };
  }

  /** Whether the entry kept for `nid` came from the live tree. */
  isLive(nid: number): boolean {
    const i = binarySearch(this.nids, nid);
    return i >= 0 && this.origins[i] === NodeOrigin.Live;
  }

  *entries(): Generator<NodeEntry> {
    for (let i = 0; i < this.nids.length; i++) yield this.at(i);
    for (const [nid, carved] of this.carved) yield { nid, ...carved, nidParent: 0 };
  }

  private at(i: number): NodeEntry {
    return { nid: this.nids[i]!, bidData: this.bidData[i]!, bidSub: this.bidSub[i]!, nidParent: this.parents[i]! };
  }
}

/**
 * A block index rebuilt from the scan and the live BBT. When one BID was found at several offsets
 * the copy the live BBT names wins, else the copy furthest into the file (written last); a block
 * only the BBT names is kept as it is, so that reading it says what is wrong with it.
 *
 * The scan's own list becomes the index: it is sorted and thinned to one copy per BID in place. A
 * multi-gigabyte file has hundreds of thousands of blocks, and a second copy of them all, or of the
 * list in its sorted order, is what made a deep scan's memory grow with the file.
 */
export class RecoveredBlockIndex implements BlockIndex {
  private readonly bids: Float64Array;
  private readonly ibs: Float64Array;
  private readonly cbs: Uint16Array;
  private readonly cbInflated: Uint16Array;

  /** Takes `scanned` over. `walkIndexed` calls `visit` with each entry the live BBT holds. */
  constructor(scanned: BlockList, walkIndexed: (visit: (e: BlockEntry) => void) => void) {
    scanned.sortByBid();
    const bid = scanned.bid.view();
    const ib = scanned.ib.view();
    const namedByBbt = new Uint8Array(bid.length);
    const bbtOnly = new BlockList();
    walkIndexed((e) => {
      let k = firstAtLeast(bid, e.bid);
      if (k === bid.length || bid[k] !== e.bid) {
        bbtOnly.push(e.bid, e.ib, e.cb, e.cbInflated);
        return;
      }
      for (; k < bid.length && bid[k] === e.bid; k++) if (ib[k] === e.ib) namedByBbt[k] = 1;
    });
    keepOnePerBid(scanned, namedByBbt);
    bbtOnly.sortByBid();
    keepOnePerBid(bbtOnly, null);
    const index = mergeByBid(scanned, bbtOnly);
    this.bids = index.bid.view();
    this.ibs = index.ib.view();
    this.cbs = index.cb.view();
    this.cbInflated = index.cbInflated.view();
  }

  get size(): number {
    return this.bids.length;
  }

  lookup(bidKey: number): BlockEntry | undefined {
    const i = binarySearch(this.bids, bidKey);
    return i < 0 ? undefined : this.at(i);
  }

  *entries(): Generator<BlockEntry> {
    for (let i = 0; i < this.bids.length; i++) yield this.at(i);
  }

  private at(i: number): BlockEntry {
    return { bid: this.bids[i]!, ib: this.ibs[i]!, cb: this.cbs[i]!, cbInflated: this.cbInflated[i]!, cRef: 1 };
  }
}

/**
 * Thins a list sorted by BID to one entry per BID, in place: the last `preferred` copy of a BID when
 * it has one, else its first (the furthest into the file).
 */
function keepOnePerBid(list: BlockList, preferred: Uint8Array | null): void {
  const columns = list.views();
  const bid = columns[0];
  let kept = 0;
  for (let start = 0; start < bid.length; ) {
    let pick = start;
    let end = start;
    for (; end < bid.length && bid[end] === bid[start]; end++) if (preferred?.[end]) pick = end;
    for (const col of columns) col[kept] = col[pick]!;
    kept++;
    start = end;
  }
  list.truncate(kept);
}

/** Two lists sorted by disjoint BIDs merged into one: `a`, grown by `b`'s length and filled from its end. */
function mergeByBid(a: BlockList, b: BlockList): BlockList {
  if (b.length === 0) return a;
  if (a.length === 0) return b;
  let i = a.length - 1;
  for (let k = 0; k < b.length; k++) a.push(0, 0, 0, 0);
  const into = a.views();
  const from = b.views();
  const aBid = into[0];
  const bBid = from[0];
  for (let j = b.length - 1, out = a.length - 1; j >= 0; out--) {
    const fromA = i >= 0 && aBid[i]! > bBid[j]!;
    const src = fromA ? into : from;
    const at = fromA ? i-- : j--;
    for (let c = 0; c < into.length; c++) into[c]![out] = src[c]![at]!;
  }
  return a;
}
