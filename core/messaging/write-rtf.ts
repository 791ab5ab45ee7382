import { put32 } from '../ndb/bytes.js';
import { crcPst } from '../ndb/crc.js';
import { PREBUF } from './rtf.js';

/**
 * Compressed RTF writer [MS-OXRTFCP §2.1.3.1]: LZ77 runs ("LZFu") against the 4 KiB dictionary pre-loaded with
 * the spec's RTF prefix, ending with a reference to the write position. decompressRtf in rtf.ts reads it back.
 * Only the compressed form is written: libpff 20180714 rejects the spec's uncompressed "MELA" form, whose CRC
 * must be 0, with "mismatch in checksum".
 */
const MAGIC_COMPRESSED = 0x75465a4c;
const DICT = 4096;
const MAX_MATCH = 17;
/** Candidates looked at per position: enough for RTF's repetitive control words, cheap for long bodies. */
const MAX_CHAIN = 24;

/** The "LZFu" form. The CRC is the PST CRC (same table, seed 0, no inversion) over the bytes after the header. */
export function compressRtf(rtf: Uint8Array): Uint8Array {
  // History = prefix + input; history index h sits at dictionary offset h mod 4096.
  const history = new Uint8Array(PREBUF.length + rtf.length);
  for (let i = 0; i < PREBUF.length; i++) history[i] = PREBUF.charCodeAt(i);
  history.set(rtf, PREBUF.length);
  const head = new Int32Array(1 << 16).fill(-1);
  const prev = new Int32Array(history.length).fill(-1);
  const hash = (h: number) => ((history[h]! << 8) ^ history[h + 1]! ^ (history[h + 2]! << 4)) & 0xffff;
  const insert = (h: number) => {
    if (h + 2 >= history.length) return;
    const k = hash(h);
    prev[h] = head[k]!;
    head[k] = h;
  };
  for (let h = 0; h < PREBUF.length; h++) insert(h);

  const body: number[] = [];
  let controlAt = -1;
  let bit = 8;
  const token = (isRef: boolean) => {
    if (bit === 8) {
      controlAt = body.length;
      body.push(0);
      bit = 0;
    }
    if (isRef) body[controlAt]! |= 1 << bit;
    bit++;
  };
  let cur = PREBUF.length;
  while (cur < history.length) {
    let bestLen = 0;
    let bestAt = 0;
    const limit = Math.min(MAX_MATCH, history.length - cur);
    if (limit >= 3) {
      let cand = head[hash(cur)]!;
      for (let n = 0; cand >= 0 && n < MAX_CHAIN; n++, cand = prev[cand]!) {
        // The decoder copies one byte at a time while writing, so a run may overlap the write position but
        // must not read a dictionary byte the same copy has already overwritten.
        if (cur - cand + limit > DICT) break;
        let len = 0;
        while (len < limit && history[cand + len] === history[cur + len]) len++;
        if (len > bestLen) {
          bestLen = len;
          bestAt = cand;
          if (len === limit) break;
        }
      }
    }
    if (bestLen >= 2) {
      token(true);
      const ref = ((bestAt & 0xfff) << 4) | (bestLen - 2);
      body.push(ref >>> 8, ref & 0xff);
      for (let k = 0; k < bestLen; k++) insert(cur + k);
      cur += bestLen;
    } else {
      token(false);
      body.push(history[cur]!);
      insert(cur);
      cur++;
    }
  }
  // End marker: a reference to the dictionary's write position.
  token(true);
  const end = (cur & 0xfff) << 4;
  body.push(end >>> 8, end & 0xff);
  const data = Uint8Array.from(body);
  const out = new Uint8Array(16 + data.length);
  put32(out, 0, out.length - 4);
  put32(out, 4, rtf.length);
  put32(out, 8, MAGIC_COMPRESSED);
  put32(out, 12, crcPst(data));
  out.set(data, 16);
  return out;
}
