import { put32 } from '../ndb/bytes.js';
import { HeapClient, MAX_HEAP_ITEM } from './hid.js';
import type { HeapBuilder } from './write-heap.js';

/** BTHHEADER: bType, cbKey, cbEnt, bIdxLevels, hidRoot [MS-PST §2.3.2.1]. */
const BTH_HEADER_SIZE = 8;
const HID_SIZE = 4;

/**
 * Writes a BTree-on-heap over records already sorted by key (`records` packs key|data, each
 * cbKey + cbEnt bytes). Leaves and index nodes are heap items of at most 3580 bytes; index records
 * are key|hid of the child, keyed by the child's lowest key [MS-PST §2.3.2]. Returns the HID of the
 * BTHHEADER.
 */
export function writeBth(heap: HeapBuilder, cbKey: number, cbEnt: number, records: Uint8Array): number {
  const header = heap.alloc(new Uint8Array(BTH_HEADER_SIZE));
  let recSize = cbKey + cbEnt;
  let level = records;
  let levels = 0;
  let hidRoot = 0;
  while (level.length > 0) {
    const perItem = Math.floor(MAX_HEAP_ITEM / recSize) * recSize;
    if (level.length <= perItem) {
      hidRoot = heap.alloc(level);
      break;
    }
    const count = Math.ceil(level.length / perItem);
    const next = new Uint8Array(count * (cbKey + HID_SIZE));
    for (let i = 0; i < count; i++) {
      const chunk = level.subarray(i * perItem, Math.min((i + 1) * perItem, level.length));
      const hid = heap.alloc(chunk);
      const at = i * (cbKey + HID_SIZE);
      next.set(chunk.subarray(0, cbKey), at);
      put32(next, at + cbKey, hid);
    }
    level = next;
    recSize = cbKey + HID_SIZE;
    levels++;
  }
  const h = new Uint8Array(BTH_HEADER_SIZE);
  h[0] = HeapClient.BTH;
  h[1] = cbKey;
  h[2] = cbEnt;
  h[3] = levels;
  put32(h, 4, hidRoot);
  heap.set(header, h);
  return header;
}
