/**
 * The lossless object graph that passes from the reader to the writer (convert, synth, recovery).
 * Property values travel as the raw bytes of their on-disk value encoding (MS-PST §2.3.3): fixed
 * types as their little-endian bytes, strings as UTF-16LE (0x001F) or 8-bit (0x001E) without a
 * terminator, binaries as-is, multi-valued types in the PC's MV layout. That keeps a copy exact
 * whatever the type, and lets the writer re-encode nothing it does not need to touch.
 */
import type { DataGap } from '../ndb/salvage.js';

export interface RawProp {
  /** Property id (high 16 bits of the tag). Named ids (>= 0x8000) refer to `names` of the owner. */
  id: number;
  /** Property type (low 16 bits of the tag), e.g. 0x001F. */
  type: number;
  data: Uint8Array;
}

/** A named property's identity: property set GUID (lower-case, dashed) and either a LID or a name. */
export interface NamedPropKey {
  guid: string;
  lid: number | null;
  name: string | null;
}

export interface AttachmentObject {
  /**
   * Its row in the source's attachment table, by which it is fetched again (its content streamed, saved):
   * when an earlier row cannot be read, it is no longer its position in `attachments`. Absent for
   * objects not read from a file, whose position is their row.
   */
  row?: number;
  props: RawProp[];
  /** The message inside, when PidTagAttachMethod is 5 (embedded message). */
  embedded: MessageObject | null;
  /**
   * The by-value data (PidTagAttachDataBinary), when it was left in the file to be streamed rather than
   * held in `props` (ReadOptions.attachmentData 'stream'): its bytes in order, each chunk valid until the
   * next is taken. Taking it again reads it again.
   */
  dataStream?: () => Iterable<Uint8Array>;
}

/** A part of an item that could not be read: what it was and why, and where in the file, when known. */
export interface ReadProblem {
  text: string;
  offset: number | null;
  /** The value lost, when the part was one property's value. */
  lost?: LostValue;
}

/** A property whose value could not be read at all: of the message itself (attachment null) or of one attachment. Plain data. */
export interface LostValue {
  property: number;
  attachment: number | null;
}

export interface MessageObject {
  /** The source NID, for reports; the writer assigns its own. */
  sourceNid: number;
  props: RawProp[];
  recipients: RawProp[][];
  attachments: AttachmentObject[];
  /** What could not be read; the message is still exported with the rest. */
  problems: ReadProblem[];
  /** Values kept with some of their blocks lost (absent when none was): exported with what was read. */
  partial?: PartialValue[];
}

/** A value of which some blocks could not be read, kept with the rest (messaging/message.ts). */
export interface PartialValue extends LostValue {
  /** Text keeps only its readable parts, joined; any other value keeps its length with the gaps zeroed. */
  zeroFilled: boolean;
  gaps: DataGap[];
}

export interface FolderObject {
  sourceNid: number;
  props: RawProp[];
}

/**
 * Named properties are file-local numbers; every producer passes a resolver so the consumer can
 * map an id >= 0x8000 to its (GUID, LID|name) identity and allocate its own number for it.
 */
export type NamedPropResolver = (id: number) => NamedPropKey | null;
