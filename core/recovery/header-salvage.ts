import { u16 } from '../ndb/bytes.js';
import { blockPayload } from '../ndb/block.js';
import { CRYPT_METHOD, type Encoding } from '../ndb/encoding.js';
import { blockTotalSize, CLIENT_OST, CLIENT_PST, GEOMETRIES, HEADER_MAGIC, type Geometry } from '../ndb/geometry.js';
import { HEADER_READ_SIZE, parseHeader, type Header } from '../ndb/header.js';
import { isInternalBid } from '../ndb/ids.js';
import { HN_SIGNATURE } from '../ltp/hid.js';
import type { FileSource } from '../ndb/source.js';
import { RescueError } from '../errors.js';
import type { RunControl } from '../model.js';
import { headerFindings, type FindingSink } from './findings.js';
import { scanFile, type ScanResult } from './scan.js';

/** How much of the file is sampled to tell the variant when the header cannot say. */
const SAMPLE_BYTES = 16 * 1024 * 1024;
/** External blocks decoded to tell the encoding when the header cannot say. */
const ENCODING_SAMPLE = 64;

/**
 * The file's header, or one rebuilt from the file's structure when the header is broken. CRC
 * mismatches are reported and the header is used as it is; a header that cannot be parsed at all
 * (bad magic, zeroed, unknown version) is replaced by one whose variant is the one under which the
 * most sound B-tree pages appear, and whose encoding is the one that makes data blocks look like
 * heaps. Its ROOT is left empty, so the deep scan infers the index roots too.
 */
export async function salvageHeader(src: FileSource, name: string, report: FindingSink, control: RunControl | undefined): Promise<Header> {
  const bytes = src.readClipped(0, HEADER_READ_SIZE);
  const parsed = parseHeader(bytes);
  if (typeof parsed !== 'string') {
    for (const f of headerFindings(parsed, src.size)) report(f);
    if (parsed.encoding === undefined) {
      throw new RescueError('unsupported', `"${name}" is encrypted with method 0x${parsed.cryptMethod.toString(16)}, which cannot be decoded without the owner's keys.`);
    }
    return parsed;
  }
  report({ area: 'header', offset: 0, object: 'header', problem: `header cannot be parsed (${parsed}); variant inferred from page and block structure` });
  // A header with only its magic damaged still knows the rest: try it with the magic restored.
  const patched = Buffer.from(bytes);
  if (patched.length >= 4) patched.writeUInt32LE(HEADER_MAGIC, 0);
  const retry = parseHeader(patched);
  const sample = await bestSample(src, control);
  if (!sample) {
    throw new RescueError('not-outlook', `"${name}" has no readable Outlook header and no Outlook index pages were found in it: it is not an Outlook data file, or nothing of it survives.`);
  }
  const g = sample.geometry;
  if (typeof retry !== 'string' && retry.geometry === g && retry.encoding !== undefined) return retry;
  const encoding = inferEncoding(g, src, sample.scan);
  const clientMagic = bytes.length >= 10 ? u16(bytes, 8) : 0;
  const client = clientMagic === CLIENT_OST || (clientMagic !== CLIENT_PST && g.id === 'unicode4k') ? 'ost' : 'pst';
  return {
    geometry: g,
    client,
    wVer: g.wVer[0]!,
    wVerClient: client === 'ost' ? 12 : 19,
    encoding,
    cryptMethod: CRYPT_METHOD[encoding],
    bidNextB: 0,
    bidNextP: 0,
    dwUnique: 0,
    rgnid: new Array<number>(32).fill(0),
    root: { ibFileEof: src.size, ibAMapLast: 0, cbAMapFree: 0, cbPMapFree: 0, nbt: { bid: 0, ib: 0 }, bbt: { bid: 0, ib: 0 }, fAMapValid: 0 },
    crcPartialOk: false,
    crcFullOk: g.header.crcFull ? false : null,
  };
}

/** The variant under which the most sound B-tree pages appear in a sample (the whole file if the sample has none). */
async function bestSample(src: FileSource, control: RunControl | undefined): Promise<{ geometry: Geometry; scan: ScanResult } | null> {
  for (const to of [SAMPLE_BYTES, src.size]) {
    let best: { geometry: Geometry; scan: ScanResult } | null = null;
    for (const g of GEOMETRIES) {
      // The encoding only matters for inflating compressed blocks, which are stored unencoded in practice.
      const scan = await scanFile(g, src, 'none', control, { from: 0, to });
      if (scan.pages.length > 0 && (!best || scan.pages.length > best.scan.pages.length)) best = { geometry: g, scan };
    }
    if (best || to >= src.size) return best;
  }
  return null;
}

/** The encoding under which the most sampled external blocks start like a heap (signature 0xEC at byte 2). */
function inferEncoding(g: Geometry, src: FileSource, scan: ScanResult): Encoding {
  const votes: Record<Encoding, number> = { none: 0, permute: 0, cyclic: 0 };
  let sampled = 0;
  for (let i = 0; i < scan.blocks.length && sampled < ENCODING_SAMPLE; i++) {
    const bid = scan.blocks.bid.get(i);
    if (isInternalBid(bid)) continue;
    sampled++;
    const entry = { bid, ib: scan.blocks.ib.get(i), cb: scan.blocks.cb.get(i), cbInflated: scan.blocks.cbInflated.get(i), cRef: 1 };
    const raw = src.read(entry.ib, blockTotalSize(g, entry.cb));
    for (const enc of Object.keys(votes) as Encoding[]) {
      try {
        if (blockPayload(g, raw, entry, enc)[2] === HN_SIGNATURE) votes[enc]++;
      } catch {
        // Not decodable this way: no vote.
      }
    }
  }
  return (Object.keys(votes) as Encoding[]).reduce((a, b) => (votes[b] > votes[a] ? b : a), 'none');
}
