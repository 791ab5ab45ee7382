import { put16, put32 } from '../ndb/bytes.js';
import { crcPst } from '../ndb/crc.js';
import type { LtpProp } from '../ltp/write-pc.js';
import { PropType } from '../ltp/proptypes.js';
import type { NamedPropKey } from './objects.js';
import { guidBytes, PS_MAPI, PS_PUBLIC_STRINGS, PSETID_APPOINTMENT, PSETID_COMMON, PSETID_TASK } from './guid.js';
import { WGUID_MAPI, WGUID_PUBLIC_STRINGS, WGUID_STREAM_BASE } from './namemap.js';

/**
 * The name-to-ID map of a new PST [MS-PST §2.4.7]: hands out NPIDs (0x8000 + index) for named
 * properties and, at the end, renders the map's property context: bucket count, GUID stream,
 * entry stream, string stream and the hash buckets 0x1000 + b.
 */

/** Outlook's bucket count (PidTagNameidBucketCount in its files). */
const BUCKET_COUNT = 251;
const FIRST_NPID = 0x8000;
const MAX_ENTRIES = 0x7fff;

/**
 * The named properties Outlook registers in every store it creates, in its order (so their NPIDs
 * match Outlook's own files; read from outlook-pst-rs Empty.pst). Besides fidelity this keeps the
 * entry stream non-empty, which libpff requires ("missing name to id map entries data").
 */
const INTERNET_HEADERS = '00020386-0000-0000-c000-000000000046';
const PSETID_62014 = '00062014-0000-0000-c000-000000000046';
const PSETID_MENTIONS = '41f28f13-83f4-4114-a584-eedb5a6b0bff';
const lid = (guid: string, id: number): NamedPropKey => ({ guid, lid: id, name: null });
const str = (guid: string, name: string): NamedPropKey => ({ guid, lid: null, name });
export const OUTLOOK_DEFAULT_NAMES: readonly NamedPropKey[] = [
  ...[0x8205, 0x8223, 0x8231, 0x8216, 0x820d, 0x820e, 0x8235, 0x8236, 0x8233].map((id) => lid(PSETID_APPOINTMENT, id)),
  str(INTERNET_HEADERS, 'content-class'),
  str(PS_PUBLIC_STRINGS, 'DRMLicense'),
  str(INTERNET_HEADERS, 'x-cr-hashedpuzzle'),
  str(INTERNET_HEADERS, 'x-cr-puzzleid'),
  lid(PSETID_COMMON, 0x8580),
  lid(PSETID_COMMON, 0x8581),
  str(PS_PUBLIC_STRINGS, 'urn:schemas-microsoft-com:office:outlook#storetypeprivate'),
  lid(PSETID_COMMON, 0x8510),
  lid(PSETID_COMMON, 0x8578),
  str(PSETID_MENTIONS, 'IsMentioned'),
  str(PS_PUBLIC_STRINGS, 'Keywords'),
  lid(PSETID_62014, 0x8f05),
  lid(PSETID_COMMON, 0x8514),
  lid(PSETID_62014, 0x8f07),
  lid(PSETID_COMMON, 0x8503),
  lid(PSETID_COMMON, 0x85a8),
  lid(PSETID_COMMON, 0x8502),
  lid(PSETID_TASK, 0x8104),
  lid(PSETID_TASK, 0x8105),
  lid(PSETID_TASK, 0x811c),
  str(INTERNET_HEADERS, 'x-ms-exchange-organization-authdomain'),
  str(PS_PUBLIC_STRINGS, 'DoNotForward'),
  lid(PSETID_COMMON, 0x8570),
  lid(PSETID_TASK, 0x8101),
  lid(PSETID_COMMON, 0x85e0),
  lid(PSETID_COMMON, 0x8552),
];

interface Entry {
  wGuid: number;
  lid: number | null;
  name: string | null;
  /** Offset of the name in the string stream. */
  stringOffset: number;
}

export class NameMapBuilder {
  private readonly byKey = new Map<string, number>();
  private readonly entries: Entry[] = [];
  private readonly guids: string[] = [];
  private readonly strings: Uint8Array[] = [];
  private stringSize = 0;

