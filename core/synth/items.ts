import type { AttachmentObject, MessageObject, RawProp } from '../messaging/objects.js';
import { P } from '../messaging/props.js';
import { compressRtf } from '../messaging/write-rtf.js';
import { N } from './named.js';
import { weeklyRecurrenceBlob, seriesEndMs } from './recurrence.js';
import type { Rng } from './rng.js';
import { escapeHtml, LANGUAGES, paragraph, person, rtfDocument, type Language, type Person } from './text.js';
import { bin, bool, f64, i32, str, strings, time } from './values.js';

/** Tags the messaging layer has no name for in P, as MS-OXPROPS numbers them. */
const T = {
  SenderAddressType: 0x0c1e,
  SentRepresentingAddressType: 0x0064,
  DisplayBcc: 0x0e02,
  RtfInSync: 0x0e1f,
  StartDate: 0x0060,
  EndDate: 0x0061,
  AttachExtension: 0x3703,
  DisplayType: 0x3900,
  GivenName: 0x3a06,
  Surname: 0x3a11,
  CompanyName: 0x3a16,
  Title: 0x3a17,
  BusinessTelephoneNumber: 0x3a08,
  MobileTelephoneNumber: 0x3a1c,
  MessageCodepage: 0x3ffd,
} as const;

const MSGFLAG_READ = 0x01;
const MSGFLAG_UNSENT = 0x08;
const KB = 1024;
const MB = 1024 * KB;
/** Items are dated in the two years before this instant, so a seed always gives the same dates. */
const EPOCH_MS = Date.UTC(2024, 5, 30, 12, 0, 0);
const HOUR_MS = 3600000;

/** What every item builder draws on. */
export interface ItemContext {
  rng: Rng;
  owner: Person;
  /** Largest attachment an item may carry now (the size budget left, at most 25 MB). */
  maxAttachment: number;
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const CATEGORIES = ['Red category', 'Blue category', 'Projekt Ü', 'Важно', '重要'];

function when(rng: Rng): number {
  return EPOCH_MS - rng.int(0, 730 * 24) * HOUR_MS - rng.int(0, 3599) * 1000;
}

function searchKey(rng: Rng): RawProp {
  return bin(P.SearchKey, rng.bytes(16));
}

function stamped(ms: number): RawProp[] {
  return [time(P.CreationTime, ms), time(P.LastModificationTime, ms)];
}

function recipient(p: Person, type: 1 | 2 | 3): RawProp[] {
  return [
    i32(P.RecipientType, type),
    str(P.DisplayName, p.name),
    str(P.AddressType, 'SMTP'),
    str(P.EmailAddress, p.email),
    str(P.SmtpAddress, p.email),
    i32(T.DisplayType, 0),
  ];
}

interface Body {
  props: RawProp[];
}

/** One of the body forms Outlook stores: plain only, plain + HTML, plain + compressed RTF, HTML only. */
function body(rng: Rng, lang: Language, subject: string): Body {
  const paragraphs = Array.from({ length: rng.int(1, 5) }, () => paragraph(rng, lang));
  const text = paragraphs.join('\r\n\r\n');
  const form = rng.weighted([30, 40, 25, 5]);
  const props: RawProp[] = [];
  if (form !== 3) props.push(str(P.Body, text));
  if (form === 1 || form === 3) {
    const html = `<html><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>${paragraphs
      .map((p) => `<p>${escapeHtml(p)}</p>`)
      .join('\n')}</body></html>`;
    props.push(bin(P.Html, Buffer.from(html, 'utf8')));
  }
  if (form === 2) {
    const rtf = Buffer.from(rtfDocument(paragraphs), 'latin1');
    props.push(bin(P.RtfCompressed, compressRtf(rtf)), bool(T.RtfInSync, true));
  }
  return { props };
}

const BINARY_KINDS = [
  { ext: '.jpg', mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff, 0xe0] },
  { ext: '.pdf', mime: 'application/pdf', magic: [...Buffer.from('%PDF-1.7\n')] },
  { ext: '.zip', mime: 'application/zip', magic: [0x50, 0x4b, 0x03, 0x04] },
  { ext: '.mp4', mime: 'video/mp4', magic: [0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70] },
] as const;
const TEXT_KINDS = [
  { ext: '.txt', mime: 'text/plain' },
  { ext: '.csv', mime: 'text/csv' },
  { ext: '.ics', mime: 'text/calendar' },
] as const;
const FILE_STEMS = ['report', 'Angebot_2024', 'photo', 'счёт', '議事録', 'data export', 'scan 0001'];

