import { randomBytes } from 'node:crypto';
import { put32 } from '../ndb/bytes.js';
import { cellsFrom, int32, unicode } from './write-values.js';
import { NidType, Nid } from '../ndb/ids.js';
import type { NdbWriter, SubnodeRef } from '../ndb/write-ndb.js';
import { PropType } from '../ltp/proptypes.js';
import { buildPc, type LtpProp } from '../ltp/write-pc.js';
import { buildTc, TcLayout, TcRows } from '../ltp/write-tc.js';
import type { AttachmentObject, MessageObject, NamedPropResolver, RawProp } from './objects.js';
import { ATTACHMENT_COLUMNS, RECIPIENT_COLUMNS } from './write-templates.js';
import type { NameMapBuilder } from './write-namemap.js';
import { LocalNids, NodeSubnodes } from './write-node.js';

/**
 * Per-store and Exchange-only properties that must not be copied into a new PST (format.md §5):
 * entry ids and store keys of the source, Exchange ids, instance keys, and the LTP row columns
 * the writer computes itself.
 */
export const DROPPED_PROPS: ReadonlySet<number> = new Set([
  0x0fff, 0x0ffb, 0x0ffa, 0x340d, 0x674a, 0x6748, 0x0ff6, 0x67f1, 0x67f2, 0x67f3,
]);

const PID_MESSAGE_CLASS = 0x001a;
const PID_MESSAGE_FLAGS = 0x0e07;
const PID_MESSAGE_SIZE = 0x0e08;
const PID_MESSAGE_STATUS = 0x0e17;
const PID_CREATION_TIME = 0x3007;
const PID_LAST_MODIFICATION_TIME = 0x3008;
const PID_SEARCH_KEY = 0x300b;
const PID_ATTACH_SIZE = 0x0e20;
const PID_ATTACH_DATA_OBJECT = 0x3701;
const PID_ATTACH_METHOD = 0x3705;
const PID_RENDERING_POSITION = 0x370b;
const MSGFLAG_READ = 0x01;
const MSGFLAG_HASATTACH = 0x10;
const ATTACH_EMBEDDED_MSG = 5;
const ATTACH_BY_VALUE = 1;

/** Everything a message write needs from the store being written. */
export interface MessageSink {
  ndb: NdbWriter;
  names: NameMapBuilder;
}

/** A written message node: what goes into its NBT or SLENTRY, and its final properties. */
export interface WrittenMessage {
  bidData: number;
  bidSub: number;
  /** Size of the PC's data, for PtypObject references and PidTagMessageSize. */
  size: number;
  props: LtpProp[];
}

function readInt32(p: LtpProp | undefined): number | undefined {
  if (!p || p.data.length < 4) return undefined;
  return (p.data[0]! | (p.data[1]! << 8) | (p.data[2]! << 16) | (p.data[3]! << 24)) >>> 0;
}

/** FILETIME of now, 8 bytes little-endian (100 ns ticks since 1601). */
function fileTimeNow(): Uint8Array {
  const ticks = BigInt(Date.now()) * 10000n + 116444736000000000n;
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, ticks, true);
  return b;
}

/**
 * Copies properties into the new store: drops per-store ones, maps named ids (>= 0x8000) through
 * the new name map (a name the source cannot resolve is dropped: its number means nothing here).
 */
export function remapProps(props: readonly RawProp[], resolve: NamedPropResolver, names: NameMapBuilder): LtpProp[] {
  const out: LtpProp[] = [];
  for (const p of props) {
    if (DROPPED_PROPS.has(p.id)) continue;
    let id = p.id;
    if (id >= 0x8000) {
      const key = resolve(id);
      const npid = key ? names.npid(key) : null;
      if (npid === null) continue;
      id = npid;
    }
    out.push({ id, type: p.type, data: p.data });
  }
  return out;
}

function setProp(props: LtpProp[], id: number, type: number, data: Uint8Array): void {
  const i = props.findIndex((p) => p.id === id);
  if (i >= 0) props[i] = { id, type, data };
  else props.push({ id, type, data });
}

