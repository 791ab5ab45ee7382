import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Encoding } from './ndb/encoding.js';
import { GEOMETRIES, type VariantId } from './ndb/geometry.js';
import { makeNid, Nid, NidType } from './ndb/ids.js';
import { NdbWriter } from './ndb/write-ndb.js';
import { syncToDisk, type Durability } from './ndb/write-sink.js';

export type { Durability };
import { PropType } from './ltp/proptypes.js';
import type { LtpProp } from './ltp/write-pc.js';
import type { FolderObject, MessageObject, NamedPropResolver } from './messaging/objects.js';
import { FolderState } from './messaging/write-folder.js';
import { FolderRefs } from './messaging/write-folder-refs.js';
import { remapProps, writeMessage } from './messaging/write-message.js';
import { NameMapBuilder } from './messaging/write-namemap.js';
import { LocalNids } from './messaging/write-node.js';
import { SPAM_SEARCH_FOLDER, writePcNode, writeStorePc, writeStoreSkeleton, type StoreFolders } from './messaging/write-store.js';
import { COMMON_VIEWS_FAI_COLUMNS, FAI_COLUMNS, ROOT_FAI_COLUMNS } from './messaging/write-templates.js';
import { cellsFrom, unicode } from './messaging/write-values.js';

export interface PstWriterOptions {
  /** Block encoding; Outlook's default is permute ("compressible"); the 4K variant only takes (and defaults to) 'none'. */
  encoding?: Encoding;
  /** The store's display name, shown as the top of the folder list. */
  displayName: string;
  /** Replace an existing file (otherwise creating over one fails). */
  overwrite?: boolean;
  /** On-disk variant: ANSI (32-bit), Unicode (default) or the OST 2013+ 4 KiB-page one with compressed blocks. */
  variant?: VariantId;
  /** "SM" PST (default) or "SO" OST in the header. */
  client?: 'pst' | 'ost';
  /**
   * 'pst' (default): the folders Outlook puts in a new PST ("Top of Outlook data file", "Deleted
   * Items", "Search Root", IPM_COMMON_VIEWS). 'none': only the root folder; the caller builds its
   * own tree under rootFolder (an Exchange-like "Root - Mailbox"/IPM_SUBTREE for an OST) and names
   * the special folders with designate() before finish().
   */
  folders?: 'pst' | 'none';
  /** The store's PidTagRecordKey (16 bytes), random when absent; a generator passes a seeded one to be reproducible. */
  recordKey?: Uint8Array;
  /** Seal and write blocks on a thread of their own where a host provides one (default); false for a small file. */
  sealThread?: boolean;
}

/** Opaque handle of a folder in the PST being written. */
export type FolderHandle = number;

/** A folder to copy: its properties and, when it comes from a file, its NID there. */
export type SourceFolder = Pick<FolderObject, 'props'> & { sourceNid?: number };

export interface AddFolderOptions {
  /** PidTagContainerClass, e.g. "IPF.Note"; kept from the props when absent. */
  containerClass?: string;
}

export interface AddMessageOptions {
  /** Folder-associated (hidden) item: goes to the FAI table. */
  fai?: boolean;
}

const PID_DISPLAY_NAME = 0x3001;
const PID_COMMENT = 0x3004;
const PID_CONTAINER_CLASS = 0x3613;
const PID_MESSAGE_FLAGS = 0x0e07;
const MSGFLAG_READ = 0x01;

function named(name: string, comment?: string): LtpProp[] {
  const props: LtpProp[] = [{ id: PID_DISPLAY_NAME, type: PropType.String, data: unicode(name) }];
  if (comment !== undefined) props.push({ id: PID_COMMENT, type: PropType.String, data: unicode(comment) });
  return props;
}

/**
 * Writes a new PST or OST from scratch: by default the store Outlook itself would create (root,
 * "Top of Outlook data file", "Deleted Items", "Search Root", IPM_COMMON_VIEWS, templates, name
 * map), then the folders and messages it is given. Messages stream to disk as they are added;
 * folders, tables and the store object are written by finish().
 */
export class PstWriter {
  /** The root folder (NID 0x122): parent of the top-level folders. */
  readonly rootFolder: FolderHandle = Nid.ROOT_FOLDER;
  private readonly ndb: NdbWriter;
  private readonly names = new NameMapBuilder();
  private readonly folders = new Map<number, FolderState>();
  private readonly root: FolderState;
  private readonly refs: FolderRefs;
  private readonly recordKey: Uint8Array;
  private readonly displayName: string;
  private special: StoreFolders | null = null;
  private rowVer = 0;
  private done = false;

