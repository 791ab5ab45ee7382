import { u16, u32, u8, uid } from './bytes.js';
import { PType, type Geometry } from './geometry.js';
import type { BRef } from './header.js';
import { readPage } from './page.js';
import type { FileSource } from './source.js';
import { FormatError } from '../errors.js';
import { LruCache } from './lru.js';

/** One NBT leaf entry [MS-PST §2.2.2.7.7.4]. */
export interface NodeEntry {
  nid: number;
  bidData: number;
  bidSub: number;
  nidParent: number;
}

/** One BBT leaf entry [MS-PST §2.2.2.7.7.3]; the 4K variant adds the inflated size. */
export interface BlockEntry {
  bid: number;
  ib: number;
  /** Stored size (compressed, in the 4K variant). */
  cb: number;
  /** Size after inflation; equals cb where blocks are not compressed. */
  cbInflated: number;
  cRef: number;
}

interface ParsedPage {
  level: number;
  keys: Float64Array;
  page: Uint8Array;
  cbEnt: number;
}

/**
 * Bytes of parsed pages kept per tree: the root and index pages, which every lookup passes, and the
 * leaves near the last lookups (items are mostly read in the order they were written, so their
 * blocks' leaves are neighbours). 512 KB is 128 pages of the 4K variant and 1024 of the others: more than
 * the index pages of a 50 GB file's trees (about 80 of 4 KiB), which every lookup touches and so stay;
 * reads were as fast as with 2 MB (see BLOCK_CACHE_BYTES).
 */
const PAGE_CACHE_BYTES = 512 << 10;

/** B-trees deeper than this are corrupt (the spec allows 8 levels; loops would go on forever). */
const MAX_DEPTH = 16;

/**
 * A B-tree of pages (NBT or BBT) read lazily: a lookup descends from the root reading only the
 * pages on its path, with recently used pages kept in a small cache, so memory stays bounded
 * whatever the file size.
 */
abstract class PageBTree<E> {
  private readonly cache: LruCache<number, ParsedPage>;

  constructor(
    protected readonly g: Geometry,
    protected readonly src: FileSource,
    readonly root: BRef,
    private readonly ptype: number,
    cacheBytes: number,
  ) {
    this.cache = new LruCache<number, ParsedPage>(cacheBytes, (p) => p.page.length + p.keys.byteLength);
  }

  protected abstract leafEntrySize(): number;
  protected abstract decode(page: Uint8Array, off: number): E;

  private load(ref: BRef, expectedLevel: number | null): ParsedPage {
    const hit = this.cache.get(ref.ib);
    if (hit) return hit;
    const g = this.g;
    // Copied: the read may be a view into the source's read-ahead buffer, which a cached page must not pin.
    const page = readPage(g, this.src, ref.ib, ref.bid, this.ptype).slice();
    const { level, count, cbEnt } = btPageLayout(g, page, ref.ib, this.ptype);
    if (expectedLevel !== null && level !== expectedLevel) {
      throw new FormatError(`B-tree page at offset ${ref.ib} is at level ${level}, expected ${expectedLevel}`, ref.ib);
    }
    const keys = new Float64Array(count);
    for (let i = 0; i < count; i++) keys[i] = uid(page, i * cbEnt, g.idSize);
    const parsed: ParsedPage = { level, keys, page, cbEnt };
    this.cache.set(ref.ib, parsed);
    return parsed;
  }

  private child(p: ParsedPage, i: number): BRef {
    return btChildRef(this.g, p.page, i * p.cbEnt);
  }

  /** Finds the leaf entry with exactly this key. */
  lookup(key: number): E | undefined {
    let ref = this.root;
    let expected: number | null = null;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      const p = this.load(ref, expected);
      const keys = p.keys;
      // Index of the last key <= target.
      let lo = 0;
      let hi = keys.length - 1;
      let at = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (keys[mid]! <= key) {
          at = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (at < 0) return undefined;
      if (p.level === 0) return keys[at] === key ? this.decode(p.page, at * p.cbEnt) : undefined;
      ref = this.child(p, at);
      expected = p.level - 1;
    }
    throw new FormatError(`B-tree rooted at offset ${this.root.ib} is deeper than ${MAX_DEPTH} levels`, this.root.ib);
  }

