import { u16, u32, u8, uid } from './bytes.js';
import { XBLOCK, type Geometry } from './geometry.js';
import { isInternalBid } from './ids.js';
import { FormatError } from '../errors.js';

/** The logical payload of a block, looked up by BID (the node database supplies it). */
export type BlockFetcher = (bid: number) => Uint8Array;


/**
 * Leaf block ids of a data tree, in order. A plain data block is its own single leaf; an XBLOCK
 * lists leaves; an XXBLOCK lists XBLOCKs. Returns the total size the tree declares too.
 */
export function dataTreeLeaves(g: Geometry, bid: number, fetch: BlockFetcher): { leaves: number[]; total: number | null } {
  if (!isInternalBid(bid)) return { leaves: [bid], total: null };
  const root = fetch(bid);
  const { level, bids, total } = parseXBlock(g, root, bid);
  if (level === 1) return { leaves: bids, total };
  const leaves: number[] = [];
  for (const xbid of bids) {
    if (!isInternalBid(xbid)) throw new FormatError(`XXBLOCK ${bid} lists a data block where an XBLOCK belongs`);
    const child = parseXBlock(g, fetch(xbid), xbid);
    if (child.level !== 1) throw new FormatError(`XXBLOCK ${bid} lists a block of level ${child.level}`);
    for (const b of child.bids) leaves.push(b);
  }
  return { leaves, total };
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