  private constructor(
    readonly path: string,
    opts: PstWriterOptions,
  ) {
    const variant = opts.variant ?? 'unicode';
    const geometry = GEOMETRIES.find((g) => g.id === variant);
    if (!geometry) throw new RangeError(`unknown variant ${variant}`);
    // Real 4K OSTs are unencoded, and readers disagree on whether a compressed block is decoded
    // before or after inflating (libpff never decodes one): only 'none' gives a file all can read.
    if (geometry.block.compressed && opts.encoding !== undefined && opts.encoding !== 'none') {
      throw new RangeError(`the ${geometry.id} variant is written unencoded (asked for ${opts.encoding})`);
    }
    const encoding = opts.encoding ?? (geometry.block.compressed ? 'none' : 'permute');
    this.ndb = new NdbWriter(path, { geometry, client: opts.client ?? 'pst', encoding, overwrite: opts.overwrite ?? false, sealThread: opts.sealThread ?? true });
    this.recordKey = opts.recordKey ?? randomBytes(16);
    this.refs = new FolderRefs(this.recordKey);
    this.displayName = opts.displayName;
    this.root = this.track(new FolderState(Nid.ROOT_FOLDER, null, named(''), true, ROOT_FAI_COLUMNS));
    if ((opts.folders ?? 'pst') === 'pst') {
      const ipm = this.newFolder(this.root, named('Top of Outlook data file'));
      const finder = this.newFolder(this.root, named('Search Root'));
      this.addSpamSearchFolder();
      const deleted = this.newFolder(ipm, named('Deleted Items', 'Deleted Items folder'));
      const views = this.newFolder(this.root, named('IPM_COMMON_VIEWS', ''), COMMON_VIEWS_FAI_COLUMNS);
      this.special = { ipmSubtree: ipm.nid, wastebasket: deleted.nid, finder: finder.nid, commonViews: views.nid };
    } else this.addSpamSearchFolder();
    writeStoreSkeleton(this.ndb, Nid.ROOT_FOLDER);
  }

  static create(path: string, opts: PstWriterOptions): PstWriter {
    return new PstWriter(path, opts);
  }

  /** "Top of Outlook data file", or the folder designated as the IPM subtree: where the user's folders go. */
  get ipmSubtree(): FolderHandle {
    return this.specialFolders().ipmSubtree;
  }

  get deletedItems(): FolderHandle {
    return this.specialFolders().wastebasket;
  }

  /**
   * Names the store's special folders, recorded in the store object (needed with folders: 'none';
   * with the default tree it replaces Outlook's choices).
   */
  designate(f: { ipmSubtree: FolderHandle; deletedItems: FolderHandle; finder?: FolderHandle; commonViews?: FolderHandle }): void {
    for (const h of [f.ipmSubtree, f.deletedItems, f.finder, f.commonViews]) if (h !== undefined) this.folderOf(h);
    this.special = { ipmSubtree: f.ipmSubtree, wastebasket: f.deletedItems, finder: f.finder, commonViews: f.commonViews };
  }

  /** Bytes written so far (whole allocation-map intervals), for splitting output by size. */
  get sizeSoFar(): number {
    return this.ndb.sizeSoFar;
  }

  /**
   * Adds a folder under `parent`; the folder's props are copied minus per-store and computed ones.
   * Folder entry ids naming the source folder (by its NID or Exchange id) will name this one.
   */
  addFolder(parent: FolderHandle, folder: SourceFolder, resolve: NamedPropResolver, opts: AddFolderOptions = {}): FolderHandle {
    const p = this.folderOf(parent);
    const props = remapProps(folder.props, resolve, this.names);
    if (opts.containerClass !== undefined) {
      const i = props.findIndex((q) => q.id === PID_CONTAINER_CLASS);
      if (i >= 0) props.splice(i, 1);
      props.push({ id: PID_CONTAINER_CLASS, type: PropType.String, data: unicode(opts.containerClass) });
    }
    const nid = this.newFolder(p, props).nid;
    this.refs.learn(folder, nid);
    return nid;
  }

  /** Folder entry ids naming the source folder will name `target` (e.g. the source's IPM subtree → ours). */
  aliasFolder(target: FolderHandle, folder: SourceFolder): void {
    this.refs.learn(folder, this.folderOf(target).nid);
  }

