// Raw property values for tests that build messages by hand (objects.ts: the bytes of each type's on-disk form).
import type { RawProp } from '../../core/messaging/objects.js';

export const str = (id: number, s: string): RawProp => ({ id, type: 0x001f, data: Buffer.from(s, 'utf16le') });

export const int = (id: number, v: number): RawProp => {
  const data = Buffer.alloc(4);
  data.writeUInt32LE(v >>> 0);
  return { id, type: 0x0003, data };
};

export const bin = (id: number, data: Uint8Array): RawProp => ({ id, type: 0x0102, data });

export const bool = (id: number, v: boolean): RawProp => ({ id, type: 0x000b, data: Uint8Array.of(v ? 1 : 0, 0) });

/** A PtypTime: 100 ns ticks since 1601. */
export const time = (id: number, iso: string): RawProp => {
  const data = Buffer.alloc(8);
  data.writeBigUInt64LE(BigInt(Date.parse(iso)) * 10000n + 116444736000000000n);
  return { id, type: 0x0040, data };
};

/** Deterministic pseudo-random bytes (xorshift): attachment data that neither repeats nor compresses. */
export function bytes(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
