import { PropType } from '../ltp/proptypes.js';
import type { RawProp } from '../messaging/objects.js';
import { int32, unicode } from '../messaging/write-values.js';

/** RawProp builders for the generator: each returns the on-disk value encoding of one type [MS-PST §2.3.3]. */

export const str = (id: number, s: string): RawProp => ({ id, type: PropType.String, data: unicode(s) });
export const bin = (id: number, data: Uint8Array): RawProp => ({ id, type: PropType.Binary, data });
export const i32 = (id: number, v: number): RawProp => ({ id, type: PropType.Int32, data: int32(v) });
export const bool = (id: number, v: boolean): RawProp => ({ id, type: PropType.Boolean, data: Uint8Array.of(v ? 1 : 0) });

export function f64(id: number, v: number): RawProp {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setFloat64(0, v, true);
  return { id, type: PropType.Float64, data };
}

/** FILETIME ticks (100 ns since 1601) of a Unix time in milliseconds. */
export function fileTime(ms: number): bigint {
  return BigInt(Math.round(ms)) * 10000n + 116444736000000000n;
}

export function time(id: number, ms: number): RawProp {
  const data = new Uint8Array(8);
  new DataView(data.buffer).setBigUint64(0, fileTime(ms), true);
  return { id, type: PropType.SysTime, data };
}

/** PtypMultipleString: count, one offset per value (from the start of the value), then the UTF-16LE strings. */
export function strings(id: number, values: readonly string[]): RawProp {
  const parts = values.map(unicode);
  const head = 4 + 4 * parts.length;
  const data = new Uint8Array(head + parts.reduce((s, p) => s + p.length, 0));
  const view = new DataView(data.buffer);
  view.setUint32(0, parts.length, true);
  let at = head;
  parts.forEach((p, i) => {
    view.setUint32(4 + 4 * i, at, true);
    data.set(p, at);
    at += p.length;
  });
  return { id, type: PropType.String | PropType.MultipleFlag, data };
}
