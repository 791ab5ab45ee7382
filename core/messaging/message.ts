import { u32 } from '../ndb/bytes.js';
import { errorText, offsetOf } from '../errors.js';
import { LtpNode } from '../ltp/node.js';
import { PropertyContext } from '../ltp/pc.js';
import { TableContext } from '../ltp/tc.js';
import { PropType } from '../ltp/proptypes.js';
import type { NodeDatabase } from '../ndb/database.js';
import { Nid } from '../ndb/ids.js';
import { describeGap, type DataGap } from '../ndb/salvage.js';
import type { AttachmentObject, LostValue, MessageObject, PartialValue, RawProp, ReadProblem } from './objects.js';
import { P, propertyName } from './props.js';

/** Embedded messages nest; a file that nests deeper than this is corrupt or hostile. */
const MAX_EMBED_DEPTH = 16;
/** Attachment method for an embedded message [MS-OXCMSG §2.2.2.9]. */
export const ATTACH_EMBEDDED_MSG = 5;


/** What to read of a message: everything, or all but attachment contents (to show it). */
export interface ReadOptions {
  /**
   * Whether attachments' by-value data is read; 'stream' leaves the data of the message's own
   * attachments in the file, as each one's `dataStream` (to copy a message without holding its
   * attachments whole), and reads the rest of it, embedded messages' attachments included.
   */
  attachmentData: boolean | 'stream';
  /**
   * Properties of the message itself not to read: those of a message carved from a loose block
   * whose values live in the subnodes it lost (recovery/carve.ts says so once, instead of a problem per value).
   */
  skipProperty?: (id: number) => boolean;
}

const EVERYTHING: ReadOptions = { attachmentData: true };

/**
 * Reads a message (or an embedded message, given its LTP node) into the lossless object graph.
 * A damaged part costs only that part: each failure is recorded in `problems` and reading goes on.
 */
export function readMessageNode(node: LtpNode, sourceNid: number, opts: ReadOptions = EVERYTHING, depth = 0): MessageObject {
  const problems: ReadProblem[] = [];
  const partial: PartialValue[] = [];
  const pc = new PropertyContext(node);
  const skip = depth === 0 ? opts.skipProperty : undefined;
  const props = pc.all((id, e) => problems.push(lostValue({ property: id, attachment: null }, e)), skip, keepPartial(partial, null));
  const recipients: RawProp[][] = [];
  if (node.hasChild(Nid.RECIPIENT_TABLE)) {
    try {
      const tc = new TableContext(node.child(Nid.RECIPIENT_TABLE));
      for (let r = 0; r < tc.rowCount; r++) recipients.push(rowProps(tc, r, problems));
    } catch (e) {
      problems.push(readProblem('recipients', e));
    }
  }
  const attachments: AttachmentObject[] = [];
  if (node.hasChild(Nid.ATTACHMENT_TABLE)) {
    let tc: TableContext | null = null;
    try {
      tc = new TableContext(node.child(Nid.ATTACHMENT_TABLE));
    } catch (e) {
      problems.push(readProblem('attachment table', e));
    }
    for (let r = 0; tc && r < tc.rowCount; r++) {
      try {
        attachments.push(readAttachment(node.child(tc.rowId(r)), r, opts, depth, problems, partial));
      } catch (e) {
        problems.push(readProblem(`attachment ${r}`, e));
      }
    }
  }
  // Streamed attachments add to `partial` as they are streamed.
  const keep = partial.length > 0 || attachments.some((a) => a.dataStream);
  return keep ? { sourceNid, props, recipients, attachments, problems, partial } : { sourceNid, props, recipients, attachments, problems };
}

/** PropertyContext.all's report of a value kept in part, recorded as one of the message's partial values. */
function keepPartial(partial: PartialValue[], attachment: number | null): (id: number, gaps: DataGap[], zeroFilled: boolean) => void {
  return (property, gaps, zeroFilled) => partial.push({ property, attachment, zeroFilled, gaps });
}

/**
 * Which value, in problem texts: its tag for tools and its name, where known, for a person ("property 0x1000
 * (PidTagBody)", "attachment 2 property 0x3701 (PidTagAttachDataBinary)").
 */
function valueName(v: LostValue): string {
  const name = propertyName(v.property);
  return `${v.attachment === null ? '' : `attachment ${v.attachment} `}property 0x${v.property.toString(16)}${name ? ` (${name})` : ''}`;
}

/** A value that could not be read at all, as a problem of the item. */
function lostValue(lost: LostValue, e: unknown): ReadProblem {
  return { ...readProblem(valueName(lost), e), lost };
}

/** One sentence per stretch a message's values lost, with the file offset of the block that held it. */
export function partialLosses(msg: MessageObject): Array<{ offset: number | null; text: string }> {
  return (msg.partial ?? []).flatMap((p) => {
    const kept = p.zeroFilled ? 'kept at its full length with the lost bytes zeroed' : 'kept without the lost text';
    return p.gaps.map((g) => ({ offset: g.offset, text: `${valueName(p)} ${kept}: lost ${describeGap(g)}` }));
  });
}

