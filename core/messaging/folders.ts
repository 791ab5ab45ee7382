import type { NodeDatabase } from '../ndb/database.js';
import { folderTableNid, Nid, NidType, nidType } from '../ndb/ids.js';
import { LtpNode } from '../ltp/node.js';
import { PropertyContext } from '../ltp/pc.js';
import { TableContext } from '../ltp/tc.js';
import type { FolderInfo } from '../model.js';
import { int32Of, P } from './props.js';
import { nidFromEntryId } from './entry-id.js';
import { stringOf } from './views.js';
import { errorText, offsetOf } from '../errors.js';

/** What could not be read of a folder, and the file offset of the damage when known. */
export type FolderProblemSink = (nid: number, message: string, offset: number | null) => void;

/** Folders nest; deeper than this is a loop in a damaged hierarchy. */
const MAX_FOLDER_DEPTH = 64;

/** Row ids of a table node, or [] when the table is absent (OST search folders often lack one). */
export function tableRowIds(db: NodeDatabase, nid: number): number[] {
  if (!db.node(nid)) return [];
  const tc = new TableContext(LtpNode.fromNid(db, nid));
  const ids: number[] = [];
  for (let r = 0; r < tc.rowCount; r++) ids.push(tc.rowId(r));
  return ids;
}

/** Where the subfolders and items of a folder whose hierarchy or contents table cannot be read are found instead. */
export interface TableFallback {
  folders(parent: number): number[];
  messages(parent: number): number[];
  /** The end of the folder's problem: how `count` of its `what` were found instead. */
  describe(count: number, what: string): string;
}

/**
 * Folders and messages grouped by the parent their node index entries name (nidParent [MS-PST
 * §2.2.2.7.7.4]). Where a folder's hierarchy or contents table cannot be read, its subfolders and
 * items are still known this way, without a deep scan. Built on first use: one walk of the index.
 */
export class ChildrenByParent implements TableFallback {
  private index: Map<number, { folders: number[]; messages: number[] }> | null = null;
  /** Why the index could not be walked to its end, if it could not (what it had listed is kept). */
  private failure: string | null = null;

  constructor(private readonly db: NodeDatabase) {}

  /** How `count` children of a folder whose table is unreadable were found, for the folder's problem. */
  describe(count: number, what: string): string {
    const found = `${count} ${what} were found through the node index instead`;
    return this.failure ? `${found}, which could be read only in part (${this.failure})` : found;
  }

  folders(parent: number): number[] {
    return this.of(parent).folders;
  }

  messages(parent: number): number[] {
    return this.of(parent).messages;
  }

  private of(parent: number): { folders: number[]; messages: number[] } {
    if (!this.index) {
      const index = new Map<number, { folders: number[]; messages: number[] }>();
      try {
        for (const e of this.db.nbt.entries()) {
          const type = nidType(e.nid);
          if (type !== NidType.NORMAL_FOLDER && type !== NidType.NORMAL_MESSAGE) continue;
          // The root folder names itself as its parent.
          if (e.nid === e.nidParent) continue;
          let children = index.get(e.nidParent);
          if (!children) index.set(e.nidParent, (children = { folders: [], messages: [] }));
          (type === NidType.NORMAL_FOLDER ? children.folders : children.messages).push(e.nid);
        }
      } catch (e) {
        this.failure = errorText(e);
      }
      this.index = index;
    }
    return this.index.get(parent) ?? { folders: [], messages: [] };
  }
}

/**
 * A folder's message NIDs in contents-table order; when the table cannot be read, the messages the
 * node index places in the folder, and `onProblem` says so.
 */
export function folderMessageIds(db: NodeDatabase, folder: number, fallback: TableFallback, onProblem: FolderProblemSink): number[] {
  try {
    return tableRowIds(db, folderTableNid(folder, NidType.CONTENTS_TABLE));
  } catch (e) {
    const found = fallback.messages(folder);
    onProblem(folder, `contents table: ${errorText(e)}; ${fallback.describe(found.length, 'items')}`, offsetOf(e));
    return found;
  }
}

export function folderPc(db: NodeDatabase, nid: number): PropertyContext {
  return new PropertyContext(LtpNode.fromNid(db, nid));
}