/** Attachment bytes: binary kinds are incompressible (like the real thing), text kinds repeat sentences. */
export function fileAttachment(rng: Rng, size: number): AttachmentObject {
  const stem = rng.pick(FILE_STEMS);
  let data: Uint8Array;
  let ext: string;
  let mime: string;
  if (size > 64 * KB || rng.chance(0.6)) {
    const kind = rng.pick(BINARY_KINDS);
    data = rng.bytes(size);
    data.set(kind.magic.slice(0, size));
    ext = kind.ext;
    mime = kind.mime;
  } else {
    const kind = rng.pick(TEXT_KINDS);
    const lang = rng.pick(LANGUAGES);
    let s = '';
    while (Buffer.byteLength(s) < size) s += `${paragraph(rng, lang)}\r\n`;
    data = Buffer.from(s, 'utf8').subarray(0, size);
    ext = kind.ext;
    mime = kind.mime;
  }
  const name = `${stem}${ext}`;
  return {
    props: [
      i32(P.AttachMethod, 1),
      str(P.AttachLongFilename, name),
      str(P.AttachFilename, `FILE${rng.int(1, 999)}${ext.toUpperCase()}`),
      str(T.AttachExtension, ext),
      str(P.DisplayName, name),
      str(P.AttachMimeTag, mime),
      bin(P.AttachDataBinary, data),
      i32(P.AttachSize, data.length + 200),
    ],
    embedded: null,
  };
}

/** Attachment sizes from a few bytes to 2 MB, now and then up to 25 MB, never above the budget left. */
function attachmentSize(ctx: ItemContext): number {
  const { rng } = ctx;
  const size = rng.chance(0.015) ? rng.logUniform(2 * MB, 25 * MB) : rng.logUniform(8, 2 * MB);
  return Math.max(1, Math.min(size, ctx.maxAttachment));
}

function embeddedAttachment(ctx: ItemContext): AttachmentObject {
  const inner = mail({ ...ctx, maxAttachment: Math.min(ctx.maxAttachment, 256 * KB) }, 'received', false);
  const subject = new TextDecoder('utf-16le').decode(inner.props.find((p) => p.id === P.Subject)!.data);
  return { props: [i32(P.AttachMethod, 5), str(P.DisplayName, subject), i32(P.AttachSize, 0)], embedded: inner };
}

export type MailKind = 'received' | 'sent' | 'draft';

