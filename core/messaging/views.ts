import { PropType, tagHex, tagOf } from '../ltp/proptypes.js';
import type { AttachmentInfo, ItemBody, ItemDetail, ItemSummary, PropertyView, Provenance, RecipientInfo } from '../model.js';
import type { MessageObject, NamedPropResolver, RawProp } from './objects.js';
import { ATTACH_EMBEDDED_MSG, partialLosses } from './message.js';
import { decode8bit } from './codepages.js';
import { decodeString, filetimeToIso, int32Of, MSGFLAG_HASATTACH, MSGFLAG_READ, namedLidName, P, propertyJson, propertyName, typeName } from './props.js';
import { decompressRtf, htmlFromRtf } from './rtf.js';
import { errorText } from '../errors.js';

/** Property lookup by id over whatever holds the properties (a PC or a MessageObject). */
export type PropGetter = (id: number) => RawProp | undefined;

export function getterOf(props: RawProp[]): PropGetter {
  const map = new Map<number, RawProp>();
  for (const p of props) map.set(p.id, p);
  return (id) => map.get(id);
}

function isString(p: RawProp | undefined): p is RawProp {
  return p !== undefined && (p.type === PropType.String || p.type === PropType.String8);
}

export function stringOf(get: PropGetter, id: number, codepage?: number): string {
  const p = get(id);
  return isString(p) ? decodeString(p, codepage) : '';
}

function timeOf(get: PropGetter, id: number): string | null {
  const p = get(id);
  return p && p.type === PropType.SysTime && p.data.length >= 8 ? filetimeToIso(p.data) : null;
}

function codepageOf(get: PropGetter): number | undefined {
  return int32Of(get(P.InternetCodepage)) ?? int32Of(get(0x3ffd));
}

/**
 * Subjects may begin with a prefix marker: U+0001 then a character giving the prefix length
 * [MS-PST §2.4.5 note; seen in pstsdk's sample1.pst]. The marker is not part of the subject.
 */
export function cleanSubject(s: string): string {
  return s.charCodeAt(0) === 1 && s.length >= 2 ? s.slice(2) : s;
}

export function summarize(get: PropGetter, id: number, folderId: number, source: Provenance): ItemSummary {
  const cp = codepageOf(get);
  const flags = int32Of(get(P.MessageFlags)) ?? 0;
  const importance = int32Of(get(P.Importance)) ?? 1;
  const senderAddrType = stringOf(get, P.SenderAddressType, cp);
  const senderEmail =
    senderAddrType === 'EX'
      ? stringOf(get, P.SenderSmtpAddress, cp) || stringOf(get, P.SenderEmailAddress, cp)
      : stringOf(get, P.SenderEmailAddress, cp) || stringOf(get, P.SentRepresentingEmailAddress, cp);
  return {
    id,
    folderId,
    messageClass: stringOf(get, P.MessageClass, cp) || 'IPM.Note',
    subject: cleanSubject(stringOf(get, P.Subject, cp)),
    senderName: stringOf(get, P.SenderName, cp) || stringOf(get, P.SentRepresentingName, cp),
    senderEmail,
    to: stringOf(get, P.DisplayTo, cp),
    date: timeOf(get, P.MessageDeliveryTime) ?? timeOf(get, P.ClientSubmitTime) ?? timeOf(get, P.LastModificationTime) ?? timeOf(get, P.CreationTime),
    size: int32Of(get(P.MessageSize)) ?? 0,
    read: (flags & MSGFLAG_READ) !== 0,
    hasAttachments: (flags & MSGFLAG_HASATTACH) !== 0,
    importance: importance === 0 ? 'low' : importance === 2 ? 'high' : 'normal',
    source,
  };
}

export function bodyOf(get: PropGetter, problems: string[]): ItemBody {
  const cp = codepageOf(get);
  const text = stringOf(get, P.Body, cp) || null;
  let html: string | null = null;
  const h = get(P.Html);
  if (h) html = h.type === PropType.Binary ? decode8bit(h.data, cp ?? 65001) : decodeString(h, cp);
  let rtf: string | null = null;
  const r = get(P.RtfCompressed);
  if (r && r.type === PropType.Binary) {
    try {
      rtf = decode8bit(decompressRtf(r.data), 1252);
      html ??= htmlFromRtf(rtf);
    } catch (e) {
      problems.push(`RTF body: ${errorText(e)}`);
    }
  }
  return { text, html, rtf };
}

