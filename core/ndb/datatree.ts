import { u16, u32, u8, uid } from './bytes.js';
import { XBLOCK, type Geometry } from './geometry.js';
import { isInternalBid } from './ids.js';
import { FormatError } from '../errors.js';

/** The logical payload of a block, looked up by BID (the node database supplies it). */
export type BlockFetcher = (bid: number) => Uint8Array;

/** An XBLOCK of an XXBLOCK that could not be read: the leaves it lists, and so their sizes, are unknown. */
export interface LostBranch {
  bid: number;
  /** Where in the leaf list its leaves would have gone. */
  at: number;
  error: unknown;
}

export interface DataTree {
  /** Leaf block ids in order. */
  leaves: number[];
  /** The size the root XBLOCK or XXBLOCK declares (lcbTotal); null for a single data block. */
  total: number | null;
  /** XBLOCKs that could not be read (only when walked tolerantly; a strict walk throws instead). */
  lost: LostBranch[];
  /** Most leaves a readable XBLOCK of an XXBLOCK lists: what a full branch holds, to size lost ones. */
  branchLeaves: number;
}

/**
 * Leaf block ids of a data tree, in order. A plain data block is its own single leaf; an XBLOCK
 * lists leaves; an XXBLOCK lists XBLOCKs. Returns the total size the tree declares too. With
 * `tolerant`, an XBLOCK of an XXBLOCK that cannot be read is listed in `lost` instead of thrown,
 * so the other branches' leaves are still known; a root that cannot be read always throws.
 */
export function dataTreeLeaves(g: Geometry, bid: number, fetch: BlockFetcher, tolerant = false): DataTree {
  if (!isInternalBid(bid)) return { leaves: [bid], total: null, lost: [], branchLeaves: 0 };
  const root = fetch(bid);
  const { level, bids, total } = parseXBlock(g, root, bid);
  if (level === 1) return { leaves: bids, total, lost: [], branchLeaves: 0 };
  const tree: DataTree = { leaves: [], total, lost: [], branchLeaves: 0 };
  for (const xbid of bids) {
    let child: number[];
    try {
      if (!isInternalBid(xbid)) throw new FormatError(`XXBLOCK ${bid} lists a data block where an XBLOCK belongs`);
      const parsed = parseXBlock(g, fetch(xbid), xbid);
      if (parsed.level !== 1) throw new FormatError(`XXBLOCK ${bid} lists a block of level ${parsed.level}`);
      child = parsed.bids;
    } catch (error) {
      if (!tolerant) throw error;
      tree.lost.push({ bid: xbid, at: tree.leaves.length, error });
      continue;
    }
    for (const b of child) tree.leaves.push(b);
    tree.branchLeaves = Math.max(tree.branchLeaves, child.length);
  }
  return tree;
}

function parseXBlock(g: Geometry, b: Uint8Array, bid: number): { level: number; bids: number[]; total: number } {
  if (b.length < XBLOCK.headerSize || u8(b, 0) !== XBLOCK.btype) {
    throw new FormatError(`block ${bid} should be an XBLOCK but its type byte is ${b[0] ?? 'missing'}`);
  }
  const level = u8(b, XBLOCK.cLevel);
  const count = u16(b, XBLOCK.cEnt);
  const total = u32(b, XBLOCK.lcbTotal);
  if (level !== 1 && level !== 2) throw new FormatError(`XBLOCK ${bid} has level ${level}`);
  if (XBLOCK.headerSize + count * g.idSize > b.length) throw new FormatError(`XBLOCK ${bid} lists more entries than it holds`);
  const bids: number[] = [];
  for (let i = 0; i < count; i++) bids.push(uid(b, XBLOCK.headerSize + i * g.idSize, g.idSize));
  return { level, bids, total };
}
