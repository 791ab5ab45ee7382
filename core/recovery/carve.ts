import type { NodeDatabase } from '../ndb/database.js';
import { bidKey, isInternalBid, Nid } from '../ndb/ids.js';
import { isHid } from '../ltp/hid.js';
import { LtpNode } from '../ltp/node.js';
import { PropertyContext } from '../ltp/pc.js';
import { readMessage, readMessageNode, type ReadOptions } from '../messaging/message.js';
import type { MessageObject } from '../messaging/objects.js';
import { int32Of, MSGFLAG_ASSOCIATED, MSGFLAG_HASATTACH, P, propertyName } from '../messaging/props.js';
import { getterOf, recipientType, stringOf, type PropGetter } from '../messaging/views.js';
import type { RunControl } from '../model.js';
import type { CarveHints } from './carve-hints.js';
import { binarySearch, sortedOrder } from '../ndb/columns.js';
import { checkpoint } from './control.js';
import { hex } from './findings.js';
import type { RecoveredNodeIndex } from './indexes.js';

/** Classes of the items a person keeps (IPM.Note, IPM.Appointment…) and of reports about them (REPORT.IPM.Note.NDR). */
const ITEM_CLASS = /^(IPM|REPORT)(\.|$)/i;
/** Loose heaps read between checkpoints (cancel, progress). */
const STEP = 256;
/** Loose subnode trees tried for one carved message, nearest BID first (see subnodesFor). */
const TREES_TRIED = 32;
/**
 * Recipient types [MS-OXOMSG §2.2.3.1] and the property listing each kind's display names, separated by
 * semicolons, which recipient names may not contain [MS-OXOMSG §2.2.1.7–9].
 */
const DISPLAY_LISTS: ReadonlyArray<readonly [type: number, property: number]> = [
  [1, P.DisplayTo],
  [2, P.DisplayCc],
  [3, P.DisplayBcc],
];

interface Candidate {
  /** The data root to read it from: its heap's block, or the XBLOCK listing its heap's blocks. */
  root: number;
  /** What identifies the message it is a copy of (see identities). */
  keys: string[];
  /** A placed item has one of its identities: it is an older copy of that item. */
  copy: boolean;
}

/**
 * Carving (issue 4): message property contexts still intact in blocks that no node index entry
 * names any more (the NBT leaf that listed the message was overwritten or zeroed, or the message
 * was deleted and every page naming it reused). Only blocks the scan noted as the start of a PC's
 * heap (carve-hints.ts) and that no node, live or stale, and no subnode tree uses are read. Those
 * that look like an item (an IPM or REPORT message class, no container class, not a hidden
 * associated item) and are not copies of one already placed are kept, newest first.
 *
 * A carved message's recipients, attachments and long values were in the subnode tree its lost entry
 * named; subnodesFor finds that tree among the loose ones when one agrees with the message.
 *
 * Outlook writes a new block whenever a message changes, so most loose PCs in a healthy file are
 * superseded copies of items that are still there: a carved PC that shares an identity (search
 * key, Internet message id, or subject and submit time) with a placed item, or with a newer carved
 * one, is not an item of its own.
 */
export class Carving {
  private readonly byKey = new Map<string, Candidate[]>();

  private constructor(
    private readonly db: NodeDatabase,
    private readonly candidates: Candidate[],
    /** Subnode trees no node entry, live or stale, and no other subnode block names, by BID; taken as they are matched. */
    private readonly looseTrees: number[] = [],
  ) {
    for (const c of candidates) {
      for (const k of c.keys) {
        const list = this.byKey.get(k);
        if (list) list.push(c);
        else this.byKey.set(k, [c]);
      }
    }
  }

