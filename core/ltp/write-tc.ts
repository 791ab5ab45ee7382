import { put16, put32 } from '../ndb/bytes.js';
import type { Geometry } from '../ndb/geometry.js';
import { HeapClient, MAX_HEAP_ITEM } from './hid.js';
import { fixedSize, isInlineInTc, tcCellSize } from './proptypes.js';
import { reserveBthHeader, writeBth } from './write-bth.js';
import { HeapBuilder } from './write-heap.js';
import { storeHnid, type SubnodeSink } from './write-pc.js';

/** PidTagLtpRowId and PidTagLtpRowVer: always columns 0 and 1, at bytes 0 and 4 [MS-PST §2.3.4.1]. */
export const TAG_LTP_ROW_ID = 0x67f20003;
export const TAG_LTP_ROW_VER = 0x67f30003;

/** TCINFO header is 22 bytes, each TCOLDESC 8 [MS-PST §2.3.4.1–.2]. */
const TCINFO_HEADER = 22;
const TCOLDESC_SIZE = 8;
/** Row index BTH: dwRowID key (4) → dwRowIndex (geometry: 2 in ANSI, 4 otherwise) [MS-PST §2.3.4.3]. */
const ROW_KEY = 4;

export interface TcColumn {
  tag: number;
  ib: number;
  cb: number;
  iBit: number;
}

/**
 * A table's row layout [MS-PST §2.3.4.4]: columns keep the order given (that is their iBit);
 * 8- and 4-byte cells come first in that order, then 2-byte, then 1-byte, then the cell
 * existence bitmap. RowId and RowVer lead, as Outlook lays them out.
 */
export class TcLayout {
  readonly columns: TcColumn[];
  /** Ends of the 8/4-byte, 2-byte and 1-byte groups, and of the bitmap (= row size). */
  readonly rgib: [number, number, number, number];
  private readonly byTag = new Map<number, TcColumn>();

  constructor(tags: readonly number[]) {
    const all = [TAG_LTP_ROW_ID, TAG_LTP_ROW_VER, ...tags.filter((t) => t !== TAG_LTP_ROW_ID && t !== TAG_LTP_ROW_VER)];
    this.columns = all.map((tag, iBit) => ({ tag, ib: 0, cb: tcCellSize(tag & 0xffff), iBit }));
    let at = 0;
    const group = (keep: (cb: number) => boolean): number => {
      for (const c of this.columns) {
        if (!keep(c.cb)) continue;
        c.ib = at;
        at += c.cb;
      }
      return at;
    };
    const end4 = group((cb) => cb >= 4);
    const end2 = group((cb) => cb === 2);
    const end1 = group((cb) => cb === 1);
    this.rgib = [end4, end2, end1, end1 + Math.ceil(this.columns.length / 8)];
    for (const c of this.columns) this.byTag.set(c.tag, c);
  }

  get rowSize(): number {
    return this.rgib[3];
  }

  column(tag: number): TcColumn | undefined {
    return this.byTag.get(tag);
  }
}

/** Rows are packed into shared chunks of this size, so a row costs its bytes and 12 of bookkeeping. */
const ROW_CHUNK = 1 << 20;
const ROW_CHUNK_FIRST = 1 << 10;
const EMPTY = new Uint8Array(0);

/**
 * Rows waiting to be written, kept compact: each row is, per column, a 4-byte length (0xFFFFFFFF =
 * absent) and the value, packed back to back into 1 MiB chunks. A folder of 100 000 messages costs
 * what its cells hold, with no object, buffer or Map per row.
 */
export class TcRows {
  private readonly chunks: Uint8Array[] = [];
  private used = 0;
  private rowChunk = new Uint32Array(4);
  private rowStart = new Uint32Array(4);
  private rowEnd = new Uint32Array(4);
  private ids = new Uint32Array(4);
  private n = 0;

  constructor(readonly layout: TcLayout) {}

  get count(): number {
    return this.n;
  }

  /** Adds a row; `value(tag)` gives a column's raw value or undefined when the row lacks it. */
  add(rowId: number, rowVer: number, value: (tag: number) => Uint8Array | undefined): void {
    const cols = this.layout.columns;
    const vals = cols.map((c) => {
      if (c.tag === TAG_LTP_ROW_ID) return u32le(rowId);
      if (c.tag === TAG_LTP_ROW_VER) return u32le(rowVer);
      return value(c.tag);
    });
    const size = vals.reduce((s, v) => s + 4 + (v?.length ?? 0), 0);
    const last = this.chunks[this.chunks.length - 1];
    if (!last || this.used + size > last.length) {
      // Chunks start small and double: most tables (a message's recipients and attachments) hold a
      // row or two, and a 1 MiB chunk for each would be allocated and zeroed for every message.
      const next = Math.min(ROW_CHUNK, last ? last.length * 2 : ROW_CHUNK_FIRST);
      this.chunks.push(new Uint8Array(Math.max(next, size)));
      this.used = 0;
    }
    const out = this.chunks[this.chunks.length - 1]!;
    const from = this.used;
    let at = from;
    for (const v of vals) {
      put32(out, at, v ? v.length : 0xffffffff);
      at += 4;
      if (v) {
        out.set(v, at);
        at += v.length;
      }
    }
    this.used = at;
    if (this.n === this.ids.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.rowChunk = grow(this.rowChunk);
      this.rowStart = grow(this.rowStart);
      this.rowEnd = grow(this.rowEnd);
      this.ids = grow(this.ids);
    }
    this.rowChunk[this.n] = this.chunks.length - 1;
    this.rowStart[this.n] = from;
    this.rowEnd[this.n] = at;
    this.ids[this.n] = rowId >>> 0;
    this.n++;
  }

