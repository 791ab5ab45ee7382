import { put16, put32, u16, u32 } from '../ndb/bytes.js';
import { NidType, nidType } from '../ndb/ids.js';
import { PropType } from '../ltp/proptypes.js';
import type { FolderObject, RawProp } from './objects.js';
import { nidFromEntryId, pstEntryId } from './entry-id.js';

/**
 * Folder entry ids in a new store. A source names its folders in properties (the special-folder
 * ids on the store, root and Inbox, the parent entry id) whose values are entry ids of the source:
 * PST entry ids {flags, store record key, NID} or Exchange long-term ids. Copied as they are they
 * point nowhere in the new file, so Outlook would not find the Calendar or the Junk folder. Each is
 * rewritten to the PST entry id of the folder it names in the new store, or dropped when that
 * folder was not written (issue 3; format.md §0).
 */

/** Properties holding one folder entry id [MS-OXPROPS; MS-OXOSFLD §2.2]. */
const SINGLE: ReadonlySet<number> = new Set([
  0x0e09, // PidTagParentEntryId
  0x35e0, 0x35e1, 0x35e2, 0x35e3, 0x35e4, 0x35e5, 0x35e6, 0x35e7, // store: IPM subtree, Inbox, Outbox, wastebasket, sent mail, views, common views, finder
  0x36d0, 0x36d1, 0x36d2, 0x36d3, 0x36d4, 0x36d5, 0x36d6, 0x36d7, // root/Inbox: Calendar, Contacts, Journal, Notes, Tasks, Reminders (online, offline), Drafts
]);
/** PtypMultipleBinary lists of folder entry ids whose positions carry meaning (which special folder). */
const MULTI: ReadonlySet<number> = new Set([
  0x36d8, // PidTagAdditionalRenEntryIds
  0x36e4, // PidTagFreeBusyEntryIds
]);
/** PidTagAdditionalRenEntryIdsEx: PersistData blocks holding entry-id elements [MS-OXOSFLD §2.2.4]. */
const PERSIST_IDS = 0x36d9;
const RSF_ELID_ENTRYID = 0x0001;

/** Exchange folder entry id: flags(4), provider(16), folder type(2), database GUID(16), global counter(6), pad(2) [MS-OXCDATA §2.2.4.1]. */
const EXCHANGE_FOLDER_ENTRY_ID_SIZE = 46;
const EXCHANGE_GC_AT = 38;
const GC_SIZE = 6;

/**
 * Where a source folder carries its own Exchange id: a FID (replica id(2), global counter(6)) in
 * PidTagFolderId, or in 0x67F4 as the OSTs of Outlook 2013+ store it (checked on pst-extractor's
 * OSTs: the counters of the Inbox's 0x36D0–0x36D7 match it), or PidTagSourceKey (GUID(16), counter(6)).
 */
const PID_FOLDER_ID = 0x6748;
const PID_OST_FOLDER_ID = 0x67f4;
const PID_SOURCE_KEY = 0x65e0;

function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
}

/** The global counter a source folder answers to, if it carries one. */
function globalCounter(props: readonly RawProp[]): string | null {
  for (const p of props) {
    if ((p.id === PID_FOLDER_ID || p.id === PID_OST_FOLDER_ID) && p.type === PropType.Int64 && p.data.length === 8) return hex(p.data.subarray(2));
    if (p.id === PID_SOURCE_KEY && p.type === PropType.Binary && p.data.length === 16 + GC_SIZE) return hex(p.data.subarray(16));
  }
  return null;
}

function allZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

export class FolderRefs {
  /** Source folder NID → new NID, for PST entry ids. */
  private readonly byNid = new Map<number, number>();
  /** Source global counter → new NID; null when two source folders claim it (then nothing resolves to it). */
  private readonly byCounter = new Map<string, number | null>();

  constructor(private readonly recordKey: Uint8Array) {}

  /** The PST entry id of a folder of this store. */
  entryId(nid: number): Uint8Array {
    return pstEntryId(this.recordKey, nid);
  }

  /** Records that entry ids naming this source folder now mean the folder `nid`. */
  learn(folder: Pick<FolderObject, 'props'> & { sourceNid?: number }, nid: number): void {
    if (folder.sourceNid) this.byNid.set(folder.sourceNid, nid);
    const gc = globalCounter(folder.props);
    if (gc !== null) this.byCounter.set(gc, this.byCounter.has(gc) && this.byCounter.get(gc) !== nid ? null : nid);
  }

