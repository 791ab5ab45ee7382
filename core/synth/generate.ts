import { PropType } from '../ltp/proptypes.js';
import type { MessageObject } from '../messaging/objects.js';
import { P } from '../messaging/props.js';
import { GEOMETRIES, type VariantId } from '../ndb/geometry.js';
import { PstWriter, type FolderHandle } from '../pst-writer.js';
import { appointment, contact, fileAttachment, journal, mail, note, task, type ItemContext } from './items.js';
import { resolveNamed } from './named.js';
import { Rng } from './rng.js';
import { person } from './text.js';
import { str } from './values.js';

export type SynthVariant = 'ansi' | 'unicode' | 'ost2013';
export type SynthClient = 'pst' | 'ost';
export type SynthEncoding = 'none' | 'permute' | 'cyclic';

export interface SynthOptions {
  variant: SynthVariant;
  client: SynthClient;
  encoding: SynthEncoding;
  seed: string;
  /** Stop at a file size (within ~10 %) or at an item count. */
  target: { bytes: number } | { items: number };
  /**
   * Percent of the items for folders named by path ('Inbox', 'Inbox/Projects'), in place of their usual
   * share; the other folders split what is left in their usual proportions.
   */
  shares?: Readonly<Record<string, number>>;
  overwrite?: boolean;
  onProgress?: (p: { items: number; bytes: number }) => void;
}

export interface SynthFolder {
  /** Display names below the IPM subtree ("Top of Outlook data file" / IPM_SUBTREE). */
  path: string[];
  containerClass: string;
  items: number;
}

export interface SynthReport {
  file: string;
  variant: SynthVariant;
  client: SynthClient;
  encoding: SynthEncoding;
  seed: string;
  bytes: number;
  items: number;
  /** Every folder the generator made, in creation order, with the items it put there (empty folders too). */
  folders: SynthFolder[];
  largestAttachment: number;
}

type Make = (ctx: ItemContext) => MessageObject;

interface PlanFolder {
  path: string[];
  containerClass: string;
  /** Share of the items, in percent (the shares add up to 100). */
  weight: number;
  make: Make;
}

const received: Make = (ctx) => mail(ctx, 'received');

/**
 * The mailbox of an Exchange user as Outlook lays it out. Shares are percent of the items, so `--items 250000`
 * puts exactly 100 000 in the Inbox; Receipts and Outbox stay empty.
 */
const PLAN: readonly PlanFolder[] = [
  { path: ['Inbox'], containerClass: 'IPF.Note', weight: 40, make: received },
  { path: ['Inbox', 'Projects'], containerClass: 'IPF.Note', weight: 6, make: received },
  { path: ['Inbox', 'Newsletters'], containerClass: 'IPF.Note', weight: 5, make: received },
  { path: ['Inbox', 'Receipts'], containerClass: 'IPF.Note', weight: 0, make: received },
  { path: ['Drafts'], containerClass: 'IPF.Note', weight: 1, make: (ctx) => mail(ctx, 'draft') },
  { path: ['Outbox'], containerClass: 'IPF.Note', weight: 0, make: received },
  { path: ['Sent Items'], containerClass: 'IPF.Note', weight: 14, make: (ctx) => mail(ctx, 'sent') },
  { path: ['Deleted Items'], containerClass: 'IPF.Note', weight: 5, make: received },
  { path: ['Junk Email'], containerClass: 'IPF.Note', weight: 1, make: received },
  { path: ['Calendar'], containerClass: 'IPF.Appointment', weight: 9, make: appointment },
  { path: ['Contacts'], containerClass: 'IPF.Contact', weight: 7, make: contact },
  { path: ['Tasks'], containerClass: 'IPF.Task', weight: 5, make: task },
  { path: ['Notes'], containerClass: 'IPF.StickyNote', weight: 3, make: note },
  { path: ['Journal'], containerClass: 'IPF.Journal', weight: 4, make: journal },
];

const MB = 1024 * 1024;
const MAX_ATTACHMENT = 25 * MB;
/** With an item target, attachments stay small (but for the landmark), so item counts, not bytes, drive the file. */
const MAX_ATTACHMENT_BY_COUNT = 64 * 1024;
/** What finish() adds after the last item (folder tables, B-trees, maps), as a share of the file. */
const FINISH_RESERVE = 0.01;

