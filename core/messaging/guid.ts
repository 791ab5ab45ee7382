import { u16, u32 } from '../ndb/bytes.js';

/** Property sets with fixed wGuid slots in the name-to-ID map [MS-PST §2.4.7.1]. */
export const PS_MAPI = '00020328-0000-0000-c000-000000000046';
export const PS_PUBLIC_STRINGS = '00020329-0000-0000-c000-000000000046';

/** Property sets of the named properties calendar, contact, task, note and journal items carry [MS-OXPROPS]. */
export const PSETID_APPOINTMENT = '00062002-0000-0000-c000-000000000046';
export const PSETID_TASK = '00062003-0000-0000-c000-000000000046';
export const PSETID_ADDRESS = '00062004-0000-0000-c000-000000000046';
export const PSETID_COMMON = '00062008-0000-0000-c000-000000000046';
export const PSETID_LOG = '0006200a-0000-0000-c000-000000000046';
export const PSETID_NOTE = '0006200e-0000-0000-c000-000000000046';

/** A GUID as stored on disk (Data1–Data3 little-endian, Data4 bytes in order), in canonical text. */
export function formatGuid(b: Uint8Array, off = 0): string {
  const hex = (v: number, n: number) => v.toString(16).padStart(n, '0');
  let tail = '';
  for (let i = 8; i < 16; i++) tail += hex(b[off + i]!, 2);
  return `${hex(u32(b, off), 8)}-${hex(u16(b, off + 4), 4)}-${hex(u16(b, off + 6), 4)}-${tail.slice(0, 4)}-${tail.slice(4)}`;
}

/** A GUID in its on-disk form (the inverse of formatGuid): the first three fields little-endian, the rest as written. */
export function guidBytes(guid: string): Uint8Array {
  const hex = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new RangeError(`not a GUID: ${guid}`);
  const raw = Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
  const out = new Uint8Array(16);
  out.set([raw[3]!, raw[2]!, raw[1]!, raw[0]!, raw[5]!, raw[4]!, raw[7]!, raw[6]!], 0);
  out.set(raw.subarray(8), 8);
  return out;
}
