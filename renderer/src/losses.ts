/**
 * How bytes lost to damaged blocks are told to a person: how much, which part of the item, and for
 * values kept at full length (attachments), which bytes are blank. Block numbers and file offsets
 * stay in the item's technical problem list.
 */

import type { DataGap, ItemDetail, PartialValue } from '../../electron/contract.js';
import { bytes, count, plural } from './format.js';

/** PidTagAttachDataBinary: an attachment's contents. */
const ATTACH_DATA = 0x3701;

/** The message's own values that can span several blocks, as a reader knows them. */
const PART_NAMES: Record<number, string> = {
  0x1000: 'the message text',
  0x1013: 'the HTML version of the message',
  0x1009: 'the formatted (RTF) version of the message',
  0x007d: 'the Internet headers',
};

/** At most this many byte ranges are spelled out; the rest are counted. */
const RANGES_SHOWN = 3;

function lostBytes(gaps: DataGap[]): number {
  return gaps.reduce((n, g) => n + g.length, 0);
}

/** "bytes 433,328–441,503", first byte to last, both counted from 0 as a hex editor shows them. */
function byteRanges(gaps: DataGap[]): string {
  const shown = gaps.slice(0, RANGES_SHOWN).map((g) => `${count(g.start)}–${count(g.start + g.length - 1)}`);
  const more = gaps.length - shown.length;
  return `bytes ${shown.join(', ')}${more > 0 ? ` and ${plural(more, 'other stretch', 'other stretches')}` : ''}`;
}

/** What a saved attachment holds: all of it, or how much and which bytes are blank. */
export function savedAttachmentText(filename: string, gaps: DataGap[]): string {
  if (gaps.length === 0) return `Saved ${filename}.`;
  return `Saved ${filename}. ${bytes(lostBytes(gaps))} of it could not be recovered (${byteRanges(gaps)}) and are blank in the saved file.`;
}

/** One value of the item that lost some of its bytes, named as the reading pane shows it. */
export function partialValueText(item: ItemDetail, p: PartialValue): string {
  let what: string;
  if (p.attachment === null) what = PART_NAMES[p.property] ?? 'one of its fields';
  else {
    const name = item.attachments[p.attachment]?.filename || `attachment ${p.attachment + 1}`;
    what = p.property === ATTACH_DATA ? name : `a detail of ${name}`;
  }
  const lost = bytes(lostBytes(p.gaps));
  // Text keeps only what could be read; other values keep their length with the lost bytes zeroed.
  return p.zeroFilled
    ? `${lost} of ${what} could not be recovered (${byteRanges(p.gaps)}) and are blank.`
    : `${lost} of ${what} could not be recovered and are missing from it.`;
}
