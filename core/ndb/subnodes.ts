import { u16, u32, u8, uid } from './bytes.js';
import { SUBNODE_BTYPE, type Geometry } from './geometry.js';
import type { BlockFetcher } from './datatree.js';
import { FormatError } from '../errors.js';

export interface SubnodeEntry {
  nid: number;
  bidData: number;
  bidSub: number;
}

/** Reads a node's whole subnode tree into a map from NID to its entry. */
export function readSubnodes(g: Geometry, bid: number, fetch: BlockFetcher): Map<number, SubnodeEntry> {
  const out = new Map<number, SubnodeEntry>();
  const seen = new Set<number>();
  const walk = (b: number, depth: number): void => {
    if (seen.has(b) || depth > 4) throw new FormatError(`subnode tree loop or excessive depth at block ${b}`);
    seen.add(b);
    const data = fetch(b);
    if (data.length < g.subnode.headerSize || u8(data, 0) !== SUBNODE_BTYPE) {
      throw new FormatError(`block ${b} should be a subnode block but its type byte is ${data[0] ?? 'missing'}`);
    }
    const level = u8(data, 1);
    const count = u16(data, 2);
    const size = level === 0 ? g.subnode.slEntrySize : g.subnode.siEntrySize;
    if (g.subnode.headerSize + count * size > data.length) throw new FormatError(`subnode block ${b} lists more entries than it holds`);
    for (let i = 0; i < count; i++) {
      const off = g.subnode.headerSize + i * size;
      // Subnode NIDs are 32 bits, zero-extended to the id size.
      const nid = u32(data, off);
      if (level === 0) {
        out.set(nid, { nid, bidData: uid(data, off + g.idSize, g.idSize), bidSub: uid(data, off + 2 * g.idSize, g.idSize) });
      } else {
        walk(uid(data, off + g.idSize, g.idSize), depth + 1);
      }
    }
  };
  walk(bid, 0);
  return out;
}