/** An e-mail: sender, 1–6 recipients, a body in one language, maybe categories, attachments and an embedded mail. */
export function mail(ctx: ItemContext, kind: MailKind, allowEmbedded = true): MessageObject {
  const { rng, owner } = ctx;
  const lang = rng.pick(LANGUAGES);
  const subject = `${rng.chance(0.3) ? 'RE: ' : ''}${rng.pick(lang.subjects)}`;
  const sent = when(rng);
  const from = kind === 'received' ? person(rng) : owner;
  const to = kind === 'received' ? [owner, ...Array.from({ length: rng.int(0, 2) }, () => person(rng))] : Array.from({ length: rng.int(1, 3) }, () => person(rng));
  const cc = rng.chance(0.3) ? Array.from({ length: rng.int(1, 2) }, () => person(rng)) : [];
  const bcc = kind !== 'received' && rng.chance(0.1) ? [person(rng)] : [];
  let flags = kind === 'received' ? (rng.chance(0.7) ? MSGFLAG_READ : 0) : MSGFLAG_READ;
  if (kind === 'draft') flags |= MSGFLAG_UNSENT;
  const props: RawProp[] = [
    str(P.MessageClass, 'IPM.Note'),
    str(P.Subject, subject),
    str(P.ConversationTopic, subject.replace(/^RE: /, '')),
    str(P.SenderName, from.name),
    str(P.SenderEmailAddress, from.email),
    str(T.SenderAddressType, 'SMTP'),
    str(P.SenderSmtpAddress, from.email),
    str(P.SentRepresentingName, from.name),
    str(P.SentRepresentingEmailAddress, from.email),
    str(T.SentRepresentingAddressType, 'SMTP'),
    str(P.DisplayTo, to.map((p) => p.name).join('; ')),
    str(P.DisplayCc, cc.map((p) => p.name).join('; ')),
    str(T.DisplayBcc, bcc.map((p) => p.name).join('; ')),
    i32(P.MessageFlags, flags),
    i32(P.Importance, rng.weighted([10, 80, 10])),
    i32(P.InternetCodepage, 65001),
    i32(T.MessageCodepage, lang.codepage),
    str(P.InternetMessageId, `<${rng.u32().toString(16)}.${rng.u32().toString(16)}@${from.email.split('@')[1]}>`),
    searchKey(rng),
    ...stamped(sent + 60000),
    ...body(rng, lang, subject).props,
  ];
  if (kind !== 'draft') props.push(time(P.ClientSubmitTime, sent), time(P.MessageDeliveryTime, sent + 60000));
  if (kind === 'received' && rng.chance(0.5)) {
    props.push(
      str(
        P.TransportMessageHeaders,
        `Received: from mail.${from.email.split('@')[1]} by mx.contoso.com\r\nFrom: ${from.email}\r\nTo: ${to.map((p) => p.email).join(', ')}\r\nSubject: =?utf-8?B?${Buffer.from(subject).toString('base64')}?=\r\nMIME-Version: 1.0\r\n`,
      ),
    );
  }
  if (rng.chance(0.15)) props.push(strings(N.Keywords, [rng.pick(CATEGORIES)]));
  const attachments: AttachmentObject[] = [];
  if (rng.chance(0.22)) for (let n = rng.int(1, 3); n > 0; n--) attachments.push(fileAttachment(rng, attachmentSize(ctx)));
  if (allowEmbedded && rng.chance(0.03)) attachments.push(embeddedAttachment(ctx));
  const recipients = [...to.map((p) => recipient(p, 1)), ...cc.map((p) => recipient(p, 2)), ...bcc.map((p) => recipient(p, 3))];
  return { sourceNid: 0, props, recipients, attachments, problems: [] };
}

/** A meeting or appointment with start/end/location, a quarter of them weekly series with a recurrence blob. */
export function appointment(ctx: ItemContext): MessageObject {
  const { rng, owner } = ctx;
  const lang = rng.pick(LANGUAGES);
  const start = Math.floor(when(rng) / (30 * 60000)) * 30 * 60000;
  const allDay = rng.chance(0.1);
  const end = start + (allDay ? 24 * HOUR_MS : rng.int(1, 6) * 30 * 60000);
  const subject = rng.pick(lang.subjects);
  const props: RawProp[] = [
    str(P.MessageClass, 'IPM.Appointment'),
    str(P.Subject, subject),
    str(P.SenderName, owner.name),
    str(P.SenderEmailAddress, owner.email),
    str(P.Body, paragraph(rng, lang)),
    i32(P.MessageFlags, MSGFLAG_READ),
    searchKey(rng),
    ...stamped(start - 7 * 24 * HOUR_MS),
    time(T.StartDate, start),
    time(T.EndDate, end),
    time(N.AppointmentStartWhole, start),
    time(N.AppointmentEndWhole, end),
    i32(N.AppointmentDuration, (end - start) / 60000),
    str(N.Location, rng.pick(['Room 4.12', 'Besprechungsraum Süd', 'Переговорная', '会議室A', 'Teams'])),
    i32(N.BusyStatus, rng.pick([0, 1, 2, 3])),
    bool(N.AppointmentSubType, allDay),
    bool(N.ReminderSet, true),
    i32(N.ReminderDelta, 15),
  ];
  if (rng.chance(0.25)) {
    const r = { startMs: start, endMs: end, occurrences: rng.int(2, 52) };
    props.push(
      bool(N.Recurring, true),
      bin(N.AppointmentRecur, weeklyRecurrenceBlob(r)),
      str(N.RecurrencePattern, `every ${WEEKDAYS[new Date(start).getUTCDay()]}, ${r.occurrences} times`),
      time(N.ClipStart, Math.floor(start / 86400000) * 86400000),
      time(N.ClipEnd, seriesEndMs(r)),
    );
  } else {
    props.push(bool(N.Recurring, false), time(N.ClipStart, start), time(N.ClipEnd, end));
  }
  return { sourceNid: 0, props, recipients: [], attachments: [], problems: [] };
}

