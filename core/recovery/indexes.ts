import type { BlockEntry, NodeEntry } from '../ndb/btree.js';
import type { BlockIndex, NodeIndex } from '../ndb/database.js';
import { makeNid, NidType, nidType } from '../ndb/ids.js';
import { binarySearch, Column, sortColumns } from '../ndb/columns.js';
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

/** The live block index (the BBT that ROOT names, or the newest copy of it the scan found), as the rebuilt index asks it. */
export interface LiveBlocks {
  /** The entry for a BID, or undefined: also when a page on the way to it is damaged. */
  lookup(bid: number): BlockEntry | undefined;
  /** Calls `visit` with every entry a tolerant walk of the tree reaches (a damaged page is reported and skipped). */
  walk(visit: (e: BlockEntry) => void): void;
  /** Whether the block an entry names reads back sound (trailer, CRC, and for compressed blocks, inflating). */
  readable(e: BlockEntry): boolean;
}

/**
 * A block index rebuilt from the scan and the live BBT. When one BID was found at several offsets
 * the copy the live BBT names wins if it is sound, else the copy furthest into the file (written
 * last); a block only the BBT names is kept as it is, so that reading it says what is wrong with it.
 *
 * It is the live BBT, read from the file as it is asked, under the sound copies the BBT does not
 * serve. The scan leaves out of its list the blocks the live BBT names where they lie (scanFile's
 * `served`), so in a healthy file what is held here is next to nothing: holding every block found,
 * 20 bytes each, was what made a deep scan's memory grow with the file. The list the scan does keep
 * becomes the overlay in place, sorted and thinned to one copy per BID.
 */
export class RecoveredBlockIndex implements BlockIndex {
  private readonly bids: Float64Array;
  private readonly ibs: Float64Array;
  private readonly cbs: Uint16Array;
  private readonly cbInflated: Uint16Array;
  /** BIDs in the index: the overlay's, and the live BBT's that the overlay does not replace. */
  readonly size: number;

  /** Takes `scanned` over. */
  constructor(
    scanned: BlockList,
    private readonly live: LiveBlocks | null,
  ) {
    scanned.sortByBid();
    const columns = scanned.views();
    const [bid, ib] = columns;
    let kept = 0;
    for (let start = 0; start < bid.length; ) {
      let end = start + 1;
      while (end < bid.length && bid[end] === bid[start]) end++;
      // Of the copies not served live, the first is the one furthest into the file (sortByBid).
      if (!this.servedLive(bid[start]!, ib.subarray(start, end))) {
        for (const col of columns) col[kept] = col[start]!;
        kept++;
      }
      start = end;
    }
    scanned.truncate(kept);
    [this.bids, this.ibs, this.cbs, this.cbInflated] = scanned.views();
    let liveOnly = 0;
    live?.walk((e) => {
      if (binarySearch(this.bids, e.bid) < 0) liveOnly++;
    });
    this.size = kept + liveOnly;
  }

  lookup(bidKey: number): BlockEntry | undefined {
    const i = binarySearch(this.bids, bidKey);
    return i < 0 ? this.live?.lookup(bidKey) : this.at(i);
  }

  /** Whether the live BBT serves `bid` from a sound copy: one the scan found where the BBT says, or one that reads back sound. */
  private servedLive(bid: number, copies: Float64Array): boolean {
    const e = this.live?.lookup(bid);
    return e !== undefined && (copies.includes(e.ib) || this.live!.readable(e));
  }

  private at(i: number): BlockEntry {
    return { bid: this.bids[i]!, ib: this.ibs[i]!, cb: this.cbs[i]!, cbInflated: this.cbInflated[i]!, cRef: 1 };
  }
}