export function readMessage(db: NodeDatabase, nid: number, opts: ReadOptions = EVERYTHING): MessageObject {
  return readMessageNode(LtpNode.fromNid(db, nid), nid, opts);
}

const isAttachmentBytes = (id: number, type: number) => id === P.AttachDataBinary && type === PropType.Binary;

function readAttachment(node: LtpNode, index: number, opts: ReadOptions, depth: number, problems: ReadProblem[], partial: PartialValue[]): AttachmentObject {
  const pc = new PropertyContext(node);
  const stream = opts.attachmentData === 'stream' && depth === 0;
  const props = pc.all(
    (id, e) => problems.push(lostValue({ property: id, attachment: index }, e)),
    opts.attachmentData === true || (opts.attachmentData === 'stream' && !stream) ? undefined : isAttachmentBytes,
    keepPartial(partial, index),
  );
  const hnid = stream && pc.typeOf(P.AttachDataBinary) === PropType.Binary ? pc.hnidOf(P.AttachDataBinary) : undefined;
  const dataStream = hnid === undefined ? undefined : streamOf(node, hnid, index, problems, partial);
  const method = props.find((p) => p.id === P.AttachMethod);
  const data = props.find((p) => p.id === P.AttachDataBinary && p.type === PropType.Object);
  let embedded: MessageObject | null = null;
  if (method && u32(method.data, 0) === ATTACH_EMBEDDED_MSG && data && data.data.length >= 4) {
    if (depth >= MAX_EMBED_DEPTH) problems.push({ text: `embedded messages nest deeper than ${MAX_EMBED_DEPTH}; the rest is skipped`, offset: null });
    else {
      const nid = u32(data.data, 0);
      try {
        embedded = readMessageNode(node.child(nid), nid, opts, depth + 1);
      } catch (e) {
        problems.push(readProblem('embedded message', e));
      }
    }
  }
  return dataStream ? { row: index, props, embedded, dataStream } : { row: index, props, embedded };
}

/**
 * An attachment's data left in the file (ReadOptions.attachmentData 'stream'). What cannot be read of it
 * is found only as it is streamed, and is then added to the message's problems and partial values, as
 * reading it whole would have: a lost block comes as zeros of its size, a lost value as no bytes at all.
 * Streamed again, it reports nothing more.
 */
function streamOf(node: LtpNode, hnid: number, index: number, problems: ReadProblem[], partial: PartialValue[]): () => Iterable<Uint8Array> {
  const value = { property: P.AttachDataBinary, attachment: index };
  let reported = false;
  return function* () {
    const gaps: DataGap[] = [];
    try {
      yield* node.valueChunks(hnid, (gap) => gaps.push(gap));
    } catch (e) {
      // Only a lost root throws, and before the first chunk.
      if (!reported) problems.push(lostValue(value, e));
    }
    if (!reported && gaps.length > 0) partial.push({ ...value, zeroFilled: true, gaps });
    reported = true;
  };
}

/** Takes a data stream to its end and keeps nothing: what cannot be read of it is reported as streamOf() says. */
export function drain(chunks: Iterable<Uint8Array>): void {
  for (const chunk of chunks) void chunk;
}

/**
 * An attachment's by-value bytes, block by block, without holding them whole: a 25 MB attachment is
 * saved or hashed in 64 KiB steps, each valid until the next is taken. Yields nothing for attachments
 * that hold no data by value. A block that cannot be read comes as zeros of its size, reported through
 * `onGap`. Undefined when the message has no attachment `index`: the attachment is found before any
 * byte is asked for, so a wrong index is told apart at once, without reading the table a second time.
 */
export function attachmentChunks(db: NodeDatabase, nid: number, index: number, onGap: (gap: DataGap) => void): Iterable<Uint8Array> | undefined {
  const node = LtpNode.fromNid(db, nid);
  if (!node.hasChild(Nid.ATTACHMENT_TABLE)) return undefined;
  const tc = new TableContext(node.child(Nid.ATTACHMENT_TABLE));
  if (!Number.isInteger(index) || index < 0 || index >= tc.rowCount) return undefined;
  const att = node.child(tc.rowId(index));
  const pc = new PropertyContext(att);
  const hnid = pc.hnidOf(P.AttachDataBinary);
  return hnid === undefined || pc.typeOf(P.AttachDataBinary) !== PropType.Binary ? [] : att.valueChunks(hnid, onGap);
}

/** A table row as properties (for recipient rows, which exist only as table rows). */
export function rowProps(tc: TableContext, r: number, problems: ReadProblem[]): RawProp[] {
  const row = tc.row(r);
  const out: RawProp[] = [];
  for (const c of tc.columns) {
    try {
      const v = tc.cell(row, c);
      if (v !== undefined) out.push({ id: c.id, type: c.type, data: v });
    } catch (e) {
      problems.push(readProblem(`row ${r} column 0x${c.tag.toString(16)}`, e));
    }
  }
  return out;
}

/** What could not be read, as a problem of the item: the part, the reader's reason, and the offset it names. */
function readProblem(what: string, e: unknown): ReadProblem {
  return { text: `${what}: ${errorText(e)}`, offset: offsetOf(e) };
}
