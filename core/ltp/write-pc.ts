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
  /** The value in chunks, each valid until the next is taken, instead of `data` (which is then empty): see storeChunks. */
  chunks?: () => Iterable<Uint8Array>;
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
 * Stores a value that arrives in chunks (an attachment streamed from its source) as storeHnid stores
 * one in hand, without holding it whole: a value that ends within a heap item is one; a longer one
 * goes to a subnode whose leaves are cut from the chunks and written one at a time.
 */
export function storeChunks(g: Geometry, heap: HeapBuilder, sink: SubnodeSink, chunks: Iterable<Uint8Array>): number {
  const source = chunks[Symbol.iterator]();
  // One byte more than a heap item holds tells which of the two the value is.
  const head = new Uint8Array(MAX_HEAP_ITEM + 1);
  let length = 0;
  /** What the chunk that filled the head holds past it. */
  let rest: Uint8Array = head.subarray(0, 0);
  while (length < head.length) {
    const r = source.next();
    if (r.done) break;
    const take = Math.min(r.value.length, head.length - length);
    head.set(r.value.subarray(0, take), length);
    length += take;
    rest = r.value.subarray(take);
  }
  if (length < head.length) return storeHnid(heap, sink, head.subarray(0, length));
  return sink.storeLeaves(cutLeaves(g.block.maxData, [head, rest], source));
}

/**
 * The leaves of a data tree, `size` bytes each but the last, cut from `first` and the chunks that follow.
 * One buffer serves every leaf: the writer writes each before it asks for the next.
 */
function* cutLeaves(size: number, first: Uint8Array[], rest: Iterator<Uint8Array>): Generator<Uint8Array> {
  const leaf = new Uint8Array(size);
  let filled = 0;
  const pieces = function* () {
    yield* first;
    for (let r = rest.next(); !r.done; r = rest.next()) yield r.value;
  };
  for (const piece of pieces()) {
    for (let at = 0; at < piece.length; ) {
      const take = Math.min(piece.length - at, size - filled);
      leaf.set(piece.subarray(at, at + take), filled);
      filled += take;
      at += take;
      if (filled === size) {
        yield leaf;
        filled = 0;
      }
    }
  }
  if (filled > 0) yield leaf.subarray(0, filled);
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
    else put32(records, at + 4, p.chunks ? storeChunks(g, heap, sink, p.chunks()) : storeHnid(heap, sink, p.data));
  });
  writeBth(heap, root, PC_KEY, PC_ENT, records);
  return [...heap.build(HeapClient.PC, root)];
}
