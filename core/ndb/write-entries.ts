/**
 * B-tree leaf entries a streaming writer keeps, in typed arrays. Node entries (24 bytes each) stay
 * until the end, because NIDs are not handed out in NBT order; block entries go to disk a leaf page
 * at a time. Ids and offsets are stored as doubles, exact up to 2^53.
 */
import { Column, sortedOrder } from './columns.js';

/**
 * BBT leaf entries not yet on disk: at most one leaf page's worth, since BIDs are handed out in
 * increasing order and each full leaf is written at once.
 */
export class BlockEntries {
  count = 0;
  readonly bid: Float64Array;
  readonly ib: Float64Array;
  /** Stored size; cbInflated is the logical size (they differ for compressed 4K blocks). */
  readonly cb: Uint16Array;
  readonly cbInflated: Uint16Array;
  readonly cRef: Uint16Array;

  constructor(readonly capacity: number) {
    this.bid = new Float64Array(capacity);
    this.ib = new Float64Array(capacity);
    this.cb = new Uint16Array(capacity);
    this.cbInflated = new Uint16Array(capacity);
    this.cRef = new Uint16Array(capacity);
  }

  push(bid: number, ib: number, cb: number, cbInflated: number, cRef: number): void {
    if (this.count === this.capacity) throw new RangeError('BBT leaf buffer is full');
    const i = this.count++;
    this.bid[i] = bid;
    this.ib[i] = ib;
    this.cb[i] = cb;
    this.cbInflated[i] = cbInflated;
    this.cRef[i] = cRef;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }
}

export class NodeEntries {
  readonly nid = new Column(Uint32Array);
  readonly bidData = new Column(Float64Array);
  readonly bidSub = new Column(Float64Array);
  readonly parent = new Column(Uint32Array);

  push(nid: number, bidData: number, bidSub: number, parent: number): void {
    this.nid.push(nid);
    this.bidData.push(bidData);
    this.bidSub.push(bidSub);
    this.parent.push(parent);
  }

  /** Entry positions ordered by NID, as the NBT stores them. */
  sortedOrder(): Uint32Array {
    const nid = this.nid.view();
    const order = sortedOrder(nid.length, (a, b) => nid[a]! - nid[b]!);
    for (let i = 1; i < order.length; i++) {
      if (nid[order[i]!] === nid[order[i - 1]!]) throw new Error(`node 0x${nid[order[i]!]!.toString(16)} written twice`);
    }
    return order;
  }
}

/**
 * One level of a B-tree being written, as references to its pages in key order: each page's lowest key,
 * BID and offset. A large PST has tens of thousands of BBT leaves, all kept until finish() writes the
 * levels above them; as columns they cost 24 bytes a page instead of an object and a boxed offset each.
 */
export class PageRefs {
  readonly key = new Column(Float64Array, 64);
  readonly bid = new Column(Float64Array, 64);
  readonly ib = new Column(Float64Array, 64);

  get count(): number {
    return this.key.length;
  }

  push(key: number, bid: number, ib: number): void {
    this.key.push(key);
    this.bid.push(bid);
    this.ib.push(ib);
  }
}
