import { put32, u32 } from '../ndb/bytes.js';

/** A PST entry id: rgbFlags (4 zero bytes), the store's record key (16), the NID (4) [MS-PST §2.4.3.2]. */
export const PST_ENTRY_ID_SIZE = 24;
const NID_AT = 20;

export function pstEntryId(recordKey: Uint8Array, nid: number): Uint8Array {
  const b = new Uint8Array(PST_ENTRY_ID_SIZE);
  b.set(recordKey, 4);
  put32(b, NID_AT, nid);
  return b;
}

/** The NID a PST entry id names, or undefined for any other kind of entry id. */
export function nidFromEntryId(data: Uint8Array): number | undefined {
  return data.length === PST_ENTRY_ID_SIZE ? u32(data, NID_AT) : undefined;
}
