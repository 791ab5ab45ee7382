import type { NodeDatabase } from '../ndb/database.js';
import { makeNid, Nid, NidType, nidType } from '../ndb/ids.js';
import { LtpNode } from '../ltp/node.js';
import { PropertyContext } from '../ltp/pc.js';
import { folderMessageIds, folderPc, readFolderTree, type TableFallback } from '../messaging/folders.js';
import { int32Of, P } from '../messaging/props.js';
import { stringOf } from '../messaging/views.js';
import type { FolderInfo, Provenance, RunControl } from '../model.js';
import type { Carving } from './carve.js';
import { checkpoint } from './control.js';
import { hex, type FindingSink } from './findings.js';
import type { RecoveredNodeIndex } from './indexes.js';
import { errorText, offsetOf } from '../errors.js';

/**
 * Ids of the synthetic folders recovery adds. They are folder NIDs with the highest indexes a NID
 * can carry (27 bits), which no real file allocates, so they never collide with the file's own.
 */
export const RecoveredFolderId = {
  /** "Recovered Items", at the top level. */
  root: makeNid(NidType.NORMAL_FOLDER, 0x7ffffff),
  /** "Recovered Items/Orphans": items (and folders) whose folder is gone. */
  orphans: makeNid(NidType.NORMAL_FOLDER, 0x7fffffe),
  /** "Recovered Items/Deleted": items found only in stale index pages (deleted or superseded). */
  deleted: makeNid(NidType.NORMAL_FOLDER, 0x7fffffd),
  /** "Recovered Items/Carved": items no index entry names, rebuilt from loose blocks (carve.ts). */
  carved: makeNid(NidType.NORMAL_FOLDER, 0x7fffffc),
} as const;

/** Name and provenance of each synthetic folder. */
const SYNTHETIC: Readonly<Record<number, { name: string; source: Provenance }>> = {
  [RecoveredFolderId.root]: { name: 'Recovered Items', source: 'orphan' },
  [RecoveredFolderId.orphans]: { name: 'Orphans', source: 'orphan' },
  [RecoveredFolderId.deleted]: { name: 'Deleted', source: 'deleted' },
  [RecoveredFolderId.carved]: { name: 'Carved', source: 'carved' },
};

export interface Assembly {
  /** Parents first; the synthetic folders appear only when they hold something. */
  folders: FolderInfo[];
  /** Message NIDs per folder id, each message in exactly one folder. */
  messages: Map<number, number[]>;
  /** Deleted-item candidates (stale index entries) whose data no longer reads. */
  unrecoverableDeleted: number;
}

/**
 * What a folder table that cannot be read listed is found by steps 2 and 4 below, from the rebuilt node
 * index's live entries: the index also holds stale copies, which must not be taken for the folder's own.
 */
const FOUND_BELOW: TableFallback = {
  folders: () => [],
  messages: () => [],
  describe: (_count, what) => `its ${what} are placed from the rebuilt node index`,
};

/** Checkpoint (cancel, progress) after this many items. */
const ITEM_STEP = 256;

/**
 * Rebuilds the folder tree and places every readable message in exactly one folder:
 * 1. folders reachable from the root through hierarchy tables (as the normal reader does);
 * 2. live folders not reached, under their parent (by the index's parent id) when it is known, else
 *    under "Recovered Items/Orphans";
 * 3. messages listed in a folder's contents table;
 * 4. live messages no table lists: in their parent folder when it exists, else in Orphans;
 * 5. messages only stale index pages know, when they still read: in "Recovered Items/Deleted";
 * 6. message PCs no index entry names, carved from loose blocks, unless they are copies of an item
 *    placed above: in "Recovered Items/Carved".
 * A live message whose properties do not read is placed all the same (and reported): a bad block
 * costs that block's data, not the message.
 */
