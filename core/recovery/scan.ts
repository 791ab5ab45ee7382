import { u16 } from '../ndb/bytes.js';
import { blockFault, blockPayload, inflateBuffer, readBlockTrailer } from '../ndb/block.js';
import { btPageLayout } from '../ndb/btree.js';
import { signature } from '../ndb/crc.js';
import type { Encoding } from '../ndb/encoding.js';
import { blockTotalSize, PType, type Geometry } from '../ndb/geometry.js';
import { pageFault, readPageTrailer } from '../ndb/page.js';
import type { FileSource } from '../ndb/source.js';
import type { RunControl } from '../model.js';
import { CARVE_HEAD_BYTES, CarveHints } from './carve-hints.js';
import { inflateInto } from '../ndb/inflate.js';
import { isInternalBid } from '../ndb/ids.js';
import { Column, sortColumns } from '../ndb/columns.js';
import { checkpoint } from './control.js';

/** Sound B-tree pages (NBT and BBT) found anywhere in the file, referenced or not. */
export class PageList {
  readonly ib = new Column(Float64Array);
  readonly bid = new Column(Float64Array);
  readonly ptype = new Column(Uint8Array);
  readonly level = new Column(Uint8Array);

  get length(): number {
    return this.ib.length;
  }
}

/** Sound data blocks found anywhere in the file: trailer, signature and CRC hold (and zlib inflates). */
export class BlockList {
  readonly ib = new Column(Float64Array);
  readonly bid = new Column(Float64Array);
  readonly cb = new Column(Uint16Array);
  readonly cbInflated = new Column(Uint16Array);

  get length(): number {
    return this.ib.length;
  }

  push(bid: number, ib: number, cb: number, cbInflated: number): void {
    this.bid.push(bid);
    this.ib.push(ib);
    this.cb.push(cb);
    this.cbInflated.push(cbInflated);
  }

  /** The filled part of each column, in one order (bid, ib, cb, cbInflated), to move entries with. */
  views(): [Float64Array, Float64Array, Uint16Array, Uint16Array] {
    return [this.bid.view(), this.ib.view(), this.cb.view(), this.cbInflated.view()];
  }

  /** Drops the entries from `n` on. */
  truncate(n: number): void {
    for (const column of [this.bid, this.ib, this.cb, this.cbInflated]) column.truncate(n);
  }

  /** Sorts the list in place by BID, and the copies of one BID furthest into the file first. */
  sortByBid(): void {
    const columns = this.views();
    const [bid, ib] = columns;
    sortColumns(columns, bid.length, (a, b) => bid[a]! - bid[b]! || ib[b]! - ib[a]!);
  }
}

export interface ScanResult {
  pages: PageList;
  blocks: BlockList;
  /** What carving needs to know about the blocks, noted while their bytes were at hand. */
  carveHints: CarveHints;
  /** Sound blocks found, those `served` left out of `blocks` among them. */
  blocksFound: number;
  bytesScanned: number;
}

/** Bytes read per step: large sequential reads are what make the scan fast; cancel is checked between them. */
const CHUNK = 4 * 1024 * 1024;

/**
 * Scans [from, to) of the file at page and block alignment. Pages are recognised by their trailer
 * (type byte twice, signature, CRC, a sane entry layout); blocks by a trailer at an aligned end
 * whose size, back-pointer signature and CRC hold, and, for compressed blocks the live index does not
 * name where they lie, a payload that inflates to the size the trailer records. Blocks are found by
 * their end because a trailer is the only thing that says where a block starts. What carving needs
 * about each block (carve-hints.ts) is noted from the bytes already in hand. A block `served` says the
 * live index already names where it lies is counted and noted, but left out of `blocks`.
 */
