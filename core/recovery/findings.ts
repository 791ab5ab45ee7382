import { cutShort, type Header } from '../ndb/header.js';

/** Which part of the file a finding is about; the integrity report groups findings by it. */
export type FindingArea = 'header' | 'index-page' | 'block' | 'node' | 'folder' | 'item';

/** One inconsistency: where it is, what it belongs to, and what is wrong. Plain data (JSON safe). */
export interface Finding {
  area: FindingArea;
  /** File offset of the damaged structure, when known. */
  offset: number | null;
  /** The object concerned, e.g. "node 0x200024" or "NBT page". */
  object: string;
  problem: string;
}

/** One line per area, for a person reading the report. */
export const AREA_MEANING: Readonly<Record<FindingArea, string>> = {
  header: 'The file header (what kind of file this is and where its indexes start) is damaged; the variant and indexes were inferred instead.',
  'index-page': 'Pages of the node or block index are unreadable: whatever they listed had to be found by scanning.',
  block: 'Data blocks fail their checksum or do not decode: the data they held is lost, the rest of each item survives.',
  node: 'Index entries point at blocks or parents that do not exist (dangling ids).',
  folder: 'Folders whose properties or tables cannot be read, or whose counts disagree with their contents.',
  item: 'Items (or parts of items: properties, recipients, attachments) that cannot be read.',
};

export type FindingSink = (f: Finding) => void;

export function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/**
 * What a header that parses says is wrong with itself and with the file: CRCs that do not match, and a
 * file that ends before the end its ROOT gives (ibFileEof), which was cut short.
 */
export function headerFindings(h: Header, fileSize: number): Finding[] {
  const out: Finding[] = [];
  if (!h.crcPartialOk) out.push({ area: 'header', offset: 4, object: 'header', problem: 'partial header CRC (dwCRCPartial) does not match' });
  if (h.crcFullOk === false) out.push({ area: 'header', offset: h.geometry.header.crcFull!.offset, object: 'header', problem: 'full header CRC (dwCRCFull) does not match' });
  const cut = truncationFinding(h, fileSize);
  if (cut) out.push(cut);
  return out;
}

/** The finding for a file that ends before the end its ROOT gives (ibFileEof), or null: what lay past its end is lost. */
export function truncationFinding(h: Header, fileSize: number): Finding | null {
  const cut = cutShort(fileSize, h.root.ibFileEof);
  return cut ? { area: 'header', offset: fileSize, object: 'file', problem: `file is truncated: ${cut}` } : null;
}
