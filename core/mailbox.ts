import { basename } from 'node:path';
import { NodeDatabase } from './ndb/database.js';
import { cutShort } from './ndb/header.js';
import { describeGap, type DataGap } from './ndb/salvage.js';
import { folderTableNid, NidType } from './ndb/ids.js';
import { LtpNode } from './ltp/node.js';
import { PropertyContext } from './ltp/pc.js';
import { errorText, FormatError, RescueError } from './errors.js';
import { growHeapFor } from './heap-growth.js';
import type { FileInfo, FolderInfo, ItemDetail, ItemSummary } from './model.js';
import { ChildrenByParent, findIpmSubtree, folderPc, readFolderTree, type FolderTree, storeDisplayName, tableRowIds } from './messaging/folders.js';
import { attachmentChunks, readMessage, type ReadOptions } from './messaging/message.js';
import { readNameMap } from './messaging/namemap.js';
import type { FolderObject, MessageObject, NamedPropKey, NamedPropResolver, RawProp } from './messaging/objects.js';
import { detailOf, summarize } from './messaging/views.js';
import { P } from './messaging/props.js';
import { PropType } from './ltp/proptypes.js';
import { truncationFinding, type Finding } from './recovery/findings.js';
import type { RecoveredStore } from './recovery/index.js';

/**
 * One open Outlook data file, as the CLI and the app's worker see it: file facts, the folder tree,
 * pages of item summaries, and single items in full. Everything is read lazily from the file.
 * After a deep scan the same API serves the rebuilt store: its folders (with "Recovered Items")
 * and the items the scan placed in each.
 */
export class Mailbox {
  readonly info: FileInfo;
  private tree: FolderTree | null = null;
  /** The IPM subtree folder, once looked up (undefined until then; null when the file has none). */
  private ipmSubtree: number | null | undefined;
  private readonly folderProblems: string[] = [];
  private names: Map<number, NamedPropKey> | null = null;
  private placement: Map<number, number> | null = null;

  private constructor(
    readonly db: NodeDatabase,
    private readonly recovered: RecoveredStore | null = null,
  ) {
    const h = db.header;
    const roots = db.rootPageFaults();
    const truncated = cutShort(db.src.size, h.root.ibFileEof) !== null;
    this.info = {
      path: db.src.path,
      fileName: basename(db.src.path),
      sizeBytes: db.src.size,
      client: h.client,
      variant: db.geometry.id,
      variantLabel: db.geometry.label,
      wVer: h.wVer,
      wVerClient: h.wVerClient,
      encoding: db.encoding,
      headerCrc: { partial: h.crcPartialOk, full: h.crcFullOk },
      rootPages: { nbt: roots.nbt === null, bbt: roots.bbt === null },
      headerSizeBytes: h.root.ibFileEof,
      truncated,
      healthy: h.crcPartialOk && h.crcFullOk !== false && roots.nbt === null && roots.bbt === null && !truncated,
    };
  }

  /** Records what could not be read of a folder. */
  private readonly folderProblem = (nid: number, message: string): void => {
    this.folderProblems.push(`folder 0x${nid.toString(16)}: ${message}`);
  };

  static open(path: string): Mailbox {
    const db = NodeDatabase.open(path);
    growHeapFor(db.src.size);
    return new Mailbox(db);
  }

  /** The store a deep scan rebuilt (core/recovery), behind the same API. */
  static fromRecovery(store: RecoveredStore): Mailbox {
    return new Mailbox(store.db, store);
  }

  /**
   * What the deep scan found wrong, with offsets; for a file opened normally, that it was cut short, which
   * loses what lay past its end, so a conversion's report must name it. (Header CRCs that do not match cost
   * nothing once the header parses: inspect and check show them.)
   */
  get findings(): readonly Finding[] {
    if (this.recovered) return this.recovered.problems;
    const cut = truncationFinding(this.db.header, this.db.src.size);
    return cut ? [cut] : [];
  }

  displayName(): string {
    return storeDisplayName(this.db) || this.info.fileName;
  }

