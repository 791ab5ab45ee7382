/**
 * Little-endian integer access for on-disk structures. 64-bit fields are returned as numbers:
 * offsets and ids in a file of up to 2^53 bytes are exact, and a field beyond that is reported
 * as NaN-free Infinity so that every bounds check downstream rejects it.
 */
export function u8(b: Uint8Array, off: number): number {
  return b[off]!;
}

export function u16(b: Uint8Array, off: number): number {
  return b[off]! | (b[off + 1]! << 8);
}

export function u32(b: Uint8Array, off: number): number {
  return (b[off]! | (b[off + 1]! << 8) | (b[off + 2]! << 16) | (b[off + 3]! << 24)) >>> 0;
}

export function u64(b: Uint8Array, off: number): number {
  const lo = u32(b, off);
  const hi = u32(b, off + 4);
  if (hi >= 0x200000) return Number.POSITIVE_INFINITY;
  return hi * 0x100000000 + lo;
}

/** Reads an id or offset of the variant's width (4 or 8 bytes). */
export function uid(b: Uint8Array, off: number, size: 4 | 8): number {
  return size === 4 ? u32(b, off) : u64(b, off);
}

export function put16(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
}

export function put32(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

export function put64(b: Uint8Array, off: number, v: number): void {
  put32(b, off, v >>> 0);
  put32(b, off + 4, Math.floor(v / 0x100000000));
}

/** The largest id or offset a field of this width holds exactly (ANSI: 4 GiB - 1; 8 bytes: 2^53 - 1, as a number). */
export function maxId(size: 4 | 8): number {
  return size === 4 ? 0xffffffff : Number.MAX_SAFE_INTEGER;
}

/**
 * Writes an id or offset of the variant's width. One that does not fit is refused: put32 would keep
 * its low 32 bits, and an ANSI file past 4 GiB would point every reader at the wrong bytes.
 */
export function putId(b: Uint8Array, off: number, v: number, size: 4 | 8): void {
  if (!Number.isSafeInteger(v) || v < 0 || v > maxId(size)) throw new RangeError(`${v} does not fit a ${size * 8}-bit id or offset`);
  if (size === 4) put32(b, off, v);
  else put64(b, off, v);
}
