import { crc32 } from 'node:zlib';
import type { AttachmentObject, MessageObject, RawProp } from './messaging/objects.js';
import { decodeString, P } from './messaging/props.js';
import { PropType } from './ltp/proptypes.js';
import { cleanSubject, getterOf, stringOf } from './messaging/views.js';

/**
 * What verification compares between a source item and its copy in the written PST: the subject,
 * the bodies (plain, HTML, compressed RTF bytes) and, per attachment, its size and bytes,
 * recursively for embedded messages, each folded to a CRC-32. Four numbers an item, so the
 * fingerprints of a mailbox of any size cost little next to the export itself.
 */
export interface Fingerprint {
  subject: number;
  bodies: number;
  attachmentCount: number;
  attachments: number;
}

// zlib's CRC takes a string as its UTF-8 bytes, which it encodes outside the JavaScript heap: a copy
// made here per body would be garbage the size of every body, twice over on a verified convert.
const text = (s: string) => crc32(s);

/** How a part's digest reads: its length in bytes and its CRC-32. */
const digestOf = (length: number, crc: number) => `${length}/${crc.toString(36)}`;

/**
 * Each part as its length and CRC-32: verification guards against the copy going wrong, not against
 * an adversary, and zlib's native CRC runs several times faster than a cryptographic hash over the
 * gigabytes of attachments a large mailbox holds. A CRC can also be carried over streamed chunks.
 */
function partDigest(p: Uint8Array | string | undefined): string {
  if (p === undefined) return '-';
  return typeof p === 'string' ? digestOf(Buffer.byteLength(p), crc32(p)) : chunkedDigest([p]);
}

function textOrBytes(props: RawProp[], id: number): Uint8Array | string | undefined {
  const p = props.find((q) => q.id === id);
  if (!p) return undefined;
  return p.type === PropType.String || p.type === PropType.String8 ? decodeString(p) : p.data;
}

function attachmentData(a: AttachmentObject): Uint8Array | undefined {
  return a.props.find((p) => p.id === P.AttachDataBinary && p.type === PropType.Binary)?.data;
}

/**
 * The fingerprint of a message read in full, or, with `streamedData`, of one read without its own
 * attachments' bytes, whose digests that function gives (both sides of a convert stream them).
 */
export function fingerprint(msg: MessageObject, streamedData?: (index: number) => string): Fingerprint {
  const get = getterOf(msg.props);
  const attachments = msg.attachments.map((a, i) => {
    // An embedded message's PtypObject value names a subnode, whose number differs in every file:
    // the message itself is compared instead.
    if (a.embedded) return `message:${JSON.stringify(fingerprint(a.embedded))}`;
    // Missing and empty data are the same to a reader (the writer stores lost data as empty).
    return streamedData ? streamedData(i) : partDigest(attachmentData(a) ?? new Uint8Array(0));
  });
  return {
    subject: text(cleanSubject(stringOf(get, P.Subject))),
    // Text is compared decoded, so an 8-bit string written back as Unicode still matches.
    bodies: text([stringOf(get, P.Body), textOrBytes(msg.props, P.Html), msg.props.find((p) => p.id === P.RtfCompressed)?.data].map(partDigest).join(',')),
    attachmentCount: attachments.length,
    attachments: text(attachments.join(',')),
  };
}

/**
 * The fingerprints of every exported item, with the output file and source id of each, packed six
 * 32-bit numbers to an item: verification needs them all at the end, and a mailbox of a million
 * items then costs 24 MB rather than two objects an item.
 */
export class FingerprintLog {
  private static readonly WIDTH = 6;
  private data = new Uint32Array(FingerprintLog.WIDTH * 256);
  private n = 0;

  push(file: number, sourceId: number, p: Fingerprint): void {
    const w = FingerprintLog.WIDTH;
    if ((this.n + 1) * w > this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set([file, sourceId, p.subject, p.bodies, p.attachmentCount, p.attachments], this.n * w);
    this.n++;
  }

  /** Positions of the entries written to output `file`, in the order they were written. */
  positions(file: number): Uint32Array {
    const w = FingerprintLog.WIDTH;
    let count = 0;
    for (let i = 0; i < this.n; i++) if (this.data[i * w] === file) count++;
    const out = new Uint32Array(count);
    for (let i = 0, k = 0; k < count; i++) if (this.data[i * w] === file) out[k++] = i;
    return out;
  }

  sourceId(pos: number): number {
    return this.data[pos * FingerprintLog.WIDTH + 1]!;
  }

  print(pos: number): Fingerprint {
    const at = pos * FingerprintLog.WIDTH;
    const d = this.data;
    return { subject: d[at + 2]!, bodies: d[at + 3]!, attachmentCount: d[at + 4]!, attachments: d[at + 5]! };
  }
}

/** The digest fingerprint() gives an attachment's bytes, taken of them chunk by chunk as they pass. */
export class ChunkDigest {
  private length = 0;
  private crc = 0;

  add(chunk: Uint8Array): void {
    this.length += chunk.length;
    this.crc = crc32(chunk, this.crc);
  }

  get value(): string {
    return digestOf(this.length, this.crc);
  }
}

/** The digest fingerprint() gives an attachment's bytes, from the bytes in chunks. */
export function chunkedDigest(chunks: Iterable<Uint8Array>): string {
  const digest = new ChunkDigest();
  for (const c of chunks) digest.add(c);
  return digest.value;
}

/** Differences between two fingerprints, as sentences for the report; empty when equal. */
export function compareFingerprints(want: Fingerprint, got: Fingerprint): string[] {
  const out: string[] = [];
  if (want.subject !== got.subject) out.push('subject differs');
  if (want.bodies !== got.bodies) out.push('body differs');
  if (want.attachmentCount !== got.attachmentCount) out.push(`${want.attachmentCount} attachments in the source, ${got.attachmentCount} written`);
  else if (want.attachments !== got.attachments) out.push('an attachment differs');
  return out;
}
