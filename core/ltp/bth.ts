import { u32, u8 } from '../ndb/bytes.js';
import { FormatError } from '../errors.js';
import { HeapClient } from './hid.js';
import type { Heap } from './heap.js';

/** BTHHEADER [MS-PST §2.3.2.1]: bType, cbKey, cbEnt, bIdxLevels, hidRoot. */
export interface BthHeader {
  cbKey: number;
  cbEnt: number;
  levels: number;
  root: number;
}

export function readBthHeader(heap: Heap, hid: number, label: string): BthHeader {
  const h = heap.item(hid);
  if (h.length < 8 || u8(h, 0) !== HeapClient.BTH) throw new FormatError(`${label}: BTree-on-heap header is missing or has the wrong type`);
  const cbKey = u8(h, 1);
  const cbEnt = u8(h, 2);
  if (![2, 4, 8, 16].includes(cbKey) || cbEnt < 1 || cbEnt > 32) throw new FormatError(`${label}: BTree-on-heap record sizes ${cbKey}/${cbEnt} are impossible`);
  return { cbKey, cbEnt, levels: u8(h, 3), root: u32(h, 4) };
}

/**
 * Calls `visit` with every leaf record of a BTH as (item, offset): the record's key starts at
 * `offset` inside `item` and its data follows the key. Offsets instead of copies, and a callback
 * instead of a generator, because property contexts are read once per item on every hot path.
 */
export function forEachBthRecord(heap: Heap, header: BthHeader, label: string, visit: (item: Uint8Array, offset: number) => void): void {
  if (header.root === 0) return;
  if (header.levels > 8) throw new FormatError(`${label}: BTree-on-heap claims ${header.levels} index levels`);
  const walk = (hid: number, level: number): void => {
    const item = heap.item(hid);
    const size = header.cbKey + (level === 0 ? header.cbEnt : 4);
    for (let off = 0; off + size <= item.length; off += size) {
      if (level === 0) visit(item, off);
      else walk(u32(item, off + header.cbKey), level - 1);
    }
  };
  walk(header.root, header.levels);
}
