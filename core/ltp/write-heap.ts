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

interface HeapPage {
  items: Uint8Array[];
  used: number;
}

/**
 * Builds a heap-on-node [MS-PST §2.3.1]: items are packed into pages of at most maxData bytes
 * (each page becomes one leaf of the node's data tree) and addressed by HID.
 */
export class HeapBuilder {
  private readonly pages: HeapPage[] = [{ items: [], used: 0 }];

  constructor(private readonly g: Geometry) {}

  alloc(data: Uint8Array): number {
    if (data.length > MAX_HEAP_ITEM) throw new RangeError(`heap item of ${data.length} bytes exceeds ${MAX_HEAP_ITEM}`);
    let p = this.pages.length - 1;
    if (!this.fits(p, data.length)) {
      this.pages.push({ items: [], used: 0 });
      p++;
    }
    const page = this.pages[p]!;
    page.items.push(data);
    page.used += data.length;
    return makeHid(this.g, { block: p, index: page.items.length });
  }

  /** Replaces an item's bytes with others of the same length (to fill in a placeholder). */
  set(hid: number, data: Uint8Array): void {
    const { block, index } = splitHid(this.g, hid);
    const items = this.pages[block]!.items;
    if (items[index - 1]!.length !== data.length) throw new RangeError('heap item replaced by one of another size');
    items[index - 1] = data;
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
      const mapAt = hdr + page.used + ((hdr + page.used) & 1);
      const out = new Uint8Array(mapAt + pageMapSize(page.items.length));
      put16(out, 0, mapAt);
      if (i === 0) {
        out[2] = HN_SIGNATURE;
        out[3] = clientSig;
        put32(out, 4, hidUserRoot);
        putFillLevels(out, 8, levels, 0, HNHDR_FILL_PAGES);
      } else if (hdr === HNBITMAPHDR_SIZE) {
        putFillLevels(out, 2, levels, i, BITMAP_EVERY);
      }
      put16(out, mapAt, page.items.length);
      put16(out, mapAt + 2, 0);
      let off = hdr;
      page.items.forEach((item, j) => {
        put16(out, mapAt + 4 + 2 * j, off);
        out.set(item, off);
        off += item.length;
      });
      put16(out, mapAt + 4 + 2 * page.items.length, off);
      yield out;
    }
  }

  private pageLength(i: number, page: HeapPage): number {
    const end = headerSize(i) + page.used;
    return end + (end & 1) + pageMapSize(page.items.length);
  }

  private fits(p: number, size: number): boolean {
    const page = this.pages[p]!;
    const end = headerSize(p) + page.used + size;
    return end + (end & 1) + pageMapSize(page.items.length + 1) <= this.g.block.maxData;
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