  /** Every leaf entry in key order. Pages already visited are not entered again (loop guard). */
  *entries(): Generator<E> {
    const seen = new Set<number>();
    const walk = function* (this: PageBTree<E>, ref: BRef, expected: number | null, depth: number): Generator<E> {
      if (depth >= MAX_DEPTH || seen.has(ref.ib)) {
        throw new FormatError(`B-tree loop or excessive depth at offset ${ref.ib}`, ref.ib);
      }
      seen.add(ref.ib);
      const p = this.load(ref, expected);
      for (let i = 0; i < p.keys.length; i++) {
        if (p.level === 0) yield this.decode(p.page, i * p.cbEnt);
        else yield* walk.call(this, this.child(p, i), p.level - 1, depth + 1);
      }
    };
    yield* walk.call(this, this.root, null, 0);
  }
}

export class NodeBTree extends PageBTree<NodeEntry> {
  constructor(g: Geometry, src: FileSource, root: BRef) {
    super(g, src, root, PType.NBT, PAGE_CACHE_BYTES);
  }

  protected leafEntrySize(): number {
    return this.g.btPage.nbtEntrySize;
  }

  protected decode(page: Uint8Array, off: number): NodeEntry {
    return decodeNodeEntry(this.g, page, off);
  }
}

export class BlockBTree extends PageBTree<BlockEntry> {
  /** `cacheBytes`: less for a caller that asks in the order blocks lie in the file (see PAGE_CACHE_BYTES). */
  constructor(g: Geometry, src: FileSource, root: BRef, cacheBytes = PAGE_CACHE_BYTES) {
    super(g, src, root, PType.BBT, cacheBytes);
  }

  protected leafEntrySize(): number {
    return this.g.btPage.bbtEntrySize;
  }

  protected decode(page: Uint8Array, off: number): BlockEntry {
    return decodeBlockEntry(this.g, page, off);
  }
}

/**
 * The entry layout of a verified B-tree page (NBT 0x81 or BBT 0x80): level, entry count and entry
 * stride, checked against what the page can hold. Shared by the lazy trees above and by recovery,
 * which walks damaged trees page by page.
 */
export function btPageLayout(g: Geometry, page: Uint8Array, ib: number, ptype: number): { level: number; count: number; cbEnt: number } {
  const bp = g.btPage;
  const count = bp.countSize === 1 ? u8(page, bp.cEnt) : u16(page, bp.cEnt);
  const cbEnt = u8(page, bp.cbEnt);
  const level = u8(page, bp.cLevel);
  const want = level === 0 ? (ptype === PType.NBT ? bp.nbtEntrySize : bp.bbtEntrySize) : bp.btEntrySize;
  if (cbEnt < want || count * cbEnt > bp.entriesSize) {
    throw new FormatError(`B-tree page at offset ${ib} has impossible entry size or count`, ib);
  }
  return { level, count, cbEnt };
}

/** The child page an intermediate entry at `off` points to (its BREF follows the key). */
export function btChildRef(g: Geometry, page: Uint8Array, off: number): BRef {
  const at = off + g.idSize;
  return { bid: uid(page, at, g.idSize), ib: uid(page, at + g.idSize, g.idSize) };
}

export function decodeNodeEntry(g: Geometry, page: Uint8Array, off: number): NodeEntry {
  const e = g.nbtEntry;
  const s = g.idSize;
  return {
    // The NID key is zero-extended to the id size; the NID itself is 32 bits.
    nid: u32(page, off + e.nid),
    bidData: uid(page, off + e.bidData, s),
    bidSub: uid(page, off + e.bidSub, s),
    nidParent: u32(page, off + e.nidParent),
  };
}

export function decodeBlockEntry(g: Geometry, page: Uint8Array, off: number): BlockEntry {
  const e = g.bbtEntry;
  const cb = u16(page, off + e.cb);
  return {
    bid: uid(page, off + e.bid, g.idSize),
    ib: uid(page, off + e.ib, g.idSize),
    cb,
    cbInflated: e.cbInflated === null ? cb : u16(page, off + e.cbInflated),
    cRef: u16(page, off + e.cRef),
  };
}