  folders(): FolderInfo[] {
    if (this.recovered) return this.recovered.folders;
    return this.folderTree().folders;
  }

  private folderTree(): FolderTree {
    this.tree ??= readFolderTree(this.db, new ChildrenByParent(this.db), this.folderProblem);
    return this.tree;
  }

  /** What could not be read while building the folder tree. */
  problems(): string[] {
    this.folders();
    return this.folderProblems;
  }

  /** The folder at the top of the user's mail ("Top of Outlook data file", IPM_SUBTREE). */
  ipmSubtreeId(): number | null {
    if (this.ipmSubtree === undefined) this.ipmSubtree = findIpmSubtree(this.db, this.folders());
    return this.ipmSubtree;
  }

  /**
   * The folders an export takes: the user's (below the IPM subtree, or every live folder when the
   * file has none) and what a deep scan recovered. Exchange's system folders (Finder, Views, Root -
   * Public…) are never among them. `top` is the IPM subtree, whose children become the new PST's
   * top-level folders.
   */
  exportableFolders(): { top: FolderInfo | null; folders: FolderInfo[] } {
    const all = this.folders();
    const id = this.ipmSubtreeId();
    const top = all.find((f) => f.id === id) ?? null;
    return { top, folders: all.filter((f) => f.source !== 'live' || (top ? f.path.startsWith(`${top.path}/`) : true)) };
  }

  folder(id: number): FolderInfo {
    const f = this.folders().find((x) => x.id === id);
    if (!f) throw new RescueError('usage', `There is no folder with id ${id} in "${this.info.fileName}".`);
    return f;
  }

  /**
   * A folder by its path as `ls` prints it, or by its path below the top of the user's folders ("Inbox",
   * "Inbox/Projects"), which is what a person types; the exact spelling first, then without case.
   */
  folderByPath(path: string): FolderInfo | undefined {
    const want = path.replace(/^\/+|\/+$/g, '');
    const top = this.exportableFolders().top;
    const paths = top ? [want, `${top.path}/${want}`] : [want];
    const all = this.folders();
    for (const exact of [true, false]) {
      for (const p of paths) {
        const found = all.find((f) => (exact ? f.path === p : f.path.toLowerCase() === p.toLowerCase()));
        if (found) return found;
      }
    }
    return undefined;
  }

  /** Message NIDs of a folder, in contents-table order. */
  messageIds(folderId: number): number[] {
    if (this.recovered) return this.recovered.messageIds(folderId);
    // Every folder this mailbox names is in the tree; an id that is not has no items here.
    return this.folderTree().messageIds.get(folderId) ?? [];
  }

  /** NIDs of a folder's folder-associated (hidden) items: views, rules, forms. */
  associatedIds(folderId: number): number[] {
    try {
      return tableRowIds(this.db, folderTableNid(folderId, NidType.ASSOC_CONTENTS_TABLE));
    } catch (e) {
      // Hidden items (views, rules) are worth keeping but not worth failing a folder for.
      this.folderProblems.push(`folder 0x${folderId.toString(16)} hidden items: ${errorText(e)}`);
      return [];
    }
  }

  /** The folder an item is listed in: its contents table's, or where a deep scan placed it. */
  private folderOfItem(id: number): number {
    if (!this.recovered) return this.db.node(id)?.nidParent ?? 0;
    if (!this.placement) {
      this.placement = new Map();
      for (const f of this.recovered.folders) for (const m of this.recovered.messageIds(f.id)) this.placement.set(m, f.id);
    }
    return this.placement.get(id) ?? 0;
  }