  /** Finds the loose message PCs of a scanned file, given the node index rebuilt from its pages. */
  static async find(db: NodeDatabase, nodes: RecoveredNodeIndex, hints: CarveHints, control: RunControl | undefined): Promise<Carving> {
    const heads = uniqueSorted(Float64Array.from(hints.pcHeads.view(), bidKey));
    if (heads.length === 0) return new Carving(db, []);
    const xOrder = sortedOrder(hints.xblocks.length, (a, b) => hints.xblocks.get(a) - hints.xblocks.get(b));
    const xbids = Float64Array.from(xOrder, (i) => bidKey(hints.xblocks.get(i)));
    const xFirst = Float64Array.from(xOrder, (i) => bidKey(hints.xFirstLeaf.get(i)));

    // Heads some node or subnode reads its data from (first leaf, when its data is an XBLOCK).
    const named = new Uint8Array(heads.length);
    const claim = (bidData: number): void => {
      let leaf = bidKey(bidData);
      if (isInternalBid(leaf)) {
        const x = binarySearch(xbids, leaf);
        if (x < 0) return;
        leaf = xFirst[x]!;
      }
      const h = binarySearch(heads, leaf);
      if (h >= 0) named[h] = 1;
    };
    const namedTrees: number[] = [...hints.subnodeNamed.view()];
    for (const e of nodes.entries()) {
      claim(e.bidData);
      if (e.bidSub !== 0) namedTrees.push(e.bidSub);
    }
    for (const bid of hints.subnodeData.view()) claim(bid);
    const treesNamed = uniqueSorted(Float64Array.from(namedTrees, bidKey));
    const looseTrees = [...uniqueSorted(Float64Array.from(hints.subnodeBlocks.view(), bidKey))].filter((bid) => binarySearch(treesNamed, bid) < 0);

    // A heap spanning several blocks is read through an XBLOCK that starts with its first block; an
    // XBLOCK a node used would have claimed that block. Ascending BIDs: the newest such XBLOCK wins.
    const viaXblock = new Map<number, number>();
    for (let x = 0; x < xbids.length; x++) {
      const h = binarySearch(heads, xFirst[x]!);
      if (h >= 0 && named[h] === 0) viaXblock.set(xFirst[x]!, xbids[x]!);
    }

    const kept: Candidate[] = [];
    const seen = new Set<string>();
    let read = 0;
    // BIDs only grow, so the highest is the newest copy of whatever it holds.
    for (let h = heads.length - 1; h >= 0; h--) {
      if (named[h] === 1) continue;
      if (++read % STEP === 0) {
        await checkpoint(control);
        control?.onProgress?.({ phase: 'carve', bytesDone: db.src.size, bytesTotal: db.src.size, items: read });
      }
      const leaf = heads[h]!;
      const x = viaXblock.get(leaf);
      // An XBLOCK whose other leaves are lost still leaves the first block's properties.
      const found = (x === undefined ? null : openLoosePc(db, x)) ?? openLoosePc(db, leaf);
      if (!found || !isItem(found.get)) continue;
      const keys = identities(found.get);
      if (keys.some((k) => seen.has(k))) continue;
      for (const k of keys) seen.add(k);
      kept.push({ root: found.root, keys, copy: false });
    }
    return new Carving(db, kept, looseTrees);
  }

  /** Notes an item placed from the index: carved PCs sharing one of its identities are older copies of it. */
  dropCopiesOf(pc: PropertyContext): void {
    if (this.byKey.size === 0) return;
    for (const k of identities(tolerantGetter(pc))) for (const c of this.byKey.get(k) ?? []) c.copy = true;
  }

  /** Adds every carved PC that is not a copy to the node index, with the subnode tree found for it; returns their NIDs, newest first. */
  register(nodes: RecoveredNodeIndex): number[] {
    return this.candidates.filter((c) => !c.copy).map((c) => nodes.addCarved(c.root, this.subnodesFor(c.root)));
  }

  /**
   * The loose subnode tree that was a carved message's, or 0. The entry that paired them is lost, so
   * a tree is taken only when the message reads through it without a problem and it agrees with what
   * the message's own properties say of it: the recipients the display lists (To, Cc, Bcc) name, and
   * attachments exactly when the message is flagged as having some. Outlook allocates a message's
   * blocks together, so trees are tried nearest BID first; a tree is given to one message only.
   */
  private subnodesFor(root: number): number {
    for (const i of nearestFirst(this.looseTrees, root, TREES_TRIED)) {
      const tree = this.looseTrees[i]!;
      try {
        const subnodes = this.db.subnodes(tree);
        // Every message's subnode tree holds its recipient table [MS-PST §2.4.5].
        if (!subnodes.has(Nid.RECIPIENT_TABLE)) continue;
        const node = new LtpNode(this.db, root, subnodes, `loose block ${hex(root)}`);
        const msg = readMessageNode(node, 0, { attachmentData: false });
        if (msg.problems.length > 0 || !agrees(msg)) continue;
      } catch {
        continue;
      }
      this.looseTrees.splice(i, 1);
      return tree;
    }
    return 0;
  }
}

/** Indexes of the `count` values of an ascending array nearest to `target`, nearest first. */
function nearestFirst(sorted: readonly number[], target: number, count: number): number[] {
  let hi = sorted.findIndex((v) => v >= target);
  if (hi < 0) hi = sorted.length;
  let lo = hi - 1;
  const out: number[] = [];
  while (out.length < count && (lo >= 0 || hi < sorted.length)) {
    if (hi >= sorted.length || (lo >= 0 && target - sorted[lo]! <= sorted[hi]! - target)) out.push(lo--);
    else out.push(hi++);
  }
  return out;
}

