import { u16, u32 } from '../ndb/bytes.js';
import { withoutGaps, type DataGap } from '../ndb/salvage.js';
import type { RawProp } from '../messaging/objects.js';
import { FormatError } from '../errors.js';
import { forEachBthRecord, readBthHeader } from './bth.js';
import { HeapClient } from './hid.js';
import type { LtpNode } from './node.js';
import { fixedSize, isInlineInPc, PropType } from './proptypes.js';

interface PcEntry {
  type: number;
  /** The value itself for inline types, else an HNID. */
  hnid: number;
  /** The heap item holding the record, and where in it the record's 4-byte value field is. */
  records: Uint8Array;
  valueAt: number;
}

/**
 * A property context [MS-PST §2.3.3]: a BTH keyed by property id whose records hold the type and
 * either the value (fixed types up to 4 bytes) or an HNID naming it.
 */
export class PropertyContext {
  private readonly entries = new Map<number, PcEntry>();

  constructor(readonly node: LtpNode) {
    const heap = node.heap;
    if (heap.clientSig !== HeapClient.PC) throw new FormatError(`${node.label}: expected a property context, heap client is 0x${heap.clientSig.toString(16)}`);
    const header = readBthHeader(heap, heap.userRoot, node.label);
    if (header.cbKey !== 2 || header.cbEnt !== 6) throw new FormatError(`${node.label}: property context records are ${header.cbKey}/${header.cbEnt} bytes, not 2/6`);
    // Each record [MS-PST §2.3.3.3]: the 2-byte property id (the key), then its type and a 4-byte value or HNID.
    forEachBthRecord(heap, header, node.label, (item, offset) => {
      const valueAt = offset + 4;
      this.entries.set(u16(item, offset), { type: u16(item, offset + 2), hnid: u32(item, valueAt), records: item, valueAt });
    });
  }

  ids(): number[] {
    return [...this.entries.keys()];
  }

  has(id: number): boolean {
    return this.entries.has(id);
  }

  typeOf(id: number): number | undefined {
    return this.entries.get(id)?.type;
  }

  /** The raw value bytes of one property (see messaging/objects.ts), or undefined if absent. */
  get(id: number): RawProp | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    return { id, type: e.type, data: this.valueBytes(e) };
  }

  /** The HNID behind a non-inline value, for callers that stream large values. */
  hnidOf(id: number): number | undefined {
    const e = this.entries.get(id);
    return e && !isInlineInPc(e.type) ? e.hnid : undefined;
  }

  /**
   * Every property; values that cannot be read are reported through `onError` and skipped, and so
   * are those `skip` names (a caller that streams a large value later need not hold it now). With
   * `onPartial`, a value that lost some of its blocks is kept with what could be read (see
   * salvaged()) and its gaps are reported there instead.
   */
  all(onError: (id: number, e: unknown) => void, skip?: (id: number, type: number) => boolean, onPartial?: (id: number, gaps: DataGap[], zeroFilled: boolean) => void): RawProp[] {
    const out: RawProp[] = [];
    for (const [id, e] of this.entries) {
      if (skip?.(id, e.type)) continue;
      try {
        out.push({ id, type: e.type, data: this.valueBytes(e) });
      } catch (err) {
        const kept = onPartial ? this.salvaged(e) : null;
        if (!kept) onError(id, err);
        else {
          out.push({ id, type: e.type, data: kept.data });
          onPartial!(id, kept.gaps, kept.zeroFilled);
        }
      }
    }
    return out;
  }

  /**
   * What can be read of a variable-size value whose data tree lost blocks, or null. Text keeps its
   * readable parts, joined; any other value keeps its full length with the lost bytes zeroed, so the
   * bytes after a gap stay where they belong (an attachment's, or a multi-valued property's offsets).
   */
  private salvaged(e: PcEntry): { data: Uint8Array; gaps: DataGap[]; zeroFilled: boolean } | null {
    if (fixedSize(e.type) !== null) return null;
    let s;
    try {
      s = this.node.salvage(e.hnid);
    } catch {
      return null;
    }
    if (!s || s.gaps.length === 0) return null;
    const text = e.type === PropType.String || e.type === PropType.String8;
    return { data: text ? withoutGaps(s) : s.data, gaps: s.gaps, zeroFilled: !text };
  }

  private valueBytes(e: PcEntry): Uint8Array {
    // An inline value is a view of its record, as a heap-held one is a view of its heap item: a little-endian
    // value's first bytes are its value's bytes, and no buffer is made per property.
    if (isInlineInPc(e.type)) return e.records.subarray(e.valueAt, e.valueAt + fixedSize(e.type)!);
    const data = this.node.resolve(e.hnid);
    const size = fixedSize(e.type);
    if (size !== null && data.length < size) throw new FormatError(`${this.node.label}: fixed value of type 0x${e.type.toString(16)} is ${data.length} bytes`);
    return data;
  }
}