  constructor() {
    for (const key of OUTLOOK_DEFAULT_NAMES) this.npid(key);
  }

  /** The NPID for a named property, allocating one on first use; null once the map is full. */
  npid(key: NamedPropKey): number | null {
    const guid = key.guid.toLowerCase().replace(/[{}]/g, '');
    const k = key.lid !== null ? `${guid}|#${key.lid}` : `${guid}|s${key.name ?? ''}`;
    const known = this.byKey.get(k);
    if (known !== undefined) return known;
    if (this.entries.length >= MAX_ENTRIES) return null;
    let wGuid: number;
    if (guid === PS_MAPI) wGuid = WGUID_MAPI;
    else if (guid === PS_PUBLIC_STRINGS) wGuid = WGUID_PUBLIC_STRINGS;
    else {
      let i = this.guids.indexOf(guid);
      if (i < 0) i = this.guids.push(guid) - 1;
      wGuid = WGUID_STREAM_BASE + i;
    }
    let stringOffset = 0;
    if (key.lid === null) {
      // String stream entries: length(4) then UTF-16LE, each starting 4-byte aligned.
      const name = Buffer.from(key.name ?? '', 'utf16le');
      const rec = new Uint8Array(4 + name.length + ((4 - (name.length % 4)) % 4));
      put32(rec, 0, name.length);
      rec.set(name, 4);
      stringOffset = this.stringSize;
      this.strings.push(rec);
      this.stringSize += rec.length;
    }
    this.entries.push({ wGuid, lid: key.lid, name: key.lid === null ? (key.name ?? '') : null, stringOffset });
    const npid = FIRST_NPID + this.entries.length - 1;
    this.byKey.set(k, npid);
    return npid;
  }

  /** The map's property context contents. */
  props(): LtpProp[] {
    const guidStream = new Uint8Array(this.guids.length * 16);
    this.guids.forEach((g, i) => guidStream.set(guidBytes(g), i * 16));
    const entryStream = new Uint8Array(this.entries.length * 8);
    const buckets = new Map<number, number[]>();
    this.entries.forEach((e, i) => {
      const isString = e.lid === null ? 1 : 0;
      const wFlags = (e.wGuid << 1) | isString;
      put32(entryStream, i * 8, isString ? e.stringOffset : e.lid!);
      put16(entryStream, i * 8 + 4, wFlags);
      put16(entryStream, i * 8 + 6, i);
      // Strings hash by the CRC of their UTF-16LE bytes, LIDs by themselves [MS-PST §2.4.7.5].
      const hashKey = isString ? crcPst(Buffer.from(e.name!, 'utf16le')) : e.lid!;
      const bucket = ((hashKey ^ wFlags) >>> 0) % BUCKET_COUNT;
      const list = buckets.get(bucket) ?? [];
      list.push(hashKey >>> 0, wFlags, i);
      buckets.set(bucket, list);
    });
    const count = new Uint8Array(4);
    put32(count, 0, BUCKET_COUNT);
    const stringStream = new Uint8Array(this.stringSize);
    let at = 0;
    for (const s of this.strings) {
      stringStream.set(s, at);
      at += s.length;
    }
    const props: LtpProp[] = [
      { id: 0x0001, type: PropType.Int32, data: count },
      { id: 0x0002, type: PropType.Binary, data: guidStream },
      { id: 0x0003, type: PropType.Binary, data: entryStream },
      { id: 0x0004, type: PropType.Binary, data: stringStream },
    ];
    for (const [b, list] of [...buckets].sort((x, y) => x[0] - y[0])) {
      const data = new Uint8Array((list.length / 3) * 8);
      for (let j = 0; j < list.length; j += 3) {
        put32(data, (j / 3) * 8, list[j]!);
        put16(data, (j / 3) * 8 + 4, list[j + 1]!);
        put16(data, (j / 3) * 8 + 6, list[j + 2]!);
      }
      props.push({ id: 0x1000 + b, type: PropType.Binary, data });
    }
    return props;
  }
}
