import { u16, u32, u8, uid } from './bytes.js';
import { SUBNODE_BTYPE, type Geometry } from './geometry.js';
import type { BlockFetcher } from './datatree.js';
import { FormatError } from '../errors.js';

export interface SubnodeEntry {
  nid: number;
  bidData: number;
  bidSub: number;
}

/** One subnode block's own entries: an SLBLOCK's nodes, or the blocks an SIBLOCK leads to. */
export type SubnodeBlock = { level: 0; entries: SubnodeEntry[] } | { level: 1; children: number[] };

/** Parses one subnode block [MS-PST §2.2.2.8.3.3], without following an SIBLOCK to its children. */
export function subnodeBlock(g: Geometry, bid: number, data: Uint8Array): SubnodeBlock {
  if (data.length < g.subnode.headerSize || u8(data, 0) !== SUBNODE_BTYPE) {
    throw new FormatError(`block ${bid} should be a subnode block but its type byte is ${data[0] ?? 'missing'}`);
  }
  const level = u8(data, 1);
  const count = u16(data, 2);
  const size = level === 0 ? g.subnode.slEntrySize : g.subnode.siEntrySize;
  if (g.subnode.headerSize + count * size > data.length) throw new FormatError(`subnode block ${bid} lists more entries than it holds`);
  const id = g.idSize;
  if (level !== 0) {
    const children: number[] = [];
    for (let at = g.subnode.headerSize, i = 0; i < count; i++, at += size) children.push(uid(data, at + id, id));
    return { level: 1, children };
  }
  const entries: SubnodeEntry[] = [];
  // Subnode NIDs are 32 bits, zero-extended to the id size.
  for (let at = g.subnode.headerSize, i = 0; i < count; i++, at += size) entries.push({ nid: u32(data, at), bidData: uid(data, at + id, id), bidSub: uid(data, at + 2 * id, id) });
  return { level: 0, entries };
}

/** Reads a node's whole subnode tree into a map from NID to its entry. */
export function readSubnodes(g: Geometry, bid: number, fetch: BlockFetcher): Map<number, SubnodeEntry> {
  const out = new Map<number, SubnodeEntry>();
  const seen = new Set<number>();
  const walk = (b: number, depth: number): void => {
    if (seen.has(b) || depth > 4) throw new FormatError(`subnode tree loop or excessive depth at block ${b}`);
    seen.add(b);
    const block = subnodeBlock(g, b, fetch(b));
    if (block.level === 0) for (const e of block.entries) out.set(e.nid, e);
    else for (const child of block.children) walk(child, depth + 1);
  };
  walk(bid, 0);
  return out;
}
