import { put32 } from '../ndb/bytes.js';
import { HeapClient, MAX_HEAP_ITEM } from './hid.js';
import type { HeapBuilder } from './write-heap.js';

/** BTHHEADER: bType, cbKey, cbEnt, bIdxLevels, hidRoot [MS-PST §2.3.2.1]. */
const BTH_HEADER_SIZE = 8;
const HID_SIZE = 4;

/**
 * Reserves a BTHHEADER in the heap, to be filled by writeBth. Callers reserve it before anything
 * else so that it is the heap's first item (HID 0x20), as Outlook lays out PCs and tables and as
 * java-libpst-based readers (pst-extractor) assume.
 */
export function reserveBthHeader(heap: HeapBuilder): number {
  return heap.alloc(new Uint8Array(BTH_HEADER_SIZE));
}

/**
 * Writes a BTree-on-heap over records already sorted by key (`records` packs key|data, each
 * cbKey + cbEnt bytes) under a header reserved with reserveBthHeader. Leaves and index nodes are
 * heap items of at most 3580 bytes; index records are key|hid of the child, keyed by the child's
 * lowest key [MS-PST §2.3.2].
 */
export function writeBth(heap: HeapBuilder, header: number, cbKey: number, cbEnt: number, records: Uint8Array): void {
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
}
