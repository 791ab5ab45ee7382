import { put32 } from '../ndb/bytes.js';
import type { LtpProp } from '../ltp/write-pc.js';

/** A PtypInteger32 value's raw bytes. */
export function int32(v: number): Uint8Array {
  const b = new Uint8Array(4);
  put32(b, 0, v);
  return b;
}

/** A PtypString value's raw bytes (UTF-16LE, no terminator). */
export function unicode(s: string): Uint8Array {
  return Buffer.from(s, 'utf16le');
}

/** Cell lookup for a table row built from a property list: the value when id and type match. */
export function cellsFrom(props: readonly LtpProp[]): (tag: number) => Uint8Array | undefined {
  return (tag) => {
    const id = tag >>> 16;
    const type = tag & 0xffff;
    const p = props.find((q) => q.id === id);
    return p && p.type === type ? p.data : undefined;
  };
}