export function contact(ctx: ItemContext): MessageObject {
  const { rng } = ctx;
  const p = person(rng);
  const [given, ...rest] = p.name.split(' ');
  const surname = rest.join(' ');
  const props: RawProp[] = [
    str(P.MessageClass, 'IPM.Contact'),
    str(P.Subject, p.name),
    str(P.DisplayName, p.name),
    str(T.GivenName, given!),
    str(T.Surname, surname),
    str(T.CompanyName, rng.pick(['Contoso Ltd.', 'Fabrikam GmbH', 'Northwind SARL', '株式会社アドベンチャー'])),
    str(T.Title, rng.pick(['Engineer', 'Geschäftsführerin', 'Менеджер', '部長'])),
    str(T.BusinessTelephoneNumber, `+49 30 ${rng.int(1000000, 9999999)}`),
    str(T.MobileTelephoneNumber, `+1 425 555 ${rng.int(1000, 9999)}`),
    str(N.FileUnder, `${surname}, ${given}`),
    str(N.Email1DisplayName, `${p.name} (${p.email})`),
    str(N.Email1AddressType, 'SMTP'),
    str(N.Email1EmailAddress, p.email),
    i32(P.MessageFlags, MSGFLAG_READ),
    searchKey(rng),
    ...stamped(when(rng)),
  ];
  return { sourceNid: 0, props, recipients: [], attachments: [], problems: [] };
}

export function task(ctx: ItemContext): MessageObject {
  const { rng } = ctx;
  const lang = rng.pick(LANGUAGES);
  const start = when(rng);
  const status = rng.pick([0, 1, 2]);
  const props: RawProp[] = [
    str(P.MessageClass, 'IPM.Task'),
    str(P.Subject, rng.pick(lang.subjects)),
    str(P.Body, paragraph(rng, lang)),
    time(N.TaskStartDate, start),
    time(N.TaskDueDate, start + rng.int(1, 30) * 24 * HOUR_MS),
    i32(N.TaskStatus, status),
    f64(N.PercentComplete, status === 2 ? 1 : status === 1 ? 0.5 : 0),
    bool(N.TaskComplete, status === 2),
    i32(P.MessageFlags, MSGFLAG_READ),
    searchKey(rng),
    ...stamped(start),
  ];
  return { sourceNid: 0, props, recipients: [], attachments: [], problems: [] };
}

export function note(ctx: ItemContext): MessageObject {
  const { rng } = ctx;
  const lang = rng.pick(LANGUAGES);
  const text = paragraph(rng, lang);
  const props: RawProp[] = [
    str(P.MessageClass, 'IPM.StickyNote'),
    str(P.Subject, text.split(/[.。!]/)[0]!.slice(0, 60)),
    str(P.Body, text),
    i32(N.NoteColor, rng.int(0, 4)),
    i32(P.MessageFlags, MSGFLAG_READ),
    searchKey(rng),
    ...stamped(when(rng)),
  ];
  return { sourceNid: 0, props, recipients: [], attachments: [], problems: [] };
}

export function journal(ctx: ItemContext): MessageObject {
  const { rng } = ctx;
  const start = when(rng);
  const minutes = rng.int(1, 90);
  const who = person(rng);
  const props: RawProp[] = [
    str(P.MessageClass, 'IPM.Activity'),
    str(P.Subject, `Phone call with ${who.name}`),
    str(P.Body, paragraph(rng, rng.pick(LANGUAGES))),
    str(N.LogType, 'Phone call'),
    time(N.LogStart, start),
    time(N.LogEnd, start + minutes * 60000),
    i32(N.LogDuration, minutes),
    i32(P.MessageFlags, MSGFLAG_READ),
    searchKey(rng),
    ...stamped(start),
  ];
  return { sourceNid: 0, props, recipients: [], attachments: [], problems: [] };
}