/** Whether a message read through a candidate subnode tree is consistent with its own properties. */
function agrees(msg: MessageObject): boolean {
  const get = getterOf(msg.props);
  const flags = int32Of(get(P.MessageFlags));
  if (flags !== undefined && ((flags & MSGFLAG_HASATTACH) !== 0) !== msg.attachments.length > 0) return false;
  // Names are compared without case: Outlook keeps a display list as it was typed or received, and the
  // recipient rows as the address book resolved them (enron.pst: "powermart1@…" listed, "POWERMART1@…" in the row).
  const names = (list: string) => list.split(';').map((n) => n.trim().toLowerCase()).filter(Boolean).sort();
  for (const [type, property] of DISPLAY_LISTS) {
    const listed = names(stringOf(get, property));
    const actual = msg.recipients
      .map((r) => getterOf(r))
      .filter((g) => recipientType(g) === type)
      .map((g) => stringOf(g, P.DisplayName).trim().toLowerCase())
      .sort();
    if (listed.join('\n') !== actual.join('\n')) return false;
  }
  return true;
}

/**
 * A carved message as the messaging layer reads it, from its node entry: its heap's block, and the
 * subnode tree carving matched to it, if any. Without one, values its heap hands to subnodes cannot
 * be reached, so they are not read, and one problem says so instead of a failure per value.
 */
export function readCarvedMessage(db: NodeDatabase, nid: number, opts?: ReadOptions): MessageObject {
  const entry = db.node(nid)!;
  const offset = db.blockEntry(entry.bidData).ib;
  const carved = `carved from a loose block at offset ${offset} that no index entry names`;
  if (entry.bidSub !== 0) {
    const msg = readMessage(db, nid, opts);
    const tree = db.blockEntry(entry.bidSub).ib;
    const note = `${carved}; its recipients, attachments and large values come from the loose subnode tree at offset ${tree}, the one that agrees with its recipient lists and attachment flag`;
    return { ...msg, problems: [{ text: note, offset }, ...msg.problems] };
  }
  const node = LtpNode.fromNid(db, nid);
  const pc = new PropertyContext(node);
  const outside = new Set(pc.ids().filter((id) => !isHid(pc.hnidOf(id) ?? 0)));
  const msg = readMessageNode(node, nid, { attachmentData: opts?.attachmentData ?? true, skipProperty: (id) => outside.has(id) });
  const values = outside.size === 0 ? '' : `, and the values of ${[...outside].map((id) => propertyName(id) ?? `property ${hex(id)}`).join(', ')}`;
  const note = `${carved}: what it kept in subnodes (recipient table, attachments${values}) is lost; its other properties are kept`;
  return { ...msg, problems: [{ text: note, offset }, ...msg.problems] };
}

function openLoosePc(db: NodeDatabase, root: number): { root: number; get: PropGetter } | null {
  try {
    return { root, get: tolerantGetter(new PropertyContext(new LtpNode(db, root, new Map(), `loose block ${hex(root)}`))) };
  } catch {
    // Not a readable PC after all (a value's bytes that happen to start like a heap, or damage).
    return null;
  }
}

/** A PC's values, with one that cannot be read (it lives in a subnode, or is damaged) as absent. */
function tolerantGetter(pc: PropertyContext): PropGetter {
  return (id) => {
    try {
      return pc.get(id);
    } catch {
      return undefined;
    }
  };
}

/** A message a person keeps: not a folder's PC, not a hidden associated item, not an attachment's PC. */
function isItem(get: PropGetter): boolean {
  if (!ITEM_CLASS.test(stringOf(get, P.MessageClass)) || get(P.ContainerClass) !== undefined) return false;
  return ((int32Of(get(P.MessageFlags)) ?? 0) & MSGFLAG_ASSOCIATED) === 0;
}

/** What identifies a message across its copies: search key, Internet message id, subject with submit time; whichever it has. */
function identities(get: PropGetter): string[] {
  const keys: string[] = [];
  const searchKey = get(P.SearchKey);
  if (searchKey && searchKey.data.length > 0) keys.push(`search key ${Buffer.from(searchKey.data).toString('hex')}`);
  const messageId = stringOf(get, P.InternetMessageId);
  if (messageId) keys.push(`message id ${messageId}`);
  const subject = stringOf(get, P.Subject);
  const submitted = get(P.ClientSubmitTime);
  if (subject && submitted) keys.push(`sent ${Buffer.from(submitted.data).toString('hex')} ${subject}`);
  return keys;
}

function uniqueSorted(values: Float64Array): Float64Array {
  values.sort();
  let n = 0;
  for (let i = 0; i < values.length; i++) if (i === 0 || values[i] !== values[n - 1]) values[n++] = values[i]!;
  return values.subarray(0, n);
}
