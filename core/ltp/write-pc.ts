import { put16, put32 } from '../ndb/bytes.js';
import type { Geometry } from '../ndb/geometry.js';
import { HeapClient, MAX_HEAP_ITEM } from './hid.js';
import { isInlineInPc } from './proptypes.js';
import { reserveBthHeader, writeBth } from './write-bth.js';
import { HeapBuilder } from './write-heap.js';

/** A property as the LTP stores it: tag parts and the raw value encoding. */
export interface LtpProp {
  id: number;
  type: number;
  data: Uint8Array;
}

/** Where values too big for a heap go: a subnode of the node being built [MS-PST §2.3.3.2]. */
export interface SubnodeSink {
  /** Stores a value as its own data tree under a new LTP subnode; returns the subnode's NID. */
  storeValue(data: Uint8Array): number;
  /** Stores pre-cut leaves (table row blocks) the same way, each written as it is produced. */
  storeLeaves(leaves: Iterable<Uint8Array>): number;
}

/** PC records: wPropId key (2) and wPropType + dwValueHnid (6) [MS-PST §2.3.3.1]. */
const PC_KEY = 2;
const PC_ENT = 6;

/**
 * Stores a variable or large value in the node: as a heap item when it fits, otherwise in a
 * subnode. Empty values get HNID 0, as Outlook writes them.
 */
export function storeHnid(heap: HeapBuilder, sink: SubnodeSink, data: Uint8Array): number {
  if (data.length === 0) return 0;
  if (data.length <= MAX_HEAP_ITEM) return heap.alloc(data);
  return sink.storeValue(data);
}

/**
 * Builds a property context [MS-PST §2.3.3]: a heap whose user root is a BTH keyed by property id.
 * Values of fixed types up to 4 bytes sit in the record, others in the heap or a subnode. The BTH
 * header is the first item, then the values, then the records. Returns the heap pages (the node's
 * data-tree leaves).
 */
export function buildPc(g: Geometry, props: readonly LtpProp[], sink: SubnodeSink): Uint8Array[] {
  const heap = new HeapBuilder(g);
  const root = reserveBthHeader(heap);
  const byId = new Map<number, LtpProp>();
  for (const p of props) if (!byId.has(p.id)) byId.set(p.id, p);
  const sorted = [...byId.values()].sort((a, b) => a.id - b.id);
  const records = new Uint8Array(sorted.length * (PC_KEY + PC_ENT));
  sorted.forEach((p, i) => {
    const at = i * (PC_KEY + PC_ENT);
    put16(records, at, p.id);
    put16(records, at + 2, p.type);
    if (isInlineInPc(p.type)) records.set(p.data.subarray(0, 4), at + 4);
    else put32(records, at + 4, storeHnid(heap, sink, p.data));
  });
  writeBth(heap, root, PC_KEY, PC_ENT, records);
  return [...heap.build(HeapClient.PC, root)];
}
