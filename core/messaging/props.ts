import { decode8bit } from './codepages.js';
import { u16, u32 } from '../ndb/bytes.js';
import { fixedSize, isMultiValued, PropType } from '../ltp/proptypes.js';
import type { PropertyJson } from '../model.js';
import type { RawProp } from './objects.js';
import { formatGuid, PSETID_ADDRESS, PSETID_APPOINTMENT, PSETID_COMMON, PSETID_TASK } from './guid.js';

/** Property ids the messaging layer reads by name [MS-OXPROPS]. */
export const P = {
  Importance: 0x0017,
  MessageClass: 0x001a,
  Subject: 0x0037,
  ClientSubmitTime: 0x0039,
  SentRepresentingName: 0x0042,
  SentRepresentingEmailAddress: 0x0065,
  ConversationTopic: 0x0070,
  TransportMessageHeaders: 0x007d,
  RecipientType: 0x0c15,
  SenderName: 0x0c1a,
  SenderAddressType: 0x0c1e,
  SenderEmailAddress: 0x0c1f,
  DisplayBcc: 0x0e02,
  DisplayCc: 0x0e03,
  DisplayTo: 0x0e04,
  MessageDeliveryTime: 0x0e06,
  MessageFlags: 0x0e07,
  MessageSize: 0x0e08,
  AttachSize: 0x0e20,
  Body: 0x1000,
  RtfCompressed: 0x1009,
  Html: 0x1013,
  InternetMessageId: 0x1035,
  SearchKey: 0x300b,
  DisplayName: 0x3001,
  AddressType: 0x3002,
  EmailAddress: 0x3003,
  CreationTime: 0x3007,
  LastModificationTime: 0x3008,
  ContentCount: 0x3602,
  ContentUnreadCount: 0x3603,
  Subfolders: 0x360a,
  ContainerClass: 0x3613,
  AttachDataBinary: 0x3701,
  AttachFilename: 0x3704,
  AttachMethod: 0x3705,
  AttachLongFilename: 0x3707,
  AttachMimeTag: 0x370e,
  AttachContentId: 0x3712,
  SmtpAddress: 0x39fe,
  InternetCodepage: 0x3fde,
  SenderSmtpAddress: 0x5d01,
  AttachmentHidden: 0x7ffe,
  IpmSubtreeEntryId: 0x35e0,
} as const;

export const MSGFLAG_READ = 0x01;
export const MSGFLAG_HASATTACH = 0x10;
/** Set on folder-associated items (views, rules, forms): hidden settings, not mail [MS-OXCMSG §2.2.1.6]. */
export const MSGFLAG_ASSOCIATED = 0x40;

