import { u16, u32 } from '../ndb/bytes.js';
import type { NodeDatabase } from '../ndb/database.js';
import { Nid } from '../ndb/ids.js';
import { LtpNode } from '../ltp/node.js';
import { PropertyContext } from '../ltp/pc.js';
import type { NamedPropKey } from './objects.js';
import { formatGuid, PS_MAPI, PS_PUBLIC_STRINGS } from './guid.js';

/** Name-to-ID map properties [MS-PST §2.4.7]. */
const GUID_STREAM = 0x0002;
const ENTRY_STREAM = 0x0003;
const STRING_STREAM = 0x0004;
const NAMEID_SIZE = 8;
/** NAMEID.wGuid: 1 and 2 name the two property sets without a slot in the GUID stream; 3 + i is slot i. */
export const WGUID_MAPI = 1;
export const WGUID_PUBLIC_STRINGS = 2;
export const WGUID_STREAM_BASE = 3;

/**
 * Reads the name-to-ID map (NID 0x61): for every NAMEID record, NPID 0x8000 + wPropIdx maps to a
 * property set GUID (PS_MAPI, PS_PUBLIC_STRINGS or an entry of the GUID stream) and either a
 * numeric LID or a name from the string stream. Unreadable entries are skipped, not fatal: a
 * named property that cannot be resolved is still exported by number.
 */
export function readNameMap(db: NodeDatabase): Map<number, NamedPropKey> {
  const out = new Map<number, NamedPropKey>();
  if (!db.node(Nid.NAME_TO_ID_MAP)) return out;
  const pc = new PropertyContext(LtpNode.fromNid(db, Nid.NAME_TO_ID_MAP));
  const guids = pc.get(GUID_STREAM)?.data ?? new Uint8Array(0);
  const entries = pc.get(ENTRY_STREAM)?.data ?? new Uint8Array(0);
  const strings = pc.get(STRING_STREAM)?.data ?? new Uint8Array(0);
  for (let off = 0; off + NAMEID_SIZE <= entries.length; off += NAMEID_SIZE) {
    const idOrOffset = u32(entries, off);
    const flags = u16(entries, off + 4);
    const npid = 0x8000 + u16(entries, off + 6);
    const wGuid = flags >>> 1;
    let guid: string;
    const slot = (wGuid - WGUID_STREAM_BASE) * 16;
    if (wGuid === WGUID_MAPI) guid = PS_MAPI;
    else if (wGuid === WGUID_PUBLIC_STRINGS) guid = PS_PUBLIC_STRINGS;
    else if (slot >= 0 && slot + 16 <= guids.length) guid = formatGuid(guids, slot);
    else continue;
    if ((flags & 1) === 0) {
      out.set(npid, { guid, lid: idOrOffset, name: null });
    } else if (idOrOffset + 4 <= strings.length) {
      const len = u32(strings, idOrOffset);
      if (idOrOffset + 4 + len > strings.length) continue;
      const name = Buffer.from(strings.buffer, strings.byteOffset + idOrOffset + 4, len).toString('utf16le');
      out.set(npid, { guid, lid: null, name });
    }
  }
  return out;
}
