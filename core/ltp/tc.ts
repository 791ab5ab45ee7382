import { u16, u32, u8 } from '../ndb/bytes.js';
import { FormatError } from '../errors.js';
import { forEachBthRecord, readBthHeader } from './bth.js';
import { HeapClient, isHid } from './hid.js';
import type { LtpNode } from './node.js';
import { fixedSize, isInlineInTc, tagOf } from './proptypes.js';

export interface ColumnDesc {
  tag: number;
  id: number;
  type: number;
  ib: number;
  cb: number;
  iBit: number;
}

/** TCINFO [MS-PST §2.3.4.1]: bType, cCols, rgib[4], hidRowIndex, hnidRows, hidIndex, then TCOLDESCs. */
const TCINFO_SIZE = 22;
const TCOLDESC_SIZE = 8;
const TCI_1B = 2;
const TCI_BM = 3;

/**
 * A table context [MS-PST §2.3.4]: fixed-size rows in a row matrix (a heap item, or a subnode whose
 * blocks each hold whole rows), with a cell-existence bitmap per row.
 */
export class TableContext {
  readonly columns: ColumnDesc[] = [];
  private readonly byTag = new Map<number, ColumnDesc>();
  readonly rowSize: number;
  private readonly ceb: number;
  readonly rowCount: number;
  /**
   * The leaf blocks of a row matrix held in a subnode, read as their rows are asked for. A folder of
   * 100 000 items has a matrix of over ten megabytes; read whole, it was held until the last row id was
   * taken, long enough to outlive young collections and wait for a full one.
   */
  private readonly rowLeaves: number[];
  private readonly rowsPerBlock: number;
  /**
   * The matrix block read last (rows are mostly read in order) and its index; a matrix held in a heap
   * item is that one block, in hand from the start.
   */
  private leaf: Uint8Array | null = null;
  private leafIndex = -1;

  constructor(readonly node: LtpNode) {
    const heap = node.heap;
    const label = node.label;
    if (heap.clientSig !== HeapClient.TC) throw new FormatError(`${label}: expected a table context, heap client is 0x${heap.clientSig.toString(16)}`);
    const info = heap.item(heap.userRoot);
    if (info.length < TCINFO_SIZE || u8(info, 0) !== HeapClient.TC) throw new FormatError(`${label}: table header is missing`);
    const cCols = u8(info, 1);
    if (TCINFO_SIZE + cCols * TCOLDESC_SIZE > info.length) throw new FormatError(`${label}: table header lists ${cCols} columns but is ${info.length} bytes`);
    this.ceb = u16(info, 2 + TCI_1B * 2);
    this.rowSize = u16(info, 2 + TCI_BM * 2);
    if (this.ceb > this.rowSize || this.rowSize - this.ceb < Math.ceil(cCols / 8)) throw new FormatError(`${label}: table row layout is inconsistent`);
    for (let i = 0; i < cCols; i++) {
      const off = TCINFO_SIZE + i * TCOLDESC_SIZE;
      const tag = u32(info, off);
      const c: ColumnDesc = { tag, id: tag >>> 16, type: tag & 0xffff, ib: u16(info, off + 4), cb: u8(info, off + 6), iBit: u8(info, off + 7) };
      if (c.ib + c.cb > this.ceb || c.iBit >= cCols) throw new FormatError(`${label}: column 0x${tag.toString(16)} lies outside the row`);
      this.columns.push(c);
      this.byTag.set(tag, c);
    }
    const hidRowIndex = u32(info, 10);
    const hnidRows = u32(info, 14);
    const index = readBthHeader(heap, hidRowIndex, label);
    let indexed = 0;
    forEachBthRecord(heap, index, label, () => indexed++);
    let stored = 0;
    if (hnidRows === 0 || this.rowSize === 0) {
      this.rowLeaves = [];
      this.rowsPerBlock = 1;
    } else if (isHid(hnidRows)) {
      this.leaf = heap.item(hnidRows);
      this.leafIndex = 0;
      this.rowLeaves = [];
      this.rowsPerBlock = Math.floor(this.leaf.length / this.rowSize);
      stored = this.rowsPerBlock;
    } else {
      this.rowLeaves = node.subnodeDataLeaves(hnidRows)!;
      // Rows never straddle blocks [MS-PST §2.3.4.4]: each block holds as many whole rows as fit.
      this.rowsPerBlock = Math.floor(node.db.geometry.block.maxData / this.rowSize);
      // The block index gives each leaf's size without reading it; a leaf it does not know fails the table here.
      for (const b of this.rowLeaves) stored += Math.floor(node.db.blockEntry(b).cbInflated / this.rowSize);
    }
    // The row index and the matrix should agree; when they do not, trust only rows that exist.
    this.rowCount = Math.min(indexed, stored);
  }

  column(id: number, type: number): ColumnDesc | undefined {
    return this.byTag.get(tagOf(id, type));
  }

  /** A row's raw bytes (a view into its block). */
  row(i: number): Uint8Array {
    if (i < 0 || i >= this.rowCount) throw new FormatError(`${this.node.label}: row ${i} of ${this.rowCount}`);
    const block = this.rowBlock(Math.floor(i / this.rowsPerBlock));
    const at = (i % this.rowsPerBlock) * this.rowSize;
    if (!block || at + this.rowSize > block.length) throw new FormatError(`${this.node.label}: row ${i} is missing from the row matrix`);
    return block.subarray(at, at + this.rowSize);
  }

  private rowBlock(k: number): Uint8Array | undefined {
    if (k !== this.leafIndex) {
      const bid = this.rowLeaves[k];
      if (bid === undefined) return undefined;
      this.leaf = this.node.db.block(bid);
      this.leafIndex = k;
    }
    return this.leaf!;
  }

  /** The row id (PidTagLtpRowId, always the first 4 bytes). */
  rowId(i: number): number {
    return u32(this.row(i), 0);
  }

  /** A cell's raw value bytes, or undefined when the cell-existence bitmap says it is empty. */
  cell(row: Uint8Array, c: ColumnDesc): Uint8Array | undefined {
    if ((row[this.ceb + (c.iBit >> 3)]! & (0x80 >> (c.iBit & 7))) === 0) return undefined;
    if (isInlineInTc(c.type)) return row.subarray(c.ib, c.ib + fixedSize(c.type)!);
    if (c.cb !== 4) throw new FormatError(`${this.node.label}: column 0x${c.tag.toString(16)} should hold a 4-byte HNID`);
    return this.node.resolve(u32(row, c.ib));
  }
}