/**
 * Writes a message (top-level or embedded) with its recipient table, attachment table, attachment
 * objects and large values as subnodes [MS-PST §2.4.5–§2.4.6]. MSGFLAG_HASATTACH is set exactly
 * when attachments exist; the required properties get defaults when the source lacks them.
 */
export function writeMessage(sink: MessageSink, msg: MessageObject, resolve: NamedPropResolver, nids: LocalNids): WrittenMessage {
  const { ndb, names } = sink;
  const g = ndb.g;
  const subs = new NodeSubnodes(ndb, nids);
  const props = remapProps(msg.props, resolve, names);

  // Recipient table: rows carry every recipient property, so columns are the template's plus any
  // other tag a recipient has (a PST keeps recipients only in this table).
  const recipients = msg.recipients.map((r) => remapProps(r, resolve, names));
  const extra: number[] = [];
  // Keyed by the whole tag: an ANSI source's 8-bit display name (0x3001001E) needs its own column
  // beside the template's Unicode one, or its value would be lost.
  const seen = new Set<number>(RECIPIENT_COLUMNS);
  for (const r of recipients) {
    for (const p of r) {
      const tag = ((p.id << 16) | p.type) >>> 0;
      if (seen.has(tag)) continue;
      seen.add(tag);
      extra.push(tag);
    }
  }
  const recipientRows = new TcRows(new TcLayout([...RECIPIENT_COLUMNS, ...extra]));
  recipients.forEach((r, i) => recipientRows.add(i, i + 1, cellsFrom(r)));
  subs.add(writeSubTable(ndb, nids, Nid.RECIPIENT_TABLE, recipientRows));

  if (msg.attachments.length > 0) {
    const attachmentRows = new TcRows(new TcLayout(ATTACHMENT_COLUMNS));
    msg.attachments.forEach((a, i) => {
      const nid = nids.next(NidType.ATTACHMENT);
      const written = writeAttachment(sink, a, resolve, nids);
      subs.add({ nid, bidData: written.bidData, bidSub: written.bidSub });
      attachmentRows.add(nid, i + 1, cellsFrom(written.props));
    });
    subs.add(writeSubTable(ndb, nids, Nid.ATTACHMENT_TABLE, attachmentRows));
  }

  const flags = readInt32(props.find((p) => p.id === PID_MESSAGE_FLAGS && p.type === PropType.Int32)) ?? MSGFLAG_READ;
  const hasAttach = msg.attachments.length > 0;
  setProp(props, PID_MESSAGE_FLAGS, PropType.Int32, int32(hasAttach ? flags | MSGFLAG_HASATTACH : flags & ~MSGFLAG_HASATTACH));
  if (!props.some((p) => p.id === PID_MESSAGE_CLASS)) setProp(props, PID_MESSAGE_CLASS, PropType.String, unicode('IPM.Note'));
  if (!props.some((p) => p.id === PID_MESSAGE_STATUS)) setProp(props, PID_MESSAGE_STATUS, PropType.Int32, int32(0));
  const now = fileTimeNow();
  if (!props.some((p) => p.id === PID_CREATION_TIME)) setProp(props, PID_CREATION_TIME, PropType.SysTime, now);
  if (!props.some((p) => p.id === PID_LAST_MODIFICATION_TIME)) setProp(props, PID_LAST_MODIFICATION_TIME, PropType.SysTime, now);
  if (!props.some((p) => p.id === PID_SEARCH_KEY)) setProp(props, PID_SEARCH_KEY, PropType.Binary, randomBytes(16));
  if (!props.some((p) => p.id === PID_MESSAGE_SIZE)) {
    const approx = props.reduce((s, p) => s + p.data.length, 0) + msg.attachments.reduce((s, a) => s + a.props.reduce((t, p) => t + p.data.length, 0), 0);
    setProp(props, PID_MESSAGE_SIZE, PropType.Int32, int32(Math.min(approx, 0x7fffffff)));
  }

  const pages = buildPc(g, props, subs);
  const bidData = ndb.writeLeaves(pages);
  return { bidData, bidSub: subs.write(), size: pages.reduce((s, p) => s + p.length, 0), props };
}

