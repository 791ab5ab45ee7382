import { u16, u32, uid } from './bytes.js';
import { crcPst, signature } from './crc.js';
import { decodeBlock, type Encoding } from './encoding.js';
import { blockTotalSize, type Geometry } from './geometry.js';
import { inflateInto } from './inflate.js';
import { isInternalBid } from './ids.js';
import type { BlockEntry } from './btree.js';
import type { FileSource } from './source.js';
import { FormatError } from '../errors.js';
import { madeBlockBuffer } from '../young-garbage.js';

export interface BlockTrailer {
  cb: number;
  wSig: number;
  crc: number;
  bid: number;
  cbInflated: number | null;
}

export function readBlockTrailer(g: Geometry, raw: Uint8Array, trailerAt: number): BlockTrailer {
  const t = g.block.trailer;
  return {
    cb: u16(raw, trailerAt + t.cb),
    wSig: u16(raw, trailerAt + t.wSig),
    crc: u32(raw, trailerAt + t.dwCRC),
    bid: uid(raw, trailerAt + t.bid, g.idSize),
    cbInflated: t.cbInflated === null ? null : u16(raw, trailerAt + t.cbInflated),
  };
}

/**
 * What is wrong with a block read from `ib` whose trailer claims it is `bid`, or null. A stored
 * CRC of 0 is accepted, as libpff does, because some writers leave it unset.
 */
export function blockFault(g: Geometry, raw: Uint8Array, ib: number, bid: number, cb: number): string | null {
  const trailerAt = raw.length - g.block.trailerSize;
  const t = readBlockTrailer(g, raw, trailerAt);
  if (t.cb !== cb) return `block size in trailer is ${t.cb}, index says ${cb}`;
  if (t.bid !== bid) return `block back-pointer is ${t.bid}, expected ${bid}`;
  if (t.wSig !== signature(ib, bid)) return 'block signature does not match its offset and id';
  if (t.crc !== 0 && crcPst(raw, 0, cb) !== t.crc) return 'block CRC mismatch';
  return null;
}

/**
 * Reads one block named by its BBT entry, verifies its trailer, then undoes the file's encoding
 * (external blocks only) and, in the 4K variant, zlib compression (when cb differs from the
 * inflated size). Returns the block's logical payload. With `scratch` (at least a block's size) the
 * block is read and decoded there and the payload may be a view of it, valid until the caller uses
 * `scratch` again: for callers that consume a block at once, which then make no garbage of it. With
 * `inflateTo` as well, a compressed block inflates there (see blockPayload).
 */
export function readBlock(g: Geometry, src: FileSource, entry: BlockEntry, encoding: Encoding, scratch?: Uint8Array, inflateTo?: Uint8Array): Uint8Array {
  if (entry.cb > g.block.maxData) {
    throw new FormatError(`block ${entry.bid} claims ${entry.cb} bytes, more than a block can hold`, entry.ib);
  }
  const size = blockTotalSize(g, entry.cb);
  // A large block (an attachment's, mostly) is read straight into a buffer where it is decoded: through
  // the shared read-ahead buffer it would be copied twice, and these blocks are most of the bytes of a
  // mailbox. Small blocks keep the read-ahead, which saves a system call each, and are decoded from it.
  if (size >= OWN_BUFFER_FROM) {
    if (!scratch) madeBlockBuffer(size);
    const raw = scratch ? src.readInto(scratch.subarray(0, size), entry.ib) : src.readOwned(entry.ib, size);
    return blockPayload(g, raw, entry, encoding, raw, inflateTo);
  }
  return blockPayload(g, src.read(entry.ib, size), entry, encoding, scratch, inflateTo);
}

/** Blocks at least this big (data, padding and trailer) are read into their own buffer. */
const OWN_BUFFER_FROM = 16 << 10;

/**
 * The logical payload of a block whose raw bytes (data, padding, trailer) are in hand: verified,
 * decoded and inflated as readBlock describes. The recovery scanner calls it on bytes it already read.
 * The payload is decoded into `into` (`raw` itself when the caller gives `raw` up), or else into a
 * buffer of its own, since `raw` may be a view of the source's read-ahead buffer. A compressed block
 * inflates into `inflateTo` when it is given and large enough (the payload is then a view of it, valid
 * until the caller uses it again), else into a buffer of its own.
 */
export function blockPayload(g: Geometry, raw: Uint8Array, entry: BlockEntry, encoding: Encoding, into?: Uint8Array, inflateTo?: Uint8Array): Uint8Array {
  const fault = blockFault(g, raw, entry.ib, entry.bid, entry.cb);
  if (fault) throw new FormatError(`${fault} (block ${entry.bid} at offset ${entry.ib})`, entry.ib);
  const stored = new Uint8Array(raw.buffer, raw.byteOffset, entry.cb);
  const compressed = g.block.compressed && entry.cbInflated !== entry.cb;
  const plain = isInternalBid(entry.bid) || encoding === 'none';
  // A compressed block with nothing to decode (always, in real 4K files) is inflated straight from
  // where it is, since inflating writes it elsewhere anyway.
  const inPlace = (compressed && plain) || (into !== undefined && into.buffer === raw.buffer && into.byteOffset === raw.byteOffset);
  const data = inPlace ? stored : into ? new Uint8Array(into.buffer, into.byteOffset, entry.cb) : uninitialized(entry.cb);
  if (!plain) decodeBlock(stored, data, encoding, entry.bid);
  else if (!inPlace) data.set(stored);
  if (!compressed) return data;
  // A byte more than the index promises, so that a longer stream shows.
  const room = entry.cbInflated + 1;
  const out = inflateTo && inflateTo.length >= room ? inflateTo.subarray(0, room) : uninitialized(room);
  const n = inflateInto(data, out);
  if (n < 0) throw new FormatError(`block ${entry.bid} at offset ${entry.ib} does not inflate`, entry.ib);
  if (n !== entry.cbInflated) {
    const size = n > entry.cbInflated ? `more than the ${entry.cbInflated} bytes` : `${n} bytes, not the ${entry.cbInflated}`;
    throw new FormatError(`block ${entry.bid} inflates to ${size} the index says`, entry.ib);
  }
  return out.subarray(0, n);
}

/**
 * A buffer for blockPayload's `inflateTo` in a variant whose blocks are compressed (else undefined): room
 * for a block's data and the byte more that tells a longer stream.
 */
export function inflateBuffer(g: Geometry): Uint8Array | undefined {
  return g.block.compressed ? new Uint8Array(g.block.maxData + 1) : undefined;
}

/**
 * A plain Uint8Array of `length` bytes that are not zeroed first, for buffers the caller overwrites
 * entirely (a block's decoded copy, a value's concatenated blocks): zeroing them first was a second
 * pass over every byte read. A plain array, not the Buffer it comes from, so `slice` still copies.
 */
export function uninitialized(length: number): Uint8Array {
  madeBlockBuffer(length);
  const b = Buffer.allocUnsafe(length);
  return new Uint8Array(b.buffer, b.byteOffset, length);
}
