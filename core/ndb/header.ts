import { u16, u32, u8, uid } from './bytes.js';
import { crcPst } from './crc.js';
import { encodingFromCryptMethod, type Encoding } from './encoding.js';
import { CLIENT_OST, CLIENT_PST, geometryForWVer, HEADER_COMMON, HEADER_MAGIC, type Geometry } from './geometry.js';

/** A BREF: a block or page id with the file offset it lives at. */
export interface BRef {
  bid: number;
  ib: number;
}

export interface Header {
  geometry: Geometry;
  client: 'pst' | 'ost';
  wVer: number;
  wVerClient: number;
  /** undefined when bCryptMethod names a method we cannot decode (e.g. 0x10, WIP-encrypted). */
  encoding: Encoding | undefined;
  cryptMethod: number;
  bidNextB: number;
  bidNextP: number;
  dwUnique: number;
  /** rgnid[32]: last allocated NID index per NID type. */
  rgnid: number[];
  root: {
    ibFileEof: number;
    ibAMapLast: number;
    cbAMapFree: number;
    cbPMapFree: number;
    nbt: BRef;
    bbt: BRef;
    fAMapValid: number;
  };
  crcPartialOk: boolean;
  /** null for ANSI, which has no full CRC. */
  crcFullOk: boolean | null;
}

/** Why a header could not be parsed at all; the caller turns this into a sentence for a person. */
export type HeaderFault = 'too-short' | 'bad-magic' | 'unknown-client' | 'unknown-version';

/** Bytes to read to be sure of holding any variant's header. */
export const HEADER_READ_SIZE = 564;

/**
 * How a file cut short is described everywhere (inspect, a conversion's report, a refusal to open): its
 * length against the one its header gives (ROOT.ibFileEof), or null when it is whole. Outlook keeps
 * ibFileEof at the file's size [MS-PST 2.2.2.5], so a file that ends before it lost what lay past its end.
 */
export function cutShort(fileSize: number, headerSize: number): string | null {
  return fileSize < headerSize ? `the file ends at ${fileSize} bytes, its header says ${headerSize}` : null;
}

export function parseHeader(b: Uint8Array): Header | HeaderFault {
  if (b.length < 24) return 'too-short';
  if (u32(b, HEADER_COMMON.dwMagic) !== HEADER_MAGIC) return 'bad-magic';
  const clientMagic = u16(b, HEADER_COMMON.wMagicClient);
  if (clientMagic !== CLIENT_PST && clientMagic !== CLIENT_OST) return 'unknown-client';
  const wVer = u16(b, HEADER_COMMON.wVer);
  const g = geometryForWVer(wVer);
  if (!g) return 'unknown-version';
  if (b.length < g.header.size) return 'too-short';
  const h = g.header;
  const r = g.root;
  const id = (off: number) => uid(b, off, g.idSize);
  const rgnid: number[] = [];
  for (let i = 0; i < 32; i++) rgnid.push(u32(b, h.rgnid + i * 4));
  const cryptMethod = u8(b, h.bCryptMethod);
  return {
    geometry: g,
    client: clientMagic === CLIENT_PST ? 'pst' : 'ost',
    wVer,
    wVerClient: u16(b, HEADER_COMMON.wVerClient),
    encoding: encodingFromCryptMethod(cryptMethod),
    cryptMethod,
    bidNextB: id(h.bidNextB),
    bidNextP: id(h.bidNextP),
    dwUnique: u32(b, h.dwUnique),
    rgnid,
    root: {
      ibFileEof: id(r.ibFileEof),
      ibAMapLast: id(r.ibAMapLast),
      cbAMapFree: id(r.cbAMapFree),
      cbPMapFree: id(r.cbPMapFree),
      nbt: { bid: id(r.nbtBid), ib: id(r.nbtIb) },
      bbt: { bid: id(r.bbtBid), ib: id(r.bbtIb) },
      fAMapValid: u8(b, r.fAMapValid),
    },
    crcPartialOk: crcPst(b, HEADER_COMMON.crcFrom, HEADER_COMMON.crcFrom + h.crcPartialLength) === u32(b, HEADER_COMMON.dwCRCPartial),
    crcFullOk: h.crcFull ? crcPst(b, HEADER_COMMON.crcFrom, HEADER_COMMON.crcFrom + h.crcFull.length) === u32(b, h.crcFull.offset) : null,
  };
}