/** The folders reached from the root, and the message NIDs of each (read once: its item count comes from them). */
export interface FolderTree {
  /** Parents first. */
  folders: FolderInfo[];
  /** By folder id: what `folderMessageIds` gave for it. */
  messageIds: Map<number, number[]>;
}

/**
 * The folder tree, walked from the root folder through each folder's hierarchy table, as a flat
 * list with parents first. Paths are the display names below the root folder joined by '/'.
 * Problems are reported through `onProblem` and cost only the folder concerned.
 */
export function readFolderTree(db: NodeDatabase, fallback: TableFallback, onProblem: FolderProblemSink): FolderTree {
  const out: FolderInfo[] = [];
  const messageIds = new Map<number, number[]>();
  const seen = new Set<number>([Nid.ROOT_FOLDER]);
  const walk = (parent: number, parentPath: string | null, depth: number): void => {
    let children: number[];
    try {
      children = tableRowIds(db, folderTableNid(parent, NidType.HIERARCHY_TABLE));
    } catch (e) {
      children = fallback.folders(parent);
      onProblem(parent, `hierarchy table: ${errorText(e)}; ${fallback.describe(children.length, 'subfolders')}`, offsetOf(e));
    }
    for (const nid of children) {
      if (seen.has(nid) || depth > MAX_FOLDER_DEPTH) {
        onProblem(nid, 'folder appears twice in the hierarchy (loop); skipped', null);
        continue;
      }
      seen.add(nid);
      let info: FolderInfo;
      try {
        const get = folderPc(db, nid);
        const name = stringOf((id) => get.get(id), P.DisplayName);
        const ids = folderMessageIds(db, nid, fallback, onProblem);
        messageIds.set(nid, ids);
        info = {
          id: nid,
          parentId: parent === Nid.ROOT_FOLDER ? null : parent,
          name,
          path: parentPath === null ? name : `${parentPath}/${name}`,
          containerClass: stringOf((id) => get.get(id), P.ContainerClass) || null,
          itemCount: ids.length,
          unreadCount: int32Of(get.get(P.ContentUnreadCount)) ?? 0,
          hasSubfolders: (get.get(P.Subfolders)?.data[0] ?? 0) !== 0,
          source: 'live',
        };
      } catch (e) {
        onProblem(nid, `folder properties: ${errorText(e)}`, offsetOf(e));
        continue;
      }
      out.push(info);
      walk(nid, info.path, depth + 1);
    }
  };
  walk(Nid.ROOT_FOLDER, null, 0);
  return { folders: out, messageIds };
}

/** Names Exchange and Outlook give the top of the user's folders in an OST's root. */
const IPM_SUBTREE_NAMES = new Set(['IPM_SUBTREE', 'Top of Information Store', 'Top of Personal Folders', 'Top of Outlook data file']);

/**
 * The IPM subtree ("Top of Outlook data file"): a PST names it in the store's entry id; an OST's
 * store has none [format.md §5], so the root folder's children are searched by name.
 */
export function findIpmSubtree(db: NodeDatabase, folders: FolderInfo[]): number | null {
  try {
    const store = new PropertyContext(LtpNode.fromNid(db, Nid.MESSAGE_STORE));
    const eid = store.get(P.IpmSubtreeEntryId);
    const nid = eid ? nidFromEntryId(eid.data) : undefined;
    if (nid !== undefined && folders.some((f) => f.id === nid)) return nid;
  } catch {
    // A damaged store object leaves the name search below.
  }
  // An OST root holds "Root - Mailbox" (and sometimes "Root - Public"), each with an IPM_SUBTREE:
  // the user's mail is in the candidate with the most folders under it.
  const candidates = folders.filter((f) => IPM_SUBTREE_NAMES.has(f.name) && f.path.split('/').length <= 2);
  const below = (f: FolderInfo) => folders.filter((x) => x.path.startsWith(`${f.path}/`)).length;
  return candidates.sort((a, b) => below(b) - below(a))[0]?.id ?? null;
}

export function storeDisplayName(db: NodeDatabase): string {
  try {
    const store = new PropertyContext(LtpNode.fromNid(db, Nid.MESSAGE_STORE));
    return stringOf((id) => store.get(id), P.DisplayName);
  } catch {
    return '';
  }
}
