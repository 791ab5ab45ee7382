import type { DataTree } from './datatree.js';
import { XBLOCK, type Geometry } from './geometry.js';

/** A block that could not be read. Plain data (JSON safe). */
export interface LostBlock {
  bid: number;
  /** Its file offset, when the block index knows the block. */
  offset: number | null;
  reason: string;
}

/**
 * A stretch of a multi-block value that could not be read: the block that failed (a data block, or an
 * XBLOCK, and then every leaf it lists is lost with it), and where in the value its bytes belong.
 */
export interface DataGap extends LostBlock {
  /** [start, start + length) in the value. */
  start: number;
  length: number;
}

/** A value read as far as it could be: its bytes, with each gap zero-filled, and the gaps. */
export interface SalvagedData {
  data: Uint8Array;
  gaps: DataGap[];
}

/** One stretch of a data tree's value: a leaf to read, or the leaves of an XBLOCK that could not be read. */
export interface DataPiece {
  bid: number;
  start: number;
  length: number;
  /** Why the XBLOCK holding this stretch could not be read; null for a leaf. */
  lost: unknown;
}

/**
 * Where each leaf's bytes (and each lost XBLOCK's) lie in a data tree's value. Leaves the block index
 * lists have their size from it. The size of one that is unknown (missing from the index, or under a
 * lost XBLOCK) follows from how Outlook writes trees, every leaf full but the last and so every
 * XBLOCK full but the last: it is what a full sibling holds, and when the tree declares its total,
 * the last unknown one takes whatever the total leaves, so that with a single loss the size is exact.
 * That remainder is taken only when a block (or an XBLOCK's leaves) could hold it: a damaged total
 * must not make a lost stretch larger than the format allows.
 */
export function layOutPieces(g: Geometry, tree: DataTree, leafSize: (bid: number) => number | null): DataPiece[] {
  const sized: Array<{ bid: number; length: number | null; lost: unknown; branch: boolean }> = [];
  let next = 0;
  const addLost = (upTo: number) => {
    while (next < tree.lost.length && tree.lost[next]!.at <= upTo) {
      const b = tree.lost[next++]!;
      sized.push({ bid: b.bid, length: null, lost: b.error, branch: true });
    }
  };
  let fullLeaf = 0;
  tree.leaves.forEach((bid, i) => {
    addLost(i);
    const length = leafSize(bid);
    if (length !== null) fullLeaf = Math.max(fullLeaf, length);
    sized.push({ bid, length, lost: null, branch: false });
  });
  addLost(tree.leaves.length);
  let sum = 0;
  let lastUnknown = -1;
  for (let i = 0; i < sized.length; i++) {
    const s = sized[i]!;
    if (s.length === null) {
      lastUnknown = i;
      s.length = s.branch ? tree.branchLeaves * fullLeaf : fullLeaf;
    }
    sum += s.length;
  }
  if (lastUnknown >= 0 && tree.total !== null) {
    const s = sized[lastUnknown]!;
    const rest = tree.total - (sum - s.length!);
    const leafCap = g.block.maxData;
    const cap = s.branch ? Math.floor((leafCap - XBLOCK.headerSize) / g.idSize) * leafCap : leafCap;
    if (rest >= 0 && rest <= cap) s.length = rest;
  }
  let start = 0;
  return sized.map((s) => {
    const piece = { bid: s.bid, start, length: s.length!, lost: s.lost };
    start += piece.length;
    return piece;
  });
}

/** What is left of a value once its gaps are cut out: the readable text of a damaged body. */
export function withoutGaps(s: SalvagedData): Uint8Array {
  const out = new Uint8Array(s.data.length - s.gaps.reduce((n, g) => n + g.length, 0));
  let from = 0;
  let at = 0;
  for (const g of s.gaps) {
    out.set(s.data.subarray(from, g.start), at);
    at += g.start - from;
    from = g.start + g.length;
  }
  out.set(s.data.subarray(from), at);
  return out;
}

/** One gap for a person: which bytes of the value, which block, and what was wrong with it. */
export function describeGap(g: DataGap): string {
  const range = `${g.length} bytes from byte ${g.start}`;
  // A failed block read names the block and its offset itself; other reasons get them added.
  if (g.reason.includes(`block ${g.bid}`)) return `${range}: ${g.reason}`;
  return `${range} (block ${g.bid}${g.offset === null ? '' : ` at offset ${g.offset}`}): ${g.reason}`;
}
