import type { Geometry } from './geometry.js';

/**
 * File-space allocation for a PST written from scratch. Space is handed out front to back and
 * never freed, so each AMap interval fills once; one bitmap per interval (bitmapBytes each,
 * 496 bytes per 248 KiB of file) is all the state kept. Map pages (AMap, PMap, FMap, FPMap) live
 * at fixed offsets at the start of their interval and are reserved before anything else
 * [MS-PST §2.2.2.7.2–.6, §2.6.1.1.2: allocations never cross an AMap boundary].
 */
export class SpaceAllocator {
  private readonly maps: Uint8Array[] = [];
  /** Next free byte; allocations only move forward. */
  private cursor: number;

  constructor(private readonly g: Geometry) {
    this.cursor = g.amap.first;
    this.openInterval(0);
  }

  /** Start of AMap interval k. */
  intervalStart(k: number): number {
    return this.g.amap.first + k * this.g.amap.interval;
  }

  /** Number of AMap intervals the file spans (its size is intervalStart(count)). */
  get intervalCount(): number {
    return this.maps.length;
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
    const span = this.g.amap.interval;
    for (;;) {
      const k = this.maps.length - 1;
      const end = this.intervalStart(k) + span;
      const at = Math.ceil(this.cursor / align) * align;
      if (at + size <= end) {
        this.mark(at, size);
        this.cursor = at + size;
        return at;
      }
      if (size > span - 4 * this.g.page.size) throw new RangeError(`allocation of ${size} bytes exceeds an AMap interval`);
      this.openInterval(k + 1);
    }
  }

  /** The bitmap of interval k (MSB-first, one bit per bytesPerBit bytes from the interval start). */
  bitmap(k: number): Uint8Array {
    return this.maps[k]!;
  }

  /** Free bytes across all intervals, as ROOT.cbAMapFree counts them. */
  freeBytes(): number {
    let free = 0;
    for (const m of this.maps) for (const byte of m) free += 8 - popcount(byte);
    return free * this.g.amap.bytesPerBit;
  }

  /** Longest run of free bits in interval k, capped at 255 (an FMap byte). */
  longestFreeRun(k: number): number {
    let best = 0;
    let run = 0;
    for (const byte of this.maps[k]!) {
      for (let bit = 7; bit >= 0; bit--) {
        if (byte & (1 << bit)) run = 0;
        else if (++run > best) best = run;
      }
    }
    return Math.min(best, 255);
  }

  private openInterval(k: number): void {
    this.maps.push(new Uint8Array(this.g.amap.bitmapBytes));
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

  private mark(at: number, size: number): void {
    const unit = this.g.amap.bytesPerBit;
    const k = Math.floor((at - this.g.amap.first) / this.g.amap.interval);
    const map = this.maps[k]!;
    const base = this.intervalStart(k);
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
