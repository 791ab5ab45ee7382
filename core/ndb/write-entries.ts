/**
 * B-tree leaf entries a streaming writer keeps, in typed arrays. Node entries (24 bytes each) stay
 * until the end, because NIDs are not handed out in NBT order; block entries go to disk a leaf page
 * at a time. Ids and offsets are stored as doubles, exact up to 2^53.
 */

function grow<T extends Float64Array | Uint32Array | Uint16Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

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
  count = 0;
  nid = new Uint32Array(1024);
  bidData = new Float64Array(1024);
  bidSub = new Float64Array(1024);
  parent = new Uint32Array(1024);

  push(nid: number, bidData: number, bidSub: number, parent: number): void {
    const n = this.count + 1;
    this.nid = grow(this.nid, n, (k) => new Uint32Array(k));
    this.bidData = grow(this.bidData, n, (k) => new Float64Array(k));
    this.bidSub = grow(this.bidSub, n, (k) => new Float64Array(k));
    this.parent = grow(this.parent, n, (k) => new Uint32Array(k));
    const i = this.count;
    this.nid[i] = nid;
    this.bidData[i] = bidData;
    this.bidSub[i] = bidSub;
    this.parent[i] = parent;
    this.count = n;
  }

  /** Entry positions ordered by NID, as the NBT stores them. */
  sortedOrder(): Uint32Array {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    const nid = this.nid;
    order.sort((a, b) => nid[a]! - nid[b]!);
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
  count = 0;
  key = new Float64Array(64);
  bid = new Float64Array(64);
  ib = new Float64Array(64);

  push(key: number, bid: number, ib: number): void {
    const n = this.count + 1;
    this.key = grow(this.key, n, (k) => new Float64Array(k));
    this.bid = grow(this.bid, n, (k) => new Float64Array(k));
    this.ib = grow(this.ib, n, (k) => new Float64Array(k));
    this.key[this.count] = key;
    this.bid[this.count] = bid;
    this.ib[this.count] = ib;
    this.count = n;
  }
}
