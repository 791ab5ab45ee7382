import { put16, put32 } from '../ndb/bytes.js';
import type { Geometry } from '../ndb/geometry.js';
import { HN_SIGNATURE, makeHid, MAX_HEAP_ITEM, splitHid } from './hid.js';

/** HNHDR is 12 bytes, HNBITMAPHDR 66 (ibHnpm + 64 bytes of fill levels), HNPAGEHDR 2 [MS-PST §2.3.1.2–.4]. */
const HNHDR_SIZE = 12;
const HNBITMAPHDR_SIZE = 66;
const HNPAGEHDR_SIZE = 2;
/** Page 8 and every 128th after it carry an HNBITMAPHDR describing the next 128 pages. */
const BITMAP_FIRST = 8;
const BITMAP_EVERY = 128;
/** Fill levels of the first 8 pages live in the HNHDR. */
const HNHDR_FILL_PAGES = 8;

/** Upper bounds of free bytes for fill levels 0..15 [MS-PST §2.3.1.5], checked from the top. */
const FILL_LIMITS = [3584, 2560, 2048, 1792, 1536, 1280, 1024, 768, 512, 256, 128, 64, 32, 16, 8];

function fillLevel(free: number): number {
  for (let i = 0; i < FILL_LIMITS.length; i++) if (free >= FILL_LIMITS[i]!) return i;
  return 0xf;
}

function headerSize(page: number): number {
  if (page === 0) return HNHDR_SIZE;
  return page >= BITMAP_FIRST && (page - BITMAP_FIRST) % BITMAP_EVERY === 0 ? HNBITMAPHDR_SIZE : HNPAGEHDR_SIZE;
}

/** Size of an HNPAGEMAP with n allocations: cAlloc, cFree, then n + 1 offsets. */
function pageMapSize(n: number): number {
  return 4 + 2 * (n + 1);
}

/** One heap page being filled: its items packed back to back from offset 0, with their start offsets. */
interface HeapPage {
  bytes: Uint8Array;
  /** Start of each item, then the end of the last one. */
  offsets: number[];
}

/**
 * Builds a heap-on-node [MS-PST §2.3.1]: items are packed into pages of at most maxData bytes
 * (each page becomes one leaf of the node's data tree) and addressed by HID. Items are copied in
 * as they are allocated, so a table of 100 000 rows holds its cells as bytes, not as objects.
 */
export class HeapBuilder {
  private readonly pages: HeapPage[] = [];

  constructor(private readonly g: Geometry) {
    this.newPage();
  }

  alloc(data: Uint8Array): number {
    if (data.length > MAX_HEAP_ITEM) throw new RangeError(`heap item of ${data.length} bytes exceeds ${MAX_HEAP_ITEM}`);
    if (!this.fits(this.pages.length - 1, data.length)) this.newPage();
    const p = this.pages.length - 1;
    const page = this.pages[p]!;
    const at = page.offsets[page.offsets.length - 1]!;
    if (at + data.length > page.bytes.length) {
      // Pages grow by doubling: most heaps (a message's PC, small tables) stay far below a block.
      const bigger = new Uint8Array(Math.min(this.g.block.maxData, Math.max(2 * page.bytes.length, at + data.length)));
      bigger.set(page.bytes.subarray(0, at));
      page.bytes = bigger;
    }
    page.bytes.set(data, at);
    page.offsets.push(at + data.length);
    return makeHid(this.g, { block: p, index: page.offsets.length - 1 });
  }

  /** Replaces an item's bytes with others of the same length (to fill in a placeholder). */
  set(hid: number, data: Uint8Array): void {
    const { block, index } = splitHid(this.g, hid);
    const page = this.pages[block]!;
    const at = page.offsets[index - 1]!;
    if (page.offsets[index]! - at !== data.length) throw new RangeError('heap item replaced by one of another size');
    page.bytes.set(data, at);
  }

  /**
   * The heap's pages, ready to be the leaves of its node's data tree. Produced one at a time so a
   * large table's heap is never held twice (items and built pages) while it is written.
   */
  *build(clientSig: number, hidUserRoot: number): Generator<Uint8Array> {
    const levels = this.pages.map((p, i) => fillLevel(this.g.block.maxData - this.pageLength(i, p)));
    for (let i = 0; i < this.pages.length; i++) {
      const page = this.pages[i]!;
      const hdr = headerSize(i);
      const used = page.offsets[page.offsets.length - 1]!;
      const count = page.offsets.length - 1;
      const mapAt = hdr + used + ((hdr + used) & 1);
      const out = new Uint8Array(mapAt + pageMapSize(count));
      put16(out, 0, mapAt);
      if (i === 0) {
        out[2] = HN_SIGNATURE;
        out[3] = clientSig;
        put32(out, 4, hidUserRoot);
        putFillLevels(out, 8, levels, 0, HNHDR_FILL_PAGES);
      } else if (hdr === HNBITMAPHDR_SIZE) {
        putFillLevels(out, 2, levels, i, BITMAP_EVERY);
      }
      out.set(page.bytes.subarray(0, used), hdr);
      put16(out, mapAt, count);
      put16(out, mapAt + 2, 0);
      page.offsets.forEach((off, j) => put16(out, mapAt + 4 + 2 * j, hdr + off));
      // The page's working buffer is not needed again.
      this.pages[i] = { bytes: new Uint8Array(0), offsets: page.offsets };
      yield out;
    }
  }

  private newPage(): void {
    this.pages.push({ bytes: new Uint8Array(256), offsets: [0] });
  }

  private pageLength(i: number, page: HeapPage): number {
    const end = headerSize(i) + page.offsets[page.offsets.length - 1]!;
    return end + (end & 1) + pageMapSize(page.offsets.length - 1);
  }

  private fits(p: number, size: number): boolean {
    const page = this.pages[p]!;
    const end = headerSize(p) + page.offsets[page.offsets.length - 1]! + size;
    return end + (end & 1) + pageMapSize(page.offsets.length) <= this.g.block.maxData;
  }
}

/** Two pages per byte, the first in the low nibble. */
function putFillLevels(out: Uint8Array, at: number, levels: number[], first: number, count: number): void {
  for (let j = 0; j < count; j++) {
    const level = levels[first + j];
    if (level === undefined) break;
    out[at + (j >> 1)] = out[at + (j >> 1)]! | (j & 1 ? level << 4 : level);
  }
}