/** A recipient's type (1 To, 2 Cc, 3 Bcc), without the resend flags its high bits may carry [MS-OXOMSG §2.2.3.1]. */
export function recipientType(get: PropGetter): number | undefined {
  const type = int32Of(get(P.RecipientType));
  return type === undefined ? undefined : type & 0x0f;
}

function recipientOf(props: RawProp[], cp?: number): RecipientInfo {
  const get = getterOf(props);
  const type = recipientType(get) ?? 1;
  const addressType = stringOf(get, P.AddressType, cp);
  const email = (addressType === 'EX' && stringOf(get, P.SmtpAddress, cp)) || stringOf(get, P.EmailAddress, cp) || stringOf(get, P.SmtpAddress, cp);
  return {
    type: (['other', 'to', 'cc', 'bcc'] as const)[type] ?? 'other',
    name: stringOf(get, P.DisplayName, cp),
    email,
    addressType,
  };
}

function attachmentInfo(props: RawProp[], index: number, cp?: number): AttachmentInfo {
  const get = getterOf(props);
  const method = int32Of(get(P.AttachMethod)) ?? 1;
  const data = get(P.AttachDataBinary);
  const size = data && data.type === PropType.Binary ? data.data.length : (int32Of(get(P.AttachSize)) ?? 0);
  return {
    index,
    filename: stringOf(get, P.AttachLongFilename, cp) || stringOf(get, P.AttachFilename, cp) || stringOf(get, P.DisplayName, cp) || `attachment-${index + 1}`,
    mimeType: stringOf(get, P.AttachMimeTag, cp) || null,
    size,
    method: method === 1 ? 'by-value' : method === ATTACH_EMBEDDED_MSG ? 'embedded' : method === 6 ? 'ole' : method >= 2 && method <= 4 ? 'reference' : 'other',
    contentId: stringOf(get, P.AttachContentId, cp) || null,
    hidden: (get(P.AttachmentHidden)?.data[0] ?? 0) !== 0,
  };
}

function propertyView(p: RawProp, resolve: NamedPropResolver, cp?: number): PropertyView {
  const tag = tagOf(p.id, p.type);
  let name = propertyName(p.id) ?? `0x${tagHex(tag)}`;
  let named: PropertyView['named'] = null;
  if (p.id >= 0x8000) {
    const key = resolve(p.id);
    if (key) {
      named = key;
      name = (key.lid !== null ? namedLidName(key.guid, key.lid) : undefined) ?? (key.name ?? `LID 0x${(key.lid ?? 0).toString(16)}`);
    }
  }
  return { tag: tagHex(tag), name, type: typeName(p.type), named, value: propertyJson(p, cp) };
}

/** Properties in tag order; a property context already yields them so, and then they are not sorted again. */
function byTag(props: RawProp[]): RawProp[] {
  for (let i = 1; i < props.length; i++) {
    if (tagOf(props[i - 1]!.id, props[i - 1]!.type) > tagOf(props[i]!.id, props[i]!.type)) {
      return [...props].sort((a, b) => tagOf(a.id, a.type) - tagOf(b.id, b.type));
    }
  }
  return props;
}

export function detailOf(msg: MessageObject, summary: ItemSummary, resolve: NamedPropResolver): ItemDetail {
  const get = getterOf(msg.props);
  const cp = codepageOf(get);
  const problems = [...msg.problems.map((p) => p.text), ...partialLosses(msg).map((l) => l.text)];
  const embedded: Record<number, ItemDetail> = {};
  msg.attachments.forEach((a, i) => {
    if (a.embedded) embedded[a.row ?? i] = detailOf(a.embedded, summarize(getterOf(a.embedded.props), a.embedded.sourceNid, summary.folderId, summary.source), resolve);
  });
  return {
    ...summary,
    hasAttachments: summary.hasAttachments || msg.attachments.length > 0,
    body: bodyOf(get, problems),
    recipients: msg.recipients.map((r) => recipientOf(r, cp)),
    attachments: msg.attachments.map((a, i) => attachmentInfo(a.props, a.row ?? i, cp)),
    embedded,
    properties: byTag(msg.props).map((p) => propertyView(p, resolve, cp)),
    problems,
    partial: msg.partial ?? [],
    lost: msg.problems.flatMap((p) => (p.lost ? [p.lost] : [])),
  };
}
