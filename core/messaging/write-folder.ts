import { folderTableNid, NidType } from '../ndb/ids.js';
import type { NdbWriter } from '../ndb/write-ndb.js';
import { PropType } from '../ltp/proptypes.js';
import { buildPc, type LtpProp } from '../ltp/write-pc.js';
import { buildTc, TcLayout, TcRows } from '../ltp/write-tc.js';
import { cellsFrom, int32 } from './write-values.js';
import { LocalNids, NodeSubnodes } from './write-node.js';
import { CONTENTS_COLUMNS, FAI_COLUMNS, HIERARCHY_COLUMNS } from './write-templates.js';

const PID_DISPLAY_NAME = 0x3001;
const PID_CONTENT_COUNT = 0x3602;
const PID_CONTENT_UNREAD_COUNT = 0x3603;
const PID_SUBFOLDERS = 0x360a;
/** Counts and flags a folder's PC and its parent's hierarchy row must agree on; always recomputed. */
export const FOLDER_COMPUTED_PROPS: ReadonlySet<number> = new Set([PID_CONTENT_COUNT, PID_CONTENT_UNREAD_COUNT, PID_SUBFOLDERS]);

/**
 * A folder being written. Its messages are written as they arrive; what stays in memory are its
 * properties, its children and the compact rows of its contents and FAI tables until those are
 * written: by writeContents() once the folder is complete, or else by write(). PC and hierarchy
 * table are written by write(), when counts are final [MS-PST §2.4.4].
 */
export class FolderState {
  readonly children: FolderState[] = [];
  readonly contents: TcRows;
  readonly fai: TcRows;
  unread = 0;
  private contentsWritten = false;

  constructor(
    readonly nid: number,
    readonly parent: FolderState | null,
    readonly props: LtpProp[],
    /** False for the spam search folder, whose contents live in a search table written elsewhere. */
    readonly hasTables: boolean,
    faiColumns: readonly number[] = FAI_COLUMNS,
  ) {
    this.contents = new TcRows(new TcLayout(CONTENTS_COLUMNS));
    this.fai = new TcRows(new TcLayout(faiColumns));
  }

  /** Messages may be added until the contents tables are written. */
  get open(): boolean {
    return !this.contentsWritten;
  }

  /** Writes the contents and FAI tables now, freeing their rows: no message may be added after. */
  writeContents(ndb: NdbWriter): void {
    if (this.contentsWritten || !this.hasTables) return;
    this.contentsWritten = true;
    writeTable(ndb, folderTableNid(this.nid, NidType.CONTENTS_TABLE), this.contents);
    writeTable(ndb, folderTableNid(this.nid, NidType.ASSOC_CONTENTS_TABLE), this.fai);
    this.contents.releaseBefore(this.contents.count);
    this.fai.releaseBefore(this.fai.count);
  }

  /** The PC as written: stored props plus the recomputed counts. */
  finalProps(): LtpProp[] {
    const out = this.props.filter((p) => !FOLDER_COMPUTED_PROPS.has(p.id));
    out.push({ id: PID_CONTENT_COUNT, type: PropType.Int32, data: int32(this.contents.count) });
    out.push({ id: PID_CONTENT_UNREAD_COUNT, type: PropType.Int32, data: int32(this.unread) });
    out.push({ id: PID_SUBFOLDERS, type: PropType.Boolean, data: Uint8Array.of(this.children.length > 0 ? 1 : 0, 0, 0, 0) });
    if (!out.some((p) => p.id === PID_DISPLAY_NAME)) out.push({ id: PID_DISPLAY_NAME, type: PropType.String, data: new Uint8Array(0) });
    return out;
  }

  /** Writes the PC and the tables not yet written as NBT nodes. rowVer numbers the hierarchy rows. */
  write(ndb: NdbWriter, rowVer: () => number): void {
    const g = ndb.g;
    const pcSubs = new NodeSubnodes(ndb, new LocalNids());
    const pc = buildPc(g, this.finalProps(), pcSubs);
    ndb.addNode(this.nid, ndb.writeLeaves(pc), pcSubs.write(), this.parent ? this.parent.nid : this.nid);
    if (!this.hasTables) return;
    const hierarchy = new TcRows(new TcLayout(HIERARCHY_COLUMNS));
    for (const child of this.children) hierarchy.add(child.nid, rowVer(), cellsFrom(child.finalProps()));
    writeTable(ndb, folderTableNid(this.nid, NidType.HIERARCHY_TABLE), hierarchy);
    this.writeContents(ndb);
  }
}

/** Writes a table context as a top-level node (tables have nidParent 0, as in Outlook's files). */
export function writeTable(ndb: NdbWriter, nid: number, rows: TcRows): void {
  const subs = new NodeSubnodes(ndb, new LocalNids());
  const pages = buildTc(ndb.g, rows, subs);
  ndb.addNode(nid, ndb.writeLeaves(pages), subs.write(), 0);
}
