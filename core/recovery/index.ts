/**
 * Recovery engine (issue 4): the deep scan and the integrity check.
 *
 * API, all of it:
 *
 *   const store = await deepScan(path, control);   // RunControl: cancel + progress, checked every few MB
 *   store.folders                 // FolderInfo[], parents first: the live tree, folders found by their
 *                                 // parent ids, and the synthetic "Recovered Items" (source 'orphan'),
 *                                 // "Recovered Items/Orphans" ('orphan'), "Recovered Items/Deleted" ('deleted')
 *                                 // and "Recovered Items/Carved" ('carved': items no index entry names,
 *                                 // rebuilt from the blocks of their properties)
 *   store.messageIds(folderId)    // message NIDs placed in that folder; each message is in exactly one folder
 *   store.message(nid, opts)      // the MessageObject (per-part problems inside), as Mailbox.message gives
 *   store.db                      // a NodeDatabase over the rebuilt node and block indexes: the LTP and
 *                                 // messaging readers (LtpNode, PropertyContext, readMessage, readNameMap...)
 *                                 // work on it unchanged
 *   store.problems                // Finding[]: every loss, with its offset and what was wrong
 *   store.summary                 // counts for the app and the CLI
 *   store.close()
 *
 *   const report = await checkFile(path, { deep }, control);   // the `ost-rescue check` report
 *
 * The source file is only ever opened read-only.
 */
import { readMessage, type ReadOptions } from '../messaging/message.js';
import type { MessageObject } from '../messaging/objects.js';
import type { NodeDatabase } from '../ndb/database.js';
import type { FolderInfo, RunControl } from '../model.js';
import { RecoveredFolderId } from './assemble.js';
import { readCarvedMessage } from './carve.js';
import { runDeepScan } from './deep-scan.js';
import type { Finding } from './findings.js';
import type { RecoveredNodeIndex } from './indexes.js';

export { RecoveredFolderId } from './assemble.js';
export { AREA_MEANING, type Finding, type FindingArea } from './findings.js';
export { checkFile, type CheckReport } from './check.js';

export interface RecoverySummary {
  variant: string;
  encoding: string;
  /** The header could not be parsed and was rebuilt from the file's structure. */
  headerInferred: boolean;
  bytesScanned: number;
  /** Sound B-tree pages and data blocks the scan found, referenced or not. */
  pagesFound: number;
  blocksFound: number;
  /** Entries in the rebuilt indexes. */
  nodes: number;
  blocks: number;
  folders: number;
  /** Messages placed, by where they came from. */
  items: { live: number; orphans: number; deleted: number; carved: number };
  /** Stale index entries for messages whose data no longer reads. */
  unrecoverableDeleted: number;
  durationMs: number;
}

export class RecoveredStore {
  constructor(
    readonly db: NodeDatabase,
    private readonly nodes: RecoveredNodeIndex,
    readonly folders: FolderInfo[],
    private readonly messages: Map<number, number[]>,
    readonly problems: Finding[],
    readonly summary: RecoverySummary,
  ) {}

  messageIds(folderId: number): number[] {
    return this.messages.get(folderId) ?? [];
  }

  message(nid: number, opts?: ReadOptions): MessageObject {
    return this.nodes.isCarved(nid) ? readCarvedMessage(this.db, nid, opts) : readMessage(this.db, nid, opts);
  }

  close(): void {
    this.db.close();
  }
}

/** Scans the whole file and rebuilds what it can (see the top of this file). */
export async function deepScan(path: string, control?: RunControl): Promise<RecoveredStore> {
  const started = Date.now();
  const r = await runDeepScan(path, control);
  const { folders, messages } = r.assembly;
  const count = (pred: (f: FolderInfo) => boolean) => folders.filter(pred).reduce((n, f) => n + (messages.get(f.id)?.length ?? 0), 0);
  const underOrphans = (f: FolderInfo): boolean => f.id === RecoveredFolderId.orphans || (f.parentId !== null && underOrphans(folders.find((x) => x.id === f.parentId)!));
  const orphans = count(underOrphans);
  const deleted = count((f) => f.id === RecoveredFolderId.deleted);
  const carved = count((f) => f.id === RecoveredFolderId.carved);
  const total = count(() => true);
  return new RecoveredStore(r.db, r.nodes, folders, messages, r.findings, {
    variant: r.db.geometry.id,
    encoding: r.db.encoding,
    headerInferred: r.headerInferred,
    bytesScanned: r.found.bytesScanned,
    pagesFound: r.found.pages,
    blocksFound: r.found.blocks,
    nodes: r.nodes.size,
    blocks: r.blocks.size,
    folders: folders.length,
    items: { live: total - orphans - deleted - carved, orphans, deleted, carved },
    unrecoverableDeleted: r.assembly.unrecoverableDeleted,
    durationMs: Date.now() - started,
  });
}