  /** The new entry id for a source folder entry id, or null when its folder is not in this store. */
  resolve(id: Uint8Array): Uint8Array | null {
    if (id.length < 4 || !allZero(id.subarray(0, 4))) return null;
    let nid: number | null | undefined;
    const source = nidFromEntryId(id);
    if (source !== undefined) {
      const t = nidType(source);
      if (t === NidType.NORMAL_FOLDER || t === NidType.SEARCH_FOLDER) nid = this.byNid.get(source);
    } else if (id.length === EXCHANGE_FOLDER_ENTRY_ID_SIZE) {
      nid = this.byCounter.get(hex(id.subarray(EXCHANGE_GC_AT, EXCHANGE_GC_AT + GC_SIZE)));
    }
    return nid === undefined || nid === null ? null : this.entryId(nid);
  }

  /**
   * The properties with every folder entry id rewritten; a property whose folders are all gone is
   * dropped. In the lists (0x36D8, 0x36E4) a lost folder leaves an empty entry, so the others keep
   * their positions; in 0x36D9 its PersistData block goes.
   */
  rewrite<P extends RawProp>(props: readonly P[]): P[] {
    const out: P[] = [];
    for (const p of props) {
      let data: Uint8Array | null = p.data;
      if (SINGLE.has(p.id) && p.type === PropType.Binary) data = this.resolve(p.data);
      else if (MULTI.has(p.id) && p.type === (PropType.MultipleFlag | PropType.Binary)) data = this.rewriteList(p.data);
      else if (p.id === PERSIST_IDS && p.type === PropType.Binary) data = this.rewritePersist(p.data);
      if (data !== null) out.push(data === p.data ? p : { ...p, data });
    }
    return out;
  }

  /** PtypMultipleBinary in a PC: count(4), offsets(4 each), then the values [MS-PST §2.3.3.4]. */
  private rewriteList(data: Uint8Array): Uint8Array | null {
    if (data.length < 4) return null;
    const count = u32(data, 0);
    if (4 + 4 * count > data.length) return null;
    const values: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const start = u32(data, 4 + 4 * i);
      const end = i + 1 < count ? u32(data, 8 + 4 * i) : data.length;
      if (start > end || end > data.length) return null;
      const v = data.subarray(start, end);
      values.push(v.length === 0 ? v : (this.resolve(v) ?? new Uint8Array(0)));
    }
    if (values.every((v) => v.length === 0)) return null;
    const out = new Uint8Array(4 + 4 * count + values.reduce((s, v) => s + v.length, 0));
    put32(out, 0, count);
    let at = 4 + 4 * count;
    values.forEach((v, i) => {
      put32(out, 4 + 4 * i, at);
      out.set(v, at);
      at += v.length;
    });
    return out;
  }

  /** PersistData blocks: PersistID(2), DataElementsSize(2), elements {ElementID(2), size(2), data}; PersistID 0 ends. */
  private rewritePersist(data: Uint8Array): Uint8Array | null {
    const blocks: Uint8Array[] = [];
    let at = 0;
    let kept = 0;
    while (at + 4 <= data.length) {
      const persistId = u16(data, at);
      const size = u16(data, at + 2);
      if (persistId === 0 || at + 4 + size > data.length) break;
      const elements: Uint8Array[] = [];
      let ok = true;
      for (let e = at + 4; e + 4 <= at + 4 + size; ) {
        const elementId = u16(data, e);
        const len = u16(data, e + 2);
        let value = data.subarray(e + 4, e + 4 + len);
        if (elementId === RSF_ELID_ENTRYID) {
          const resolved = this.resolve(value);
          if (!resolved) ok = false;
          else value = resolved;
        }
        const el = new Uint8Array(4 + value.length);
        put16(el, 0, elementId);
        put16(el, 2, value.length);
        el.set(value, 4);
        elements.push(el);
        e += 4 + len;
      }
      at += 4 + size;
      if (!ok) continue;
      const body = elements.reduce((s, el) => s + el.length, 0);
      const block = new Uint8Array(4 + body);
      put16(block, 0, persistId);
      put16(block, 2, body);
      let o = 4;
      for (const el of elements) {
        block.set(el, o);
        o += el.length;
      }
      blocks.push(block);
      kept++;
    }
    if (kept === 0) return null;
    // The PERSIST_SENTINEL (PersistID 0, size 0) closes the list.
    const out = new Uint8Array(blocks.reduce((s, b) => s + b.length, 0) + 4);
    let o = 0;
    for (const b of blocks) {
      out.set(b, o);
      o += b.length;
    }
    return out;
  }
}
