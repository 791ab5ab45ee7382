import { put16, put32, putId } from './bytes.js';
import { crcPst, signature } from './crc.js';
import type { Geometry } from './geometry.js';

/**
 * Fills a page's trailer [MS-PST §2.2.2.7.1]: ptype twice, signature, CRC of everything before the
 * trailer, and the page's BID. Map pages (AMap, PMap, FMap, FPMap) carry wSig 0 and bid = ib;
 * B-tree pages and the DList carry a real signature.
 */
export function sealPage(g: Geometry, page: Uint8Array, ptype: number, ib: number, bid: number, signed: boolean): void {
  const t = g.page.trailerOffset;
  const tr = g.page.trailer;
  page[t + tr.ptype] = ptype;
  page[t + tr.ptypeRepeat] = ptype;
  put16(page, t + tr.wSig, signed ? signature(ib, bid) : 0);
  putId(page, t + tr.bid, bid, g.idSize);
  put32(page, t + tr.dwCRC, crcPst(page, 0, t));
}

/** Writes a BTPAGE's count fields [MS-PST §2.2.2.7.7]. */
export function putBtPageCounts(g: Geometry, page: Uint8Array, cEnt: number, cEntMax: number, cbEnt: number, cLevel: number): void {
  const b = g.btPage;
  if (b.countSize === 1) {
    page[b.cEnt] = cEnt;
    page[b.cEntMax] = cEntMax;
  } else {
    put16(page, b.cEnt, cEnt);
    put16(page, b.cEntMax, cEntMax);
  }
  page[b.cbEnt] = cbEnt;
  page[b.cLevel] = cLevel;
}