/**
 * The writer's size grows by whole allocation-map intervals (250 KB, or 16 MB in the 4K variant), so stop once
 * it is within half an interval of the target too: the file then ends on the interval nearest the target.
 */
function stopAt(target: number, variant: VariantId): number {
  const interval = GEOMETRIES.find((g) => g.id === variant)!.amap.interval;
  return target - Math.max(target * FINISH_RESERVE, interval / 2);
}

/** Each folder's percent of the items: PLAN's, with `shares` put in their place. */
function sharesOf(plan: readonly PlanFolder[], shares?: Readonly<Record<string, number>>): number[] {
  if (!shares) return plan.map((f) => f.weight);
  const paths = new Set(plan.map((f) => f.path.join('/')));
  for (const name of Object.keys(shares)) if (!paths.has(name)) throw new RangeError(`no folder "${name}" in the generated mailbox`);
  const given = plan.map((f) => shares[f.path.join('/')]);
  const fixed = given.reduce<number>((s, v) => s + (v ?? 0), 0);
  const rest = plan.reduce((s, f, i) => s + (given[i] === undefined ? f.weight : 0), 0);
  if (fixed > 100) throw new RangeError(`folder shares add up to ${fixed} %`);
  return plan.map((f, i) => given[i] ?? (rest === 0 ? 0 : (f.weight * (100 - fixed)) / rest));
}