/** Canonical names for the tags a person is most likely to look for in `show`. */
const NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries({
    PidTagImportance: P.Importance,
    PidTagMessageClass: P.MessageClass,
    PidTagSensitivity: 0x0036,
    PidTagSubject: P.Subject,
    PidTagClientSubmitTime: P.ClientSubmitTime,
    PidTagSentRepresentingName: P.SentRepresentingName,
    PidTagSentRepresentingEmailAddress: P.SentRepresentingEmailAddress,
    PidTagSentRepresentingAddressType: 0x0064,
    PidTagConversationTopic: P.ConversationTopic,
    PidTagConversationIndex: 0x0071,
    PidTagTransportMessageHeaders: P.TransportMessageHeaders,
    PidTagRecipientType: P.RecipientType,
    PidTagSenderName: P.SenderName,
    PidTagSenderAddressType: P.SenderAddressType,
    PidTagSenderEmailAddress: P.SenderEmailAddress,
    PidTagSenderEntryId: 0x0c19,
    PidTagSenderSearchKey: 0x0c1d,
    PidTagDisplayBcc: P.DisplayBcc,
    PidTagDisplayCc: P.DisplayCc,
    PidTagDisplayTo: P.DisplayTo,
    PidTagMessageDeliveryTime: P.MessageDeliveryTime,
    PidTagMessageFlags: P.MessageFlags,
    PidTagMessageSize: P.MessageSize,
    PidTagMessageStatus: 0x0e17,
    PidTagAttachSize: P.AttachSize,
    PidTagHasAttachments: 0x0e1b,
    PidTagBody: P.Body,
    PidTagRtfCompressed: P.RtfCompressed,
    PidTagHtml: P.Html,
    PidTagInternetMessageId: P.InternetMessageId,
    PidTagInReplyToId: 0x1042,
    PidTagRecordKey: 0x0ff9,
    PidTagEntryId: 0x0fff,
    PidTagSearchKey: P.SearchKey,
    PidTagDisplayName: P.DisplayName,
    PidTagAddressType: P.AddressType,
    PidTagEmailAddress: P.EmailAddress,
    PidTagComment: 0x3004,
    PidTagCreationTime: P.CreationTime,
    PidTagLastModificationTime: P.LastModificationTime,
    PidTagContentCount: P.ContentCount,
    PidTagContentUnreadCount: P.ContentUnreadCount,
    PidTagSubfolders: P.Subfolders,
    PidTagContainerClass: P.ContainerClass,
    PidTagAttachDataBinary: P.AttachDataBinary,
    PidTagAttachExtension: 0x3703,
    PidTagAttachFilename: P.AttachFilename,
    PidTagAttachMethod: P.AttachMethod,
    PidTagAttachLongFilename: P.AttachLongFilename,
    PidTagRenderingPosition: 0x370b,
    PidTagAttachMimeTag: P.AttachMimeTag,
    PidTagAttachContentId: P.AttachContentId,
    PidTagSmtpAddress: P.SmtpAddress,
    PidTagDisplayType: 0x3900,
    PidTagInternetCodepage: P.InternetCodepage,
    PidTagMessageCodepage: 0x3ffd,
    PidTagSenderSmtpAddress: P.SenderSmtpAddress,
    PidTagAttachmentHidden: P.AttachmentHidden,
    PidTagIpmSubtreeEntryId: P.IpmSubtreeEntryId,
    PidTagGivenName: 0x3a06,
    PidTagSurname: 0x3a11,
    PidTagCompanyName: 0x3a16,
    PidTagTitle: 0x3a17,
    PidTagBusinessTelephoneNumber: 0x3a08,
    PidTagHomeTelephoneNumber: 0x3a09,
    PidTagMobileTelephoneNumber: 0x3a1c,
    PidTagStartDate: 0x0060,
    PidTagEndDate: 0x0061,
  }).map(([name, id]) => [id, name]),
);

/** Named properties worth naming in the reading pane: calendar, contact and task essentials [MS-OXPROPS]. */
const NAMED_LIDS: ReadonlyMap<string, string> = new Map([
  [`${PSETID_APPOINTMENT}:33293`, 'PidLidAppointmentStartWhole'],
  [`${PSETID_APPOINTMENT}:33294`, 'PidLidAppointmentEndWhole'],
  [`${PSETID_APPOINTMENT}:33288`, 'PidLidLocation'],
  [`${PSETID_APPOINTMENT}:33301`, 'PidLidAppointmentSubType'],
  [`${PSETID_APPOINTMENT}:33315`, 'PidLidRecurring'],
  [`${PSETID_APPOINTMENT}:33302`, 'PidLidAppointmentRecur'],
  [`${PSETID_APPOINTMENT}:33330`, 'PidLidClipStart'],
  [`${PSETID_TASK}:33029`, 'PidLidTaskDueDate'],
  [`${PSETID_TASK}:33028`, 'PidLidTaskStartDate'],
  [`${PSETID_TASK}:33025`, 'PidLidTaskStatus'],
  [`${PSETID_TASK}:33026`, 'PidLidPercentComplete'],
  [`${PSETID_TASK}:33052`, 'PidLidTaskComplete'],
  [`${PSETID_ADDRESS}:32899`, 'PidLidEmail1EmailAddress'],
  [`${PSETID_ADDRESS}:32896`, 'PidLidEmail1DisplayName'],
  [`${PSETID_ADDRESS}:32773`, 'PidLidFileUnder'],
  [`${PSETID_COMMON}:34070`, 'PidLidCommonStart'],
  [`${PSETID_COMMON}:34071`, 'PidLidCommonEnd'],
  [`${PSETID_COMMON}:34054`, 'PidLidReminderSet'],
]);

