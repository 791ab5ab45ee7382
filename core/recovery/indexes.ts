import type { BlockEntry, NodeEntry } from '../ndb/btree.js';
import type { BlockIndex, NodeIndex } from '../ndb/database.js';
import { makeNid, NidType, nidType } from '../ndb/ids.js';
import { binarySearch, Column, lowerBound, sortedOrder } from '../ndb/columns.js';
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

  constructor(c: NodeCandidates) {
    const nid = c.nid.view();
    const origin = c.origin.view();
    const pageBid = c.pageBid.view();
    const bidData = c.bidData.view();
    const bidSub = c.bidSub.view();
    const order = sortedOrder(c.nid.length, (a, b) => nid[a]! - nid[b]! || origin[b]! - origin[a]! || pageBid[b]! - pageBid[a]!);
    // [candidate index, NID it is kept under]
    const keep: Array<[number, number]> = [];
    let next = SUPERSEDED_INDEX_BASE;
    for (let start = 0; start < order.length; ) {
      let end = start;
      while (end < order.length && nid[order[end]!] === nid[order[start]!]) end++;
      const first = order[start]!;
      keep.push([first, nid[first]!]);
      if (nidType(nid[first]!) === NidType.NORMAL_MESSAGE) {
        const versions = new Set<string>([`${bidData[first]}:${bidSub[first]}`]);
        for (let k = start + 1; k < end; k++) {
          const at = order[k]!;
          const version = `${bidData[at]}:${bidSub[at]}`;
          if (versions.has(version) || bidData[at] === 0) continue;
          versions.add(version);
          const synthetic = makeNid(NidType.NORMAL_MESSAGE, next++);
          this.superseded.set(synthetic, nid[at]!);
          keep.push([at, synthetic]);
        }
      }
      start = end;
    }
    keep.sort((a, b) => a[1] - b[1]);
    this.nids = Uint32Array.from(keep, ([, n]) => n);
    this.bidData = Float64Array.from(keep, ([i]) => bidData[i]!);
    this.bidSub = Float64Array.from(keep, ([i]) => bidSub[i]!);
    this.parents = Uint32Array.from(keep, ([i]) => c.parent.get(i));
    this.origins = Uint8Array.from(keep, ([i, n]) => (this.superseded.has(n) ? NodeOrigin.Stale : origin[i]!));
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
 * Built from the scan's own columns and one pass over the BBT, without gathering both into a list of
 * candidates first: a multi-gigabyte file has hundreds of thousands of blocks, and a second copy of
 * them all is what made a deep scan's memory grow with the file.
 */
export class RecoveredBlockIndex implements BlockIndex {
  private readonly bids: Float64Array;
  private readonly ibs: Float64Array;
  private readonly cbs: Uint16Array;
  private readonly cbInflated: Uint16Array;

  /** `walkIndexed` calls `visit` with each entry the live BBT holds. */
  constructor(scanned: BlockList, walkIndexed: (visit: (e: BlockEntry) => void) => void) {
    const bid = scanned.bid.view();
    const ib = scanned.ib.view();
    // Scanned copies by BID, and of one BID the furthest into the file first.
    const order = sortedOrder(bid.length, (a, b) => bid[a]! - bid[b]! || ib[b]! - ib[a]!);
    const namedByBbt = new Uint8Array(bid.length);
    const bbtOnly = new BlockList();
    walkIndexed((e) => {
      let k = lowerBound(order, bid, e.bid);
      if (k === order.length || bid[order[k]!] !== e.bid) {
        bbtOnly.push(e.bid, e.ib, e.cb, e.cbInflated);
        return;
      }
      for (; k < order.length && bid[order[k]!] === e.bid; k++) if (ib[order[k]!] === e.ib) namedByBbt[order[k]!] = 1;
    });
    // The chosen copy of each scanned BID, in BID order.
    const chosen = new Uint32Array(order.length);
    let groups = 0;
    for (let start = 0; start < order.length; ) {
      let pick = order[start]!;
      let end = start;
      for (; end < order.length && bid[order[end]!] === bid[pick]; end++) if (namedByBbt[order[end]!]) pick = order[end]!;
      chosen[groups++] = pick;
      start = end;
    }
    const onlyBid = bbtOnly.bid.view();
    const onlyIb = bbtOnly.ib.view();
    const onlyOrder = sortedOrder(onlyBid.length, (a, b) => onlyBid[a]! - onlyBid[b]! || onlyIb[b]! - onlyIb[a]!);
    const extra = onlyOrder.filter((i, k) => k === 0 || onlyBid[i] !== onlyBid[onlyOrder[k - 1]!]);
    const n = groups + extra.length;
    this.bids = new Float64Array(n);
    this.ibs = new Float64Array(n);
    this.cbs = new Uint16Array(n);
    this.cbInflated = new Uint16Array(n);
    // Merge the two BID-ordered runs; their BIDs are disjoint.
    for (let out = 0, a = 0, b = 0; out < n; out++) {
      const fromScan = b === extra.length || (a < groups && bid[chosen[a]!]! < onlyBid[extra[b]!]!);
      const list = fromScan ? scanned : bbtOnly;
      const i = fromScan ? chosen[a++]! : extra[b++]!;
      this.bids[out] = list.bid.get(i);
      this.ibs[out] = list.ib.get(i);
      this.cbs[out] = list.cb.get(i);
      this.cbInflated[out] = list.cbInflated.get(i);
    }
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