/** Exact per-folder counts for an item target (largest remainder, so they add up to `items`). */
function allocate(shares: readonly number[], items: number): number[] {
  const exact = shares.map((w) => (items * w) / 100);
  const counts = exact.map(Math.floor);
  let left = items - counts.reduce((s, c) => s + c, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

/** Largest attachment of a message (embedded messages included). */
function largestAttachment(msg: MessageObject): number {
  let max = 0;
  for (const a of msg.attachments) {
    for (const p of a.props) if (p.id === P.AttachDataBinary && p.type === PropType.Binary) max = Math.max(max, p.data.length);
    if (a.embedded) max = Math.max(max, largestAttachment(a.embedded));
  }
  return max;
}

/** Writer variant of each generator variant. */
const VARIANT: Record<SynthVariant, VariantId> = { ansi: 'ansi', unicode: 'unicode', ost2013: 'unicode4k' };

/**
 * Folders an Exchange OST has beside the user's (as in the pst-extractor OSTs, Outlook 2016+): "Root - Public",
 * the system folders of "Root - Mailbox", and the empty bookkeeping folders inside IPM_SUBTREE.
 */
const OST_PUBLIC: readonly string[][] = [['IPM_SUBTREE'], ['NON_IPM_SUBTREE'], ['NON_IPM_SUBTREE', 'EFORMS REGISTRY'], ['NON_IPM_SUBTREE', 'EFORMS REGISTRY', 'Organization Forms']];
const OST_SYSTEM: readonly string[][] = [['Common Views'], ['Finder'], ['Finder', 'Reminders'], ['Finder', 'To-Do Search'], ['Shortcuts'], ['Views'], ['~MAPISP(Internal)'], ['Drizzle'], ['Shared Data']];
const OST_IPM_EXTRA: readonly PlanFolder[] = [
  { path: ['Sync Issues'], containerClass: 'IPF.Note', weight: 0, make: received },
  { path: ['Sync Issues', 'Conflicts'], containerClass: 'IPF.Note', weight: 0, make: received },
  { path: ['Sync Issues', 'Local Failures'], containerClass: 'IPF.Note', weight: 0, make: received },
  { path: ['Sync Issues', 'Server Failures'], containerClass: 'IPF.Note', weight: 0, make: received },
  { path: ['Conversation Action Settings'], containerClass: 'IPF.Configuration', weight: 0, make: received },
  { path: ['RSS Feeds'], containerClass: 'IPF.Note.OutlookHomepage', weight: 0, make: received },
];

const folderProps = (name: string) => ({ props: [str(P.DisplayName, name)] });

/** Adds folders by path under `top`, parents before children; returns each path's handle. */
function addTree(w: PstWriter, top: FolderHandle, paths: ReadonlyArray<{ path: readonly string[]; containerClass?: string }>, handles = new Map<string, FolderHandle>()): Map<string, FolderHandle> {
  for (const f of paths) {
    const key = f.path.join('/');
    if (handles.has(key)) continue;
    const parent = f.path.length === 1 ? top : handles.get(f.path.slice(0, -1).join('/'))!;
    const opts = f.containerClass === undefined ? {} : { containerClass: f.containerClass };
    handles.set(key, w.addFolder(parent, folderProps(f.path.at(-1)!), resolveNamed, opts));
  }
  return handles;
}

/**
 * Writes a realistic mailbox through the project's one writer, deterministically from the seed: the same seed
 * and options give the same items in the same order (dates, keys and bytes included). A PST gets the tree
 * Outlook makes for a new data file; an OST the Exchange one (Root - Mailbox / IPM_SUBTREE and system folders).
 */
export function synthesize(file: string, opts: SynthOptions): SynthReport {
  const rng = new Rng(opts.seed);
  const owner = person(rng);
  const ost = opts.client === 'ost';
  const w = PstWriter.create(file, {
    displayName: ost ? owner.email : 'Outlook Data File',
    variant: VARIANT[opts.variant],
    client: opts.client,
    encoding: opts.encoding,
    overwrite: opts.overwrite ?? false,
    folders: ost ? 'none' : 'pst',
    recordKey: rng.bytes(16),
  });
  try {
    const plan = ost ? [...PLAN, ...OST_IPM_EXTRA] : PLAN;
    let handles: Map<string, FolderHandle>;
    if (ost) {
      addTree(w, w.addFolder(w.rootFolder, folderProps('Root - Public'), resolveNamed), OST_PUBLIC.map((path) => ({ path })));
      const mailbox = w.addFolder(w.rootFolder, folderProps('Root - Mailbox'), resolveNamed);
      const system = addTree(w, mailbox, OST_SYSTEM.map((path) => ({ path })));
      const ipm = w.addFolder(mailbox, folderProps('IPM_SUBTREE'), resolveNamed);
      handles = addTree(w, ipm, plan);
      w.designate({ ipmSubtree: ipm, deletedItems: handles.get('Deleted Items')!, finder: system.get('Finder')!, commonViews: system.get('Common Views')! });
    } else {
      // The PST's own Deleted Items stands for the plan's.
      handles = addTree(w, w.ipmSubtree, plan, new Map([['Deleted Items', w.deletedItems]]));
    }
    const folders: SynthFolder[] = plan.map((f) => ({ path: f.path, containerClass: f.containerClass, items: 0 }));
    const budget = 'bytes' in opts.target ? opts.target.bytes : opts.target.items * 4096;
    // One attachment as large as the budget allows (up to 25 MB) in the first Inbox item, so every file has
    // an attachment on a multi-block data tree (XBLOCK; past 8 MB, XXBLOCK).
    const landmark = Math.max(1, Math.min(MAX_ATTACHMENT, Math.floor(budget / 8)));
    const ctx: ItemContext = { rng, owner, maxAttachment: 'items' in opts.target ? MAX_ATTACHMENT_BY_COUNT : MAX_ATTACHMENT };
    let items = 0;
    let largest = 0;
    const add = (i: number) => {
      const msg = plan[i]!.make(ctx);
      if (items === 0) msg.attachments.push(fileAttachment(rng, landmark));
      largest = Math.max(largest, largestAttachment(msg));
      w.addMessage(handles.get(plan[i]!.path.join('/'))!, msg, resolveNamed);
      folders[i]!.items++;
      items++;
      if (items % 256 === 0) opts.onProgress?.({ items, bytes: w.sizeSoFar });
    };
    if ('items' in opts.target) {
      // Folder by folder, Inbox first (it carries the landmark attachment).
      allocate(sharesOf(plan, opts.shares), opts.target.items).forEach((count, i) => {
        for (let k = 0; k < count; k++) add(i);
        w.completeFolder(handles.get(plan[i]!.path.join('/'))!);
      });
    } else {
      const stop = stopAt(opts.target.bytes, VARIANT[opts.variant]);
      const weights = sharesOf(plan, opts.shares);
      add(0);
      while (w.sizeSoFar < stop) {
        ctx.maxAttachment = Math.max(1, Math.min(MAX_ATTACHMENT, Math.floor((stop - w.sizeSoFar) / 2)));
        add(rng.weighted(weights));
      }
    }
    const bytes = w.finish();
    return { file, variant: opts.variant, client: opts.client, encoding: opts.encoding, seed: opts.seed, bytes, items, folders, largestAttachment: largest };
  } catch (e) {
    w.abort();
    throw e;
  }
}
