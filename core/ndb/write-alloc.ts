import type { Geometry } from './geometry.js';

/**
 * File-space allocation for a PST written from scratch. Space is handed out front to back and
 * never freed, so each AMap interval fills once: when allocation moves past an interval, its bitmap
 * is final and goes to `sealed` (the writer puts it on disk), and only two numbers an interval stay
 * in memory (its free bytes and longest free run), whatever the file's size. Map pages (AMap, PMap,
 * FMap, FPMap) live at fixed offsets at the start of their interval and are reserved before anything
 * else [MS-PST §2.2.2.7.2–.6, §2.6.1.1.2: allocations never cross an AMap boundary].
 */
export class SpaceAllocator {
  /** Bitmap of the open interval (the last one); earlier ones are sealed. */
  private map = new Uint8Array(0);
  private count = 0;
  /** Longest free run of each sealed interval, capped at 255 (an FMap byte). */
  private runs = new Uint8Array(64);
  private free = 0;
  private closed = false;
  /** Next free byte; allocations only move forward. */
  private cursor: number;

  constructor(
    private readonly g: Geometry,
    private readonly sealed: (k: number, bitmap: Uint8Array) => void,
  ) {
    this.cursor = g.amap.first;
    this.openInterval();
  }

  /** Start of AMap interval k. */
  intervalStart(k: number): number {
    return this.g.amap.first + k * this.g.amap.interval;
  }

  /** Number of AMap intervals the file spans (its size is intervalStart(count)). */
  get intervalCount(): number {
    return this.count;
  }

  /** Which map pages interval k holds, as offsets from its start (the AMap itself is always first). */
  mapPages(k: number): { pmap: boolean; fmap: boolean; fpmap: boolean } {
    const a = this.g.amap;
    return {
      pmap: a.pmapEvery !== null && k % a.pmapEvery === 0,
      fmap: k >= a.fmapFirst && (k - a.fmapFirst) % a.fmapEvery === 0,
      fpmap: k >= a.fpmapFirst && (k - a.fpmapFirst) % a.fpmapEvery === 0,
    };
  }

  /** Reserves `size` bytes aligned to `align`, moving to the next interval when they would not fit. */
  allocate(size: number, align: number): number {
    if (this.closed) throw new Error('allocation after the file was closed');
    const span = this.g.amap.interval;
    for (;;) {
      const end = this.intervalStart(this.count - 1) + span;
      const at = Math.ceil(this.cursor / align) * align;
      if (at + size <= end) {
        this.mark(at, size);
        this.cursor = at + size;
        return at;
      }
      if (size > span - 4 * this.g.page.size) throw new RangeError(`allocation of ${size} bytes exceeds an AMap interval`);
      this.seal();
      this.openInterval();
    }
  }

  /** Seals the last interval once nothing more will be allocated; from then on the totals are final. */
  close(): void {
    if (this.closed) return;
    this.seal();
    this.closed = true;
  }

  /** Free bytes across all intervals, as ROOT.cbAMapFree counts them (after close()). */
  freeBytes(): number {
    return this.free;
  }

  /** Longest run of free bits in sealed interval k, capped at 255 (an FMap byte). */
  longestFreeRun(k: number): number {
    return this.runs[k]!;
  }

  private seal(): void {
    const k = this.count - 1;
    let best = 0;
    let run = 0;
    let free = 0;
    for (const byte of this.map) {
      free += 8 - popcount(byte);
      for (let bit = 7; bit >= 0; bit--) {
        if (byte & (1 << bit)) run = 0;
        else if (++run > best) best = run;
      }
    }
    if (k >= this.runs.length) {
      const grown = new Uint8Array(this.runs.length * 2);
      grown.set(this.runs);
      this.runs = grown;
    }
    this.runs[k] = Math.min(best, 255);
    this.free += free * this.g.amap.bytesPerBit;
    this.sealed(k, this.map);
  }

  /** Starts the next interval: a fresh bitmap, with its own map pages marked taken. */
  private openInterval(): void {
    const k = this.count++;
    this.map = new Uint8Array(this.g.amap.bitmapBytes);
    const start = this.intervalStart(k);
    const pages = this.mapPages(k);
    const p = this.g.page.size;
    // The AMap is always the first page; the others sit at their fixed slots after it.
    this.mark(start, p);
    if (pages.pmap) this.mark(start + p, p);
    if (pages.fmap) this.mark(start + 2 * p, p);
    if (pages.fpmap) this.mark(start + 3 * p, p);
    let first = start + p;
    if (pages.pmap) first = start + 2 * p;
    if (pages.fmap) first = start + 3 * p;
    if (pages.fpmap) first = start + 4 * p;
    this.cursor = Math.max(this.cursor, first);
  }

  /** Marks bytes of the open interval (allocations never cross an interval boundary). */
  private mark(at: number, size: number): void {
    const unit = this.g.amap.bytesPerBit;
    const map = this.map;
    const base = this.intervalStart(this.count - 1);
    const from = (at - base) / unit;
    const to = Math.ceil((at + size - base) / unit);
    for (let i = from; i < to; i++) map[i >>> 3] = map[i >>> 3]! | (0x80 >>> (i & 7));
  }
}

function popcount(b: number): number {
  let n = 0;
  for (let v = b; v; v &= v - 1) n++;
  return n;
}
