import { crc32 } from 'node:zlib';

/**
 * The PST CRC [MS-PST §5.3]: reflected CRC-32 with zlib's polynomial, but starting from 0 and
 * without the final inversion. zlib's crc32 starts from ~seed and inverts at the end, so seeding
 * it with 0xFFFFFFFF and inverting its result gives exactly the PST value.
 */
export function crcPst(data: Uint8Array, start = 0, end = data.length): number {
  // A plain view: Buffer#subarray, which a Buffer argument would take, goes through a much slower constructor.
  const view = start === 0 && end === data.length ? data : new Uint8Array(data.buffer, data.byteOffset + start, end - start);
  return (crc32(view, 0xffffffff) ^ 0xffffffff) >>> 0;
}

/** Block and page signature [MS-PST §5.5]: fold (ib XOR bid) to 16 bits. */
export function signature(ib: number, bid: number): number {
  // Both values fit in 53 bits; fold them through their 32-bit halves to stay exact.
  const lo = ((ib >>> 0) ^ (bid >>> 0)) >>> 0;
  const x = (lo ^ (lo >>> 16)) & 0xffff;
  return x;
}
