import { createHash } from 'node:crypto';
import type { MessageObject, RawProp } from './messaging/objects.js';
import { decodeString, P } from './messaging/props.js';
import { PropType } from './ltp/proptypes.js';
import { cleanSubject, getterOf, stringOf } from './messaging/views.js';

/**
 * What verification compares between a source item and its copy in the written PST: the subject,
 * a hash over the bodies (plain, HTML, compressed RTF bytes) and, per attachment, its size and a
 * hash of its bytes, recursively for embedded messages. Small enough to keep for every item of a
 * 100 000-item export.
 */
export interface Fingerprint {
  subject: string;
  bodies: string;
  attachments: string[];
}

function hashOf(parts: Array<Uint8Array | undefined>): string {
  const h = createHash('sha1');
  for (const p of parts) {
    const len = Buffer.alloc(4);
    len.writeUInt32LE(p ? p.length : 0xffffffff);
    h.update(len);
    if (p) h.update(p);
  }
  return h.digest('base64');
}

function valueOf(props: RawProp[], id: number): Uint8Array | undefined {
  return props.find((p) => p.id === id)?.data;
}

function textOrBytes(props: RawProp[], id: number): Uint8Array | undefined {
  const p = props.find((q) => q.id === id);
  if (!p) return undefined;
  return p.type === PropType.String || p.type === PropType.String8 ? Buffer.from(decodeString(p)) : p.data;
}

export function fingerprint(msg: MessageObject): Fingerprint {
  const get = getterOf(msg.props);
  return {
    subject: cleanSubject(stringOf(get, P.Subject)),
    // Text is compared decoded, so an 8-bit string written back as Unicode still matches.
    bodies: hashOf([Buffer.from(stringOf(get, P.Body)), textOrBytes(msg.props, P.Html), valueOf(msg.props, P.RtfCompressed)]),
    attachments: msg.attachments.map((a) => {
      // An embedded message's PtypObject value names a subnode, whose number differs in every file:
      // the message itself is compared instead.
      const data = a.props.find((p) => p.id === P.AttachDataBinary && p.type === PropType.Binary)?.data;
      const inner = a.embedded ? JSON.stringify(fingerprint(a.embedded)) : '';
      // Missing and empty data are the same to a reader (the writer stores lost data as empty).
      return `${data?.length ?? 0}:${hashOf([data ?? new Uint8Array(0), Buffer.from(inner)])}`;
    }),
  };
}

/** Differences between two fingerprints, as sentences for the report; empty when equal. */
export function compareFingerprints(want: Fingerprint, got: Fingerprint): string[] {
  const out: string[] = [];
  if (want.subject !== got.subject) out.push(`subject differs ("${want.subject}" / "${got.subject}")`);
  if (want.bodies !== got.bodies) out.push('body differs');
  if (want.attachments.length !== got.attachments.length) out.push(`${want.attachments.length} attachments in the source, ${got.attachments.length} written`);
  else want.attachments.forEach((a, i) => a !== got.attachments[i] && out.push(`attachment ${i} differs`));
  return out;
}
