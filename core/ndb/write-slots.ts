import { writeSync } from 'node:fs';
import { put32 } from './bytes.js';
import { crcPst } from './crc.js';
import { CRYPT_METHOD, encodeBlock, encodingFromCryptMethod, type Encoding } from './encoding.js';

/**
 * The output file is written a slot at a time: a buffer of adjacent bytes, and the blocks in it whose
 * sealing (encoding the data, then the CRC of the stored bytes into the trailer) is still to do. Sealing
 * and writing are the CPU and system time of a PST write that need nothing else of the writer, so a
 * slot can be handed whole to another thread (write-thread.ts); without one, it is drained in place.
 */
export interface Slot {
  bytes: Uint8Array;
  /** SEAL_FIELDS numbers per block: its offset in the slot, cb, the CRC's offset in the slot, bCryptMethod, bid. */
  seals: Float64Array;
  /**
   * EXTENT_FIELDS numbers per run of adjacent bytes: file offset, offset in the slot, length. Allocation
   * moves forward, but each AMap is written when its interval is full, back at the interval's start.
   */
  extents: Float64Array;
}

export const SLOT_BYTES = 2 * 1024 * 1024;
/** Seals and extents a slot holds; the sink hands a slot on early when either runs out. */
export const SLOT_SEALS = 8192;
export const SLOT_EXTENTS = 1024;
const SEAL_FIELDS = 5;
const EXTENT_FIELDS = 3;

export function newSlot(memory: (bytes: number) => ArrayBufferLike): Slot {
  return {
    bytes: new Uint8Array(memory(SLOT_BYTES)),
    seals: new Float64Array(memory(SLOT_SEALS * SEAL_FIELDS * 8)),
    extents: new Float64Array(memory(SLOT_EXTENTS * EXTENT_FIELDS * 8)),
  };
}

/** Records a block laid out at `offset` in the slot as the `index`th to seal. */
export function addSeal(slot: Slot, index: number, offset: number, cb: number, crcAt: number, encoding: Encoding, bid: number): void {
  const s = slot.seals;
  const i = index * SEAL_FIELDS;
  s[i] = offset;
  s[i + 1] = cb;
  s[i + 2] = crcAt;
  s[i + 3] = CRYPT_METHOD[encoding];
  s[i + 4] = bid;
}

/** Records `length` bytes at `from` in the slot, bound for file offset `at`, as the `index`th extent. */
export function addExtent(slot: Slot, index: number, at: number, from: number, length: number): void {
  const i = index * EXTENT_FIELDS;
  slot.extents[i] = at;
  slot.extents[i + 1] = from;
  slot.extents[i + 2] = length;
}

/** Lengthens the `index`th extent by `bytes` that follow it in the slot. */
export function growExtent(slot: Slot, index: number, bytes: number): void {
  slot.extents[index * EXTENT_FIELDS + 2]! += bytes;
}

/** The file offset just past the `index`th extent. */
export function extentEnd(slot: Slot, index: number): number {
  return slot.extents[index * EXTENT_FIELDS]! + slot.extents[index * EXTENT_FIELDS + 2]!;
}

/** Seals the slot's first `sealCount` blocks, then writes its first `extentCount` runs of bytes where they go. */
export function drainSlot(fd: number, slot: Slot, sealCount: number, extentCount: number): void {
  const { bytes, seals, extents } = slot;
  for (let j = 0; j < sealCount * SEAL_FIELDS; j += SEAL_FIELDS) {
    const offset = seals[j]!;
    const cb = seals[j + 1]!;
    const data = new Uint8Array(bytes.buffer, bytes.byteOffset + offset, cb);
    encodeBlock(data, data, encodingFromCryptMethod(seals[j + 3]!)!, seals[j + 4]!);
    put32(bytes, seals[j + 2]!, crcPst(bytes, offset, offset + cb));
  }
  for (let j = 0; j < extentCount * EXTENT_FIELDS; j += EXTENT_FIELDS) {
    const at = extents[j]!;
    const from = extents[j + 1]!;
    const length = extents[j + 2]!;
    for (let done = 0; done < length; ) done += writeSync(fd, bytes, from + done, length - done, at + done);
  }
}