export async function assemble(db: NodeDatabase, nodes: RecoveredNodeIndex, carving: Carving, report: FindingSink, control: RunControl | undefined): Promise<Assembly> {
  const folderProblem = (nid: number, problem: string, offset: number | null = null) => report({ area: 'folder', offset, object: `folder ${hex(nid)}`, problem });
  const tree = readFolderTree(db, FOUND_BELOW, folderProblem);
  const folders = tree.folders;
  const byId = new Map<number, FolderInfo>(folders.map((f) => [f.id, f]));
  const synthetic = new Map<number, FolderInfo>();
  const syntheticFolder = (id: number): FolderInfo => {
    let f = synthetic.get(id) ?? byId.get(id);
    if (f) return f;
    if (id !== RecoveredFolderId.root) syntheticFolder(RecoveredFolderId.root);
    const { name, source } = SYNTHETIC[id]!;
    f = {
      id,
      parentId: id === RecoveredFolderId.root ? null : RecoveredFolderId.root,
      name,
      path: id === RecoveredFolderId.root ? name : `Recovered Items/${name}`,
      containerClass: 'IPF.Note',
      itemCount: 0,
      unreadCount: 0,
      hasSubfolders: false,
      source,
    };
    synthetic.set(id, f);
    byId.set(id, f);
    return f;
  };

  // 2. Live folders the hierarchy tables do not reach.
  const pending = new Map<number, number>();
  for (const e of nodes.entries()) {
    if (nidType(e.nid) === NidType.NORMAL_FOLDER && e.nid !== Nid.ROOT_FOLDER && !byId.has(e.nid) && nodes.isLive(e.nid)) pending.set(e.nid, e.nidParent);
  }
  while (pending.size > 0) {
    let attached = false;
    for (const [nid, parent] of pending) {
      const parentFolder = parent === Nid.ROOT_FOLDER ? null : byId.get(parent);
      if (parentFolder === undefined) continue;
      addFolder(db, nid, parentFolder, parentFolder?.source ?? 'live', byId, folders, folderProblem);
      pending.delete(nid);
      attached = true;
    }
    if (attached) continue;
    // Whatever is left has no known parent: the top of each such chain becomes an orphan folder.
    const top = [...pending.keys()].find((nid) => !pending.has(pending.get(nid)!)) ?? pending.keys().next().value!;
    addFolder(db, top, syntheticFolder(RecoveredFolderId.orphans), 'orphan', byId, folders, folderProblem);
    pending.delete(top);
  }

  // 3. Contents tables. Every item placed from the index is read once, and checked against the carved PCs then.
  const messages = new Map<number, number[]>();
  const placed = new Set<number>();
  let done = 0;
  const readable = (nid: number, reportFailure: boolean): boolean => {
    try {
      carving.dropCopiesOf(new PropertyContext(LtpNode.fromNid(db, nid)));
      return true;
    } catch (e) {
      if (reportFailure) report({ area: 'item', offset: offsetOf(e), object: `item ${hex(nid)}`, problem: errorText(e) });
      return false;
    }
  };
  const place = async (nid: number, folder: number): Promise<void> => {
    placed.add(nid);
    let list = messages.get(folder);
    if (!list) messages.set(folder, (list = []));
    list.push(nid);
    if (++done % ITEM_STEP === 0) {
      await checkpoint(control);
      control?.onProgress?.({ phase: 'items', bytesDone: db.src.size, bytesTotal: db.src.size, items: done });
    }
  };
  for (const f of [...folders]) {
    // The tree's folders' tables were read (and their damage reported) with the tree; step 2's are read here.
    const rows = tree.messageIds.get(f.id) ?? folderMessageIds(db, f.id, FOUND_BELOW, folderProblem);
    for (const nid of rows) {
      if (placed.has(nid)) continue;
      if (!db.node(nid)) {
        report({ area: 'node', offset: null, object: `item ${hex(nid)}`, problem: `listed in folder "${f.path}" but missing from the node index` });
        continue;
      }
      // A message whose own properties no longer read is still listed: its table row, recipients and
      // attachments may survive, and the exporter reports what is lost.
      readable(nid, true);
      await place(nid, f.id);
    }
  }

  // 4 and 5. Messages no table lists.
  let unrecoverableDeleted = 0;
  const loose: Array<{ nid: number; parent: number }> = [];
  for (const e of nodes.entries()) if (nidType(e.nid) === NidType.NORMAL_MESSAGE && !placed.has(e.nid)) loose.push({ nid: e.nid, parent: e.nidParent });
  for (const { nid, parent } of loose) {
    const live = nodes.isLive(nid);
    // Stale entries are kept only when they still read: otherwise they are leftovers, not items.
    if (!readable(nid, live) && !live) {
      unrecoverableDeleted++;
      continue;
    }
    const home = byId.get(parent);
    const target = live ? (home && !synthetic.has(parent) ? parent : syntheticFolder(RecoveredFolderId.orphans).id) : syntheticFolder(RecoveredFolderId.deleted).id;
    await place(nid, target);
  }

  // 6. Carved PCs that are items of their own.
  for (const nid of carving.register(nodes)) await place(nid, syntheticFolder(RecoveredFolderId.carved).id);

  const ordered = parentsFirst([...folders, ...synthetic.values()]);
  for (const f of ordered) {
    f.itemCount = messages.get(f.id)?.length ?? 0;
    f.hasSubfolders = ordered.some((x) => x.parentId === f.id);
  }
  return { folders: ordered, messages, unrecoverableDeleted };
}

/** Depth-first from the top-level folders, keeping each level's order: every parent before its children. */
function parentsFirst(all: FolderInfo[]): FolderInfo[] {
  const children = new Map<number | null, FolderInfo[]>();
  for (const f of all) {
    const list = children.get(f.parentId);
    if (list) list.push(f);
    else children.set(f.parentId, [f]);
  }
  const out: FolderInfo[] = [];
  const visit = (parent: number | null): void => {
    for (const f of children.get(parent) ?? []) {
      out.push(f);
      visit(f.id);
    }
  };
  visit(null);
  return out;
}

function addFolder(
  db: NodeDatabase,
  nid: number,
  parent: FolderInfo | null,
  source: Provenance,
  byId: Map<number, FolderInfo>,
  folders: FolderInfo[],
  problem: (nid: number, message: string) => void,
): void {
  let name = `Folder ${hex(nid)}`;
  let containerClass: string | null = null;
  let unreadCount = 0;
  try {
    const pc = folderPc(db, nid);
    name = stringOf((id) => pc.get(id), P.DisplayName) || name;
    containerClass = stringOf((id) => pc.get(id), P.ContainerClass) || null;
    unreadCount = int32Of(pc.get(P.ContentUnreadCount)) ?? 0;
  } catch (e) {
    problem(nid, `folder properties: ${errorText(e)}`);
  }
  const info: FolderInfo = {
    id: nid,
    parentId: parent?.id ?? null,
    name,
    path: parent ? `${parent.path}/${name}` : name,
    containerClass,
    itemCount: 0,
    unreadCount,
    hasSubfolders: false,
    source,
  };
  byId.set(nid, info);
  folders.push(info);
}
