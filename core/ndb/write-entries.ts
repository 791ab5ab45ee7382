/**
 * The only per-block and per-node state a streaming writer keeps: B-tree leaf entries in growable
 * typed arrays (about 26 bytes per block, 24 per node), so a file of millions of blocks stays in
 * tens of megabytes. Ids and offsets are stored as doubles, exact up to 2^53.
 */

function grow<T extends Float64Array | Uint32Array | Uint16Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class BlockEntries {
  count = 0;
  bid = new Float64Array(1024);
  ib = new Float64Array(1024);
  /** Stored size; cbInflated is the logical size (they differ for compressed 4K blocks). */
  cb = new Uint16Array(1024);
  cbInflated = new Uint16Array(1024);
  cRef = new Uint16Array(1024);

  push(bid: number, ib: number, cb: number, cbInflated: number, cRef: number): void {
    const n = this.count + 1;
    this.bid = grow(this.bid, n, (k) => new Float64Array(k));
    this.ib = grow(this.ib, n, (k) => new Float64Array(k));
    this.cb = grow(this.cb, n, (k) => new Uint16Array(k));
    this.cbInflated = grow(this.cbInflated, n, (k) => new Uint16Array(k));
    this.cRef = grow(this.cRef, n, (k) => new Uint16Array(k));
    const i = this.count;
    this.bid[i] = bid;
    this.ib[i] = ib;
    this.cb[i] = cb;
    this.cbInflated[i] = cbInflated;
    this.cRef[i] = cRef;
    this.count = n;
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
