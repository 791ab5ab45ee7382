/**
 * A bounded cache that keeps recently used entries: two generations, the young one filled until it
 * holds half the capacity, then aged into the old one (which is dropped). A hit in the old
 * generation moves the entry back to the young one. Unlike a strict LRU, a hit costs one Map lookup
 * and no reordering, which matters on paths that look up B-tree pages hundreds of thousands of times.
 */
export class LruCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();

  constructor(private readonly capacity: number) {}

  get(key: K): V | undefined {
    const v = this.young.get(key);
    if (v !== undefined) return v;
    const o = this.old.get(key);
    if (o !== undefined) this.set(key, o);
    return o;
  }

  set(key: K, value: V): void {
    this.young.set(key, value);
    if (this.young.size >= this.capacity / 2) {
      this.old = this.young;
      this.young = new Map();
    }
  }
}