/**
 * A table that is a subnode of the message (recipients, attachments). What the table keeps outside its
 * heap (a row matrix too large for a heap item, long cells) is in the table's own subnode tree, which its
 * entry in the message's tree names [MS-PST §2.3.4.4 hnidRows, §2.2.2.8.3.3.1 SLENTRY.bidSub]; readers
 * look for it there (libpff finds nothing elsewhere).
 */
function writeSubTable(ndb: NdbWriter, nids: LocalNids, nid: number, rows: TcRows): SubnodeRef {
  const subs = new NodeSubnodes(ndb, nids);
  const pages = buildTc(ndb.g, rows, subs);
  return { nid, bidData: ndb.writeLeaves(pages), bidSub: subs.write() };
}

/** An attachment object: its PC, and for embedded messages the message inside its own subnode tree. */
function writeAttachment(
  sink: MessageSink,
  a: AttachmentObject,
  resolve: NamedPropResolver,
  nids: LocalNids,
): { bidData: number; bidSub: number; props: LtpProp[] } {
  const { ndb, names } = sink;
  const subs = new NodeSubnodes(ndb, nids);
  const props = remapProps(a.props, resolve, names).filter((p) => !(p.id === PID_ATTACH_DATA_OBJECT && p.type === PropType.Object));
  // Data the reader left in the source (convert): written block by block as it is read back.
  if (a.dataStream) props.push({ id: PID_ATTACH_DATA_OBJECT, type: PropType.Binary, data: new Uint8Array(0), chunks: a.dataStream });
  if (a.embedded) {
    // PtypObject [MS-PST §2.3.3.5]: the value is {subnode NID, size} and the message lives in the
    // attachment's subnode tree under that NID (a NORMAL_MESSAGE NID, as Outlook numbers them).
    const nid = ndb.allocNid(NidType.NORMAL_MESSAGE);
    const inner = writeMessage(sink, a.embedded, resolve, nids);
    subs.add({ nid, bidData: inner.bidData, bidSub: inner.bidSub });
    const ref = new Uint8Array(8);
    put32(ref, 0, nid);
    put32(ref, 4, inner.size);
    setProp(props, PID_ATTACH_DATA_OBJECT, PropType.Object, ref);
    setProp(props, PID_ATTACH_METHOD, PropType.Int32, int32(ATTACH_EMBEDDED_MSG));
  }
  if (!props.some((p) => p.id === PID_ATTACH_SIZE)) {
    setProp(props, PID_ATTACH_SIZE, PropType.Int32, int32(props.reduce((s, p) => s + p.data.length, 0)));
  }
  // A damaged source can lose the method; readers need one to know what the attachment is, and
  // "by value" (1) is what an attachment holding plain data, or nothing, is [MS-OXCMSG §2.2.2.9].
  if (!props.some((p) => p.id === PID_ATTACH_METHOD)) setProp(props, PID_ATTACH_METHOD, PropType.Int32, int32(ATTACH_BY_VALUE));
  // A by-value attachment whose data was lost in the source still needs a data property: readers
  // (libpff) refuse an attachment without one. Empty data says what is known: nothing survived.
  const method = props.find((p) => p.id === PID_ATTACH_METHOD)!;
  if (method.data[0] === ATTACH_BY_VALUE && !props.some((p) => p.id === PID_ATTACH_DATA_OBJECT)) setProp(props, PID_ATTACH_DATA_OBJECT, PropType.Binary, new Uint8Array(0));
  if (!props.some((p) => p.id === PID_RENDERING_POSITION)) setProp(props, PID_RENDERING_POSITION, PropType.Int32, int32(0xffffffff));
  const pages = buildPc(ndb.g, props, subs);
  return { bidData: ndb.writeLeaves(pages), bidSub: subs.write(), props };
}