  /**
   * Copies a source folder's properties onto a folder the PST already has (a source's own "Deleted
   * Items" onto this one), keeping this folder's name.
   */
  mergeFolder(target: FolderHandle, folder: SourceFolder, resolve: NamedPropResolver): void {
    const f = this.folderOf(target);
    this.refs.learn(folder, f.nid);
    for (const p of remapProps(folder.props, resolve, this.names)) {
      if (p.id === PID_DISPLAY_NAME) continue;
      const i = f.props.findIndex((q) => q.id === p.id);
      if (i >= 0) f.props.splice(i, 1);
      f.props.push(p);
    }
  }

  /** Writes a message into a folder now; returns its NID. */
  addMessage(folder: FolderHandle, msg: MessageObject, resolve: NamedPropResolver, opts: AddMessageOptions = {}): number {
    const f = this.folderOf(folder);
    if (!f.open) throw new Error(`folder ${folder} is complete: its tables are written`);
    const fai = opts.fai ?? false;
    const nid = this.ndb.allocNid(fai ? NidType.ASSOC_MESSAGE : NidType.NORMAL_MESSAGE);
    // Folders a message names (its parent entry id) are known by now: they are created first.
    const written = writeMessage({ ndb: this.ndb, names: this.names }, { ...msg, props: this.refs.rewrite(msg.props) }, resolve, new LocalNids());
    this.ndb.addNode(nid, written.bidData, written.bidSub, f.nid);
    const cells = cellsFrom(written.props);
    if (fai) f.fai.add(nid, ++this.rowVer, cells);
    else {
      f.contents.add(nid, ++this.rowVer, cells);
      const flags = written.props.find((p) => p.id === PID_MESSAGE_FLAGS)?.data;
      if (!flags || !(flags[0]! & MSGFLAG_READ)) f.unread++;
    }
    return nid;
  }

  /**
   * Says a folder will get no more messages, so its contents and FAI tables are written now: the
   * rows held in memory are then one folder's at most, not the whole mailbox's.
   */
  completeFolder(folder: FolderHandle): void {
    this.folderOf(folder).writeContents(this.ndb);
  }

  /**
   * Writes folders, tables, the name map, both B-trees, the maps and the header; returns the file size.
   * With durability 'later' the file is closed without waiting for the disk, and the caller awaits
   * PstWriter.sync(path) before relying on it (convert starts it, reads the file back meanwhile, then awaits it).
   */
  finish(durability: Durability = 'sync'): number {
    if (this.done) throw new Error('PST already finished');
    this.done = true;
    try {
      writeStorePc(this.ndb, this.recordKey, this.displayName, this.specialFolders());
      // Folder entry ids resolve now that every folder exists (an Inbox names a Calendar added after it).
      for (const f of this.folders.values()) f.props.splice(0, f.props.length, ...this.refs.rewrite(f.props));
      for (const f of this.folders.values()) f.write(this.ndb, () => ++this.rowVer);
      writePcNode(this.ndb, Nid.NAME_TO_ID_MAP, this.names.props(), 0);
      return this.ndb.finish(durability);
    } catch (e) {
      this.ndb.abandon();
      rmSync(this.path, { force: true });
      throw e;
    }
  }

  /** Forces a file finished with durability 'later' to disk, in the background. */
  static sync(path: string): Promise<void> {
    return syncToDisk(path);
  }

  /** Stops without producing a file. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    this.ndb.abandon();
    rmSync(this.path, { force: true });
  }

  private specialFolders(): StoreFolders {
    if (!this.special) throw new Error('the store has no IPM subtree yet: call designate() first');
    return this.special;
  }

  /** The spam search folder sits under the root (between Search Root and the common views in Outlook's root table). */
  private addSpamSearchFolder(): void {
    const spam = new FolderState(SPAM_SEARCH_FOLDER, this.root, named('SPAM Search Folder 2'), false);
    this.root.children.push(spam);
    this.folders.set(spam.nid, spam);
  }

  private folderOf(h: FolderHandle): FolderState {
    const f = this.folders.get(h);
    if (!f || !f.hasTables) throw new RangeError(`no folder with handle ${h}`);
    return f;
  }

  private track(f: FolderState): FolderState {
    this.folders.set(f.nid, f);
    return f;
  }

  private newFolder(parent: FolderState, props: LtpProp[], faiColumns: readonly number[] = FAI_COLUMNS): FolderState {
    const index = this.ndb.allocNidIndex([
      NidType.NORMAL_FOLDER,
      NidType.HIERARCHY_TABLE,
      NidType.CONTENTS_TABLE,
      NidType.ASSOC_CONTENTS_TABLE,
    ]);
    const f = new FolderState(makeNid(NidType.NORMAL_FOLDER, index), parent, props, true, faiColumns);
    parent.children.push(f);
    return this.track(f);
  }
}