  /** A folder's own properties, raw, for copying it into a new PST. */
  folderObject(id: number): FolderObject {
    const problems: string[] = [];
    try {
      if (this.db.node(id)) {
        const props = folderPc(this.db, id).all((pid, e) => problems.push(`folder 0x${id.toString(16)} property 0x${pid.toString(16)}: ${errorText(e)}`));
        return { sourceNid: id, props };
      }
    } catch (e) {
      problems.push(`folder 0x${id.toString(16)}: ${errorText(e)}; exported with its name only`);
    } finally {
      this.folderProblems.push(...problems);
    }
    // A folder the deep scan made up ("Recovered Items"), or one whose own properties are lost:
    // its name and container class are what the folder tree knows.
    const f = this.folder(id);
    const props: RawProp[] = [{ id: P.DisplayName, type: PropType.String, data: Buffer.from(f.name, 'utf16le') }];
    if (f.containerClass) props.push({ id: P.ContainerClass, type: PropType.String, data: Buffer.from(f.containerClass, 'utf16le') });
    return { sourceNid: id, props };
  }

  items(folderId: number, offset = 0, limit = Number.MAX_SAFE_INTEGER): ItemSummary[] {
    const folder = this.folder(folderId);
    return this.messageIds(folderId)
      .slice(offset, offset + limit)
      .map((nid) => this.summary(nid, folder));
  }

  private summary(nid: number, folder: FolderInfo): ItemSummary {
    try {
      const pc = new PropertyContext(LtpNode.fromNid(this.db, nid));
      return summarize((id) => pc.get(id), nid, folder.id, folder.source);
    } catch (e) {
      // The list still shows the item; opening it reports what is wrong.
      const s = summarize(() => undefined, nid, folder.id, folder.source);
      return { ...s, subject: `(unreadable item: ${errorText(e)})` };
    }
  }

  /** The raw object graph of one message, for convert and the writer. */
  message(id: number, opts?: ReadOptions): MessageObject {
    if (!this.db.node(id)) throw new RescueError('usage', `There is no item with id ${id} in "${this.info.fileName}".`);
    // A deep scan knows how each item was found: a carved one is read without the subnodes it lost.
    return this.recovered ? this.recovered.message(id, opts) : readMessage(this.db, id, opts);
  }

  item(id: number): ItemDetail {
    // Attachment contents are not needed to show an item; attachmentChunks() streams them on demand.
    const msg = this.message(id, { attachmentData: false });
    const folderId = this.folderOfItem(id);
    const folder = this.folders().find((f) => f.id === folderId);
    const get = new Map(msg.props.map((p) => [p.id, p]));
    const summary = summarize((pid) => get.get(pid), id, folderId, folder?.source ?? 'live');
    return detailOf(msg, summary, this.resolver());
  }

  /**
   * An attachment's bytes in order, block by block (see messaging/message.ts attachmentChunks), each
   * chunk valid until the next is taken: a caller that keeps them copies them. With
   * `onGap`, a block that cannot be read comes as zeros of its size and is reported there; without
   * it, such a block throws, naming the bytes it held and its file offset.
   */
  attachmentChunks(itemId: number, index: number, onGap?: (gap: DataGap) => void): Iterable<Uint8Array> {
    if (!this.db.node(itemId)) throw new RescueError('usage', `There is no item with id ${itemId} in "${this.info.fileName}".`);
    const strict = (g: DataGap) => {
      throw new FormatError(`attachment ${index} of item ${itemId}: lost ${describeGap(g)}`, g.offset);
    };
    const chunks = attachmentChunks(this.db, itemId, index, onGap ?? strict);
    if (!chunks) throw new RescueError('usage', `Item ${itemId} has no attachment number ${index}.`);
    return chunks;
  }

  attachmentContent(itemId: number, index: number, onGap?: (gap: DataGap) => void): Uint8Array {
    const chunks: Uint8Array[] = [];
    for (const chunk of this.attachmentChunks(itemId, index, onGap)) chunks.push(chunk.slice());
    return Buffer.concat(chunks);
  }

  /** Maps this file's named-property ids to their (GUID, LID | name) identity. */
  resolver(): NamedPropResolver {
    if (!this.names) {
      try {
        this.names = readNameMap(this.db);
      } catch (e) {
        if (!(e instanceof FormatError)) throw e;
        this.folderProblems.push(`named-property map: ${e.message}`);
        this.names = new Map();
      }
    }
    const names = this.names;
    return (id) => names.get(id) ?? null;
  }

  close(): void {
    this.db.close();
  }
}