export async function scanFile(
  g: Geometry,
  src: FileSource,
  encoding: Encoding,
  control: RunControl | undefined,
  range: { from: number; to: number } = { from: 0, to: src.size },
  served?: (bid: number, ib: number, cb: number) => boolean,
): Promise<ScanResult> {
  const pages = new PageList();
  const blocks = new BlockList();
  const carveHints = new CarveHints();
  let blocksFound = 0;
  const pageSize = g.page.size;
  const align = g.block.align;
  const trailerSize = g.block.trailerSize;
  const tOff = g.page.trailerOffset + g.page.trailer.ptype;
  const from = Math.floor(range.from / pageSize) * pageSize;
  const to = Math.min(range.to, src.size);
  // One buffer for every chunk (see FileSource.readInto): nothing found in a chunk keeps a view of it.
  const scratch = new Uint8Array(g.block.maxSize + CHUNK + pageSize);
  // And one for inflating compressed blocks into: the scan only looks at each block's payload once.
  const inflateTo = inflateBuffer(g);
  // And one for the head of a block the live index already names (CARVE_HEAD_BYTES: all carving looks at).
  const payloadHead = new Uint8Array(CARVE_HEAD_BYTES);
  for (let base = from; base < to; base += CHUNK) {
    await checkpoint(control);
    control?.onProgress?.({ phase: 'scan', bytesDone: base - from, bytesTotal: to - from, items: blocksFound });
    // The buffer starts one largest block early, so a block ending in this chunk is whole in it.
    const bufStart = Math.max(0, base - g.block.maxSize);
    const end = Math.min(to, base + CHUNK);
    const buf = src.readInto(scratch.subarray(0, Math.min(src.size, end + pageSize) - bufStart), bufStart);
    for (let ib = base; ib < end && ib + pageSize <= src.size; ib += pageSize) {
      const at = ib - bufStart;
      const ptype = buf[at + tOff]!;
      if ((ptype !== PType.NBT && ptype !== PType.BBT) || buf[at + tOff + 1] !== ptype) continue;
      const page = buf.subarray(at, at + pageSize);
      if (pageFault(g, page, ib, null, ptype) !== null) continue;
      let level: number;
      try {
        level = btPageLayout(g, page, ib, ptype).level;
      } catch {
        continue;
      }
      pages.ib.push(ib);
      pages.bid.push(readPageTrailer(g, page).bid);
      pages.ptype.push(ptype);
      pages.level.push(level);
    }
    // Every aligned position in (base, end] may be the end of a block.
    for (let blockEnd = base + align; blockEnd <= end; blockEnd += align) {
      const tAt = blockEnd - trailerSize - bufStart;
      if (tAt < 0) continue;
      const cb = u16(buf, tAt + g.block.trailer.cb);
      if (cb === 0 || cb > g.block.maxData) continue;
      const total = blockTotalSize(g, cb);
      const ib = blockEnd - total;
      if (ib < bufStart) continue;
      const t = readBlockTrailer(g, buf, tAt);
      if (t.bid === 0 || !Number.isFinite(t.bid) || t.crc === 0 || t.wSig !== signature(ib, t.bid)) continue;
      const raw = buf.subarray(ib - bufStart, blockEnd - bufStart);
      const cbInflated = t.cbInflated ?? cb;
      const known = served?.(t.bid, ib, cb) ?? false;
      let inflated: Uint8Array | null = null;
      if (g.block.compressed && cbInflated !== cb) {
        if (known && encoding === 'none' && !isInternalBid(t.bid)) {
          // The live index names this block where it lies: once its CRC holds, its bytes are the ones written,
          // and reading its item inflates it in full. Carving needs only the head of its payload; inflating
          // all of every block here was a fifth of a 1 GB OST's scan.
          if (blockFault(g, raw, ib, t.bid, cb) !== null) continue;
          const n = inflateInto(raw.subarray(0, cb), payloadHead);
          if (n < 0) continue;
          inflated = payloadHead.subarray(0, n);
        } else {
          // blockPayload checks the trailer and CRC before it inflates: checking them here as well was a
          // second CRC pass over nearly every byte of a 4K file.
          try {
            inflated = blockPayload(g, raw, { bid: t.bid, ib, cb, cbInflated, cRef: 1 }, encoding, undefined, inflateTo);
          } catch {
            continue;
          }
        }
      } else if (blockFault(g, raw, ib, t.bid, cb) !== null) continue;
      blocksFound++;
      if (!known) blocks.push(t.bid, ib, cb, cbInflated);
      if (inflated) carveHints.note(g, t.bid, inflated, 'none');
      else carveHints.note(g, t.bid, raw.subarray(0, cb), encoding);
    }
  }
  control?.onProgress?.({ phase: 'scan', bytesDone: to - from, bytesTotal: to - from, items: blocksFound });
  return { pages, blocks, carveHints, blocksFound, bytesScanned: to - from };
}
