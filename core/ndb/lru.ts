/**
 * A bounded cache that keeps recently used entries: two generations, the young one filled until it
 * holds half the budget, then aged into the old one (which is dropped). A hit in the old
 * generation moves the entry back to the young one. Unlike a strict LRU, a hit costs one Map lookup
 * and no reordering, which matters on paths that look up B-tree pages hundreds of thousands of times.
 *
 * The budget is in bytes, not entries: entries range from a 512-byte page to a 64 KiB block, and a
 * count that is cheap for one variant's pages pins tens of megabytes of another's blocks, so memory
 * would grow with the file until the cache filled instead of staying flat.
 */
export class LruCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private youngBytes = 0;

  constructor(
    private readonly budgetBytes: number,
    private readonly sizeOf: (value: V) => number,
  ) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    this.youngBytes += this.sizeOf(value);
    if (this.youngBytes >= this.budgetBytes / 2) {
      this.old = this.young;
      this.young = new Map();
      this.youngBytes = 0;
    }
  }
}
