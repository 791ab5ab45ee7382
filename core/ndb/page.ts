import { u16, u32, u8, uid } from './bytes.js';
import { crcPst, signature } from './crc.js';
import { PType, type Geometry } from './geometry.js';
import type { FileSource } from './source.js';
import { FormatError } from '../errors.js';

export interface PageTrailer {
  ptype: number;
  ptypeRepeat: number;
  wSig: number;
  crc: number;
  bid: number;
}

export function readPageTrailer(g: Geometry, page: Uint8Array): PageTrailer {
  const t = g.page.trailerOffset;
  const l = g.page.trailer;
  return {
    ptype: u8(page, t + l.ptype),
    ptypeRepeat: u8(page, t + l.ptypeRepeat),
    wSig: u16(page, t + l.wSig),
    crc: u32(page, t + l.dwCRC),
    bid: uid(page, t + l.bid, g.idSize),
  };
}

/** Allocation-map pages carry no signature; B-tree and density-list pages do [MS-PST §2.2.2.7.1]. */
function pageHasSignature(ptype: number): boolean {
  return ptype === PType.BBT || ptype === PType.NBT || ptype === PType.DList;
}

/**
 * Checks a page against everything its trailer promises: type byte twice, CRC, signature and the
 * back-pointer to the BID that referenced it. Returns null when sound, else what is wrong.
 */
export function pageFault(g: Geometry, page: Uint8Array, ib: number, expectedBid: number | null, expectedType: number | null): string | null {
  const t = readPageTrailer(g, page);
  if (t.ptype !== t.ptypeRepeat) return `page type bytes disagree (0x${t.ptype.toString(16)} / 0x${t.ptypeRepeat.toString(16)})`;
  if (expectedType !== null && t.ptype !== expectedType) return `expected page type 0x${expectedType.toString(16)}, found 0x${t.ptype.toString(16)}`;
  if (expectedBid !== null && t.bid !== expectedBid) return `page back-pointer is ${t.bid}, expected ${expectedBid}`;
  if (pageHasSignature(t.ptype) && t.wSig !== signature(ib, t.bid)) return 'page signature does not match its offset and id';
  if (crcPst(page, 0, g.page.trailerOffset) !== t.crc) return 'page CRC mismatch';
  return null;
}

/** Reads one page and verifies it; throws FormatError with the page's offset when it is unsound. */
export function readPage(g: Geometry, src: FileSource, ib: number, expectedBid: number | null, expectedType: number | null): Uint8Array {
  const page = src.read(ib, g.page.size);
  const fault = pageFault(g, page, ib, expectedBid, expectedType);
  if (fault) throw new FormatError(`${fault} (page at offset ${ib})`, ib);
  return page;
}
