/**
 * How what damaged blocks cost an item is told to a person: which of its fields were lost whole, and
 * for values kept in part, how much is missing and, for values kept at full length (attachments),
 * which bytes are blank. Block numbers and file offsets stay in the item's technical problem list.
 */

import type { DataGap, ItemDetail, LostValue, PartialValue } from '../../electron/contract.js';
import { bytes, count, plural } from './format.js';

/** PidTagAttachDataBinary: an attachment's contents. */
const ATTACH_DATA = 0x3701;

/** The message's own fields a reader knows by name: the ones shown in the reading pane, and the long values. */
const FIELD_NAMES: Record<number, string> = {
  0x0037: 'the subject',
  0x0042: "the sender's name",
  0x0c1a: "the sender's name",
  0x0065: "the sender's address",
  0x0c1f: "the sender's address",
  0x0e04: 'the To line',
  0x0e03: 'the Cc line',
  0x0039: 'the date sent',
  0x0e06: 'the date received',
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
  if (p.attachment === null) what = FIELD_NAMES[p.property] ?? 'one of its fields';
  else {
    const name = attachmentName(item, p.attachment);
    what = p.property === ATTACH_DATA ? name : `a detail of ${name}`;
  }
  const lost = bytes(lostBytes(p.gaps));
  // Text keeps only what could be read; other values keep their length with the lost bytes zeroed.
  return p.zeroFilled
    ? `${lost} of ${what} could not be recovered (${byteRanges(p.gaps)}) and are blank.`
    : `${lost} of ${what} could not be recovered and are missing from it.`;
}

function attachmentName(item: ItemDetail, index: number): string {
  return item.attachments.find((a) => a.index === index)?.filename || `attachment ${index + 1}`;
}

/** The properties an item's text can be in: plain, HTML, compressed RTF. */
const TEXT_PROPERTIES = new Set([0x1000, 0x1013, 0x1009]);

/** Whether one of the item's own text properties was lost whole. */
export function textLost(item: ItemDetail): boolean {
  return item.lost.some((l) => l.attachment === null && TEXT_PROPERTIES.has(l.property));
}

/** "a", "a and b", "a, b and c". */
function listText(parts: string[]): string {
  return parts.length <= 1 ? (parts[0] ?? '') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** One sentence for the message's own fields that were lost whole, and one per attachment that lost any. */
export function lostValueTexts(item: ItemDetail): string[] {
  const own = item.lost.filter((l) => l.attachment === null);
  const named = [...new Set(own.flatMap((l) => FIELD_NAMES[l.property] ?? []))];
  const others = own.filter((l) => FIELD_NAMES[l.property] === undefined).length;
  const fields = others > 0 ? [...named, named.length > 0 ? plural(others, 'other field') : plural(others, 'field')] : named;
  const texts = fields.length > 0 ? [`${capitalised(listText(fields))} could not be recovered.`] : [];
  const byAttachment = new Map<number, LostValue[]>();
  for (const l of item.lost) if (l.attachment !== null) byAttachment.set(l.attachment, [...(byAttachment.get(l.attachment) ?? []), l]);
  for (const [index, lost] of byAttachment) {
    const name = attachmentName(item, index);
    texts.push(lost.some((l) => l.property === ATTACH_DATA) ? `The contents of ${name} could not be recovered.` : `Some details of ${name} could not be recovered.`);
  }
  return texts;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
