/**
 * Growable typed-array columns. A deep scan of a multi-gigabyte file finds hundreds of thousands of
 * blocks and index entries, and a writer keeps every node entry and B-tree page it wrote until the end;
 * keeping them as columns of numbers instead of objects keeps memory at a few bytes per record, which is
 * what bounds the footprint as files grow.
 */
type Typed = Float64Array | Uint32Array | Uint16Array | Uint8Array;
type TypedCtor<T extends Typed> = { new (n: number): T };

export class Column<T extends Typed> {
  private data: T;
  length = 0;

  constructor(private readonly ctor: TypedCtor<T>, initial = 1024) {
    this.data = new ctor(initial);
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new this.ctor(this.data.length * 2);
      next.set(this.data as never);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  get(i: number): number {
    return this.data[i]!;
  }

  /** The filled part, without copying. */
  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** A permutation of 0..n-1 sorted by `compare`, as a compact array. */
export function sortedOrder(n: number, compare: (a: number, b: number) => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return order.sort(compare);
}

/** The first position in `order` (a permutation sorting `keys` ascending) whose key is at least `key`. */
export function lowerBound(order: Uint32Array, keys: Float64Array, key: number): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[order[mid]!]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of `key` in an ascending array, or -1. */
export function binarySearch(keys: Float64Array | Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