  /** Frees the row store below `row`: a writer streaming rows out calls it once they are copied. */
  releaseBefore(row: number): void {
    const keep = row < this.n ? this.rowChunk[row]! : this.chunks.length;
    for (let k = 0; k < keep; k++) this.chunks[k] = EMPTY;
  }

  rowIds(): Uint32Array {
    return this.ids.subarray(0, this.n);
  }

  /** A row's cells by column position (iBit); views into the row store, not copies. */
  cells(row: number): (Uint8Array | undefined)[] {
    const b = this.chunks[this.rowChunk[row]!]!;
    const out: (Uint8Array | undefined)[] = [];
    let at = this.rowStart[row]!;
    const end = this.rowEnd[row]!;
    while (at < end) {
      const len = (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
      at += 4;
      if (len === 0xffffffff) out.push(undefined);
      else {
        out.push(b.subarray(at, at + len));
        at += len;
      }
    }
    return out;
  }
}

function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  put32(b, 0, v);
  return b;
}

/**
 * Builds a table context [MS-PST §2.3.4]: TCINFO, the row index BTH (row id → row number), the row
 * matrix (a heap item when it fits, else a subnode whose blocks never split a row) and the
 * variable-size cells. Heap items come in Outlook's order (format.md §3.4): the row index's BTH
 * header first (HID 0x20, where java-libpst-based readers look for it), TCINFO, the index records,
 * the row matrix, then the cells. Returns the heap pages, built as they are consumed.
 */
export function buildTc(g: Geometry, rows: TcRows, sink: SubnodeSink): Iterable<Uint8Array> {
  const layout = rows.layout;
  const heap = new HeapBuilder(g);
  const hidRowIndex = reserveBthHeader(heap);
  const sortedCols = [...layout.columns].sort((a, b) => a.tag - b.tag);
  const info = new Uint8Array(TCINFO_HEADER + sortedCols.length * TCOLDESC_SIZE);
  const hidInfo = heap.alloc(info);

  const rowEnt = g.tcRowIndexEntrySize;
  if (rows.count > 2 ** (8 * rowEnt)) throw new RangeError(`${rows.count} rows exceed what a ${g.id} table can index`);
  const ids = rows.rowIds();
  const order = new Uint32Array(ids.length).map((_, i) => i).sort((a, b) => ids[a]! - ids[b]!);
  const index = new Uint8Array(ids.length * (ROW_KEY + rowEnt));
  order.forEach((row, i) => {
    const at = i * (ROW_KEY + rowEnt);
    put32(index, at, ids[row]!);
    if (rowEnt === 2) put16(index, at + ROW_KEY, row);
    else put32(index, at + ROW_KEY, row);
  });
  writeBth(heap, hidRowIndex, ROW_KEY, rowEnt, index);

  const rowSize = layout.rowSize;
  const ceb = layout.rgib[2];
  /** Writes rows [from, to) into `out` at `base`, allocating their variable cells in the heap. */
  const fill = (out: Uint8Array, from: number, to: number): void => {
    for (let r = from; r < to; r++) {
      const cells = rows.cells(r);
      const base = (r - from) * rowSize;
      for (const c of layout.columns) {
        const v = cells[c.iBit];
        if (v === undefined) continue;
        const type = c.tag & 0xffff;
        if (isInlineInTc(type)) out.set(v.subarray(0, fixedSize(type)!), base + c.ib);
        else put32(out, base + c.ib, storeHnid(heap, sink, v));
        out[base + ceb + (c.iBit >> 3)] = out[base + ceb + (c.iBit >> 3)]! | (0x80 >> (c.iBit & 7));
      }
    }
  };
  let hnidRows = 0;
  const matrixSize = rows.count * rowSize;
  if (matrixSize > 0 && matrixSize <= MAX_HEAP_ITEM) {
    // The matrix's heap slot is taken before the cells, which then fill it.
    const matrix = new Uint8Array(matrixSize);
    hnidRows = heap.alloc(matrix);
    fill(matrix, 0, rows.count);
    heap.set(hnidRows, matrix);
  } else if (matrixSize > 0) {
    // Row blocks go to disk one by one as they are filled. Every block but the last is padded to a
    // full block, as Outlook writes them: java-libpst-based readers (pst-extractor) find row n at
    // (n / rowsPerBlock) * maxData.
    const perBlock = Math.floor(g.block.maxData / rowSize);
    const blocks = function* (): Generator<Uint8Array> {
      for (let from = 0; from < rows.count; from += perBlock) {
        const to = Math.min(from + perBlock, rows.count);
        const leaf = new Uint8Array(to < rows.count ? g.block.maxData : (to - from) * rowSize);
        fill(leaf, from, to);
        // The cells are in the heap now; a table's rows are written once, so their store can go.
        rows.releaseBefore(to);
        yield leaf;
      }
    };
    hnidRows = sink.storeLeaves(blocks());
  }

  info[0] = HeapClient.TC;
  info[1] = sortedCols.length;
  layout.rgib.forEach((v, i) => put16(info, 2 + 2 * i, v));
  put32(info, 10, hidRowIndex);
  put32(info, 14, hnidRows);
  put32(info, 18, 0);
  sortedCols.forEach((c, i) => {
    const at = TCINFO_HEADER + i * TCOLDESC_SIZE;
    put32(info, at, c.tag);
    put16(info, at + 4, c.ib);
    info[at + 6] = c.cb;
    info[at + 7] = c.iBit;
  });
  heap.set(hidInfo, info);
  return heap.build(HeapClient.TC, hidInfo);
}