export function propertyName(id: number): string | undefined {
  return NAMES.get(id);
}

export function namedLidName(guid: string, lid: number): string | undefined {
  return NAMED_LIDS.get(`${guid}:${lid}`);
}

const TYPE_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(PropType).map(([k, v]) => [v, k]));

export function typeName(type: number): string {
  const base = TYPE_NAMES.get(type & ~PropType.MultipleFlag) ?? `0x${(type & ~PropType.MultipleFlag).toString(16).padStart(4, '0')}`;
  return isMultiValued(type) ? `Multiple${base}` : base;
}

/** Decodes a string property; 8-bit strings use the item's code page when it is known. */
export function decodeString(p: RawProp, codepage?: number): string {
  const text = p.type === PropType.String ? Buffer.from(p.data.buffer, p.data.byteOffset, p.data.length).toString('utf16le') : decode8bit(p.data, codepage);
  // Strings written by some clients keep a terminating NUL; it is never part of the value.
  return text.endsWith('\u0000') ? text.replace(/\u0000+$/, '') : text;
}

/** FILETIME (100 ns since 1601) to an ISO string, or null when out of JavaScript's range. */
export function filetimeToIso(data: Uint8Array): string | null {
  const lo = u32(data, 0);
  const hi = u32(data, 4);
  const ms = (hi * 0x100000000 + lo) / 10000 - 11644473600000;
  if (!Number.isFinite(ms) || ms < -8.64e15 || ms > 8.64e15 || (hi === 0 && lo === 0)) return null;
  return new Date(Math.round(ms)).toISOString();
}

function int64Text(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, 8).readBigInt64LE(0).toString();
}

function scalarJson(type: number, data: Uint8Array, codepage?: number): PropertyJson {
  // Made only for the numeric types below: most values of an item are strings and binaries.
  const view = () => new DataView(data.buffer, data.byteOffset, data.length);
  switch (type) {
    case PropType.Int16:
      return view().getInt16(0, true);
    case PropType.Int32:
    case PropType.ErrorCode:
      return view().getInt32(0, true);
    case PropType.Float32:
      return view().getFloat32(0, true);
    case PropType.Float64:
    case PropType.AppTime:
      return view().getFloat64(0, true);
    case PropType.Boolean:
      return data[0] !== 0;
    case PropType.Currency:
    case PropType.Int64:
      return int64Text(data);
    case PropType.SysTime:
      return filetimeToIso(data);
    case PropType.Guid:
      return formatGuid(data);
    case PropType.String:
    case PropType.String8:
      return decodeString({ id: 0, type, data }, codepage);
    default:
      return { binary: Buffer.from(data.buffer, data.byteOffset, data.length).toString('base64') };
  }
}

/** Splits a multi-valued value into its elements [MS-PST §2.3.3.4]. */
export function multiValues(p: RawProp): Uint8Array[] {
  const base = p.type & ~PropType.MultipleFlag;
  const size = fixedSize(base);
  const out: Uint8Array[] = [];
  if (size !== null) {
    for (let off = 0; off + size <= p.data.length; off += size) out.push(p.data.subarray(off, off + size));
    return out;
  }
  if (p.data.length < 4) return out;
  const count = u32(p.data, 0);
  if (4 + count * 4 > p.data.length) return out;
  for (let i = 0; i < count; i++) {
    const start = u32(p.data, 4 + i * 4);
    const end = i + 1 < count ? u32(p.data, 8 + i * 4) : p.data.length;
    if (start > end || end > p.data.length) break;
    out.push(p.data.subarray(start, end));
  }
  return out;
}

export function propertyJson(p: RawProp, codepage?: number): PropertyJson {
  if (isMultiValued(p.type)) {
    const base = p.type & ~PropType.MultipleFlag;
    return multiValues(p).map((v) => scalarJson(base, v, codepage));
  }
  return scalarJson(p.type, p.data, codepage);
}

export function int32Of(p: RawProp | undefined): number | undefined {
  if (!p || p.data.length < 2) return undefined;
  return p.data.length >= 4 ? u32(p.data, 0) | 0 : u16(p.data, 0);
}
