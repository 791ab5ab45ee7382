import { put32 } from '../ndb/bytes.js';
import { Nid } from '../ndb/ids.js';
import type { NdbWriter } from '../ndb/write-ndb.js';
import { HeapBuilder } from '../ltp/write-heap.js';
import { reserveBthHeader, writeBth } from '../ltp/write-bth.js';
import { PropType } from '../ltp/proptypes.js';
import { buildPc, type LtpProp } from '../ltp/write-pc.js';
import { TcLayout, TcRows } from '../ltp/write-tc.js';
import { writeTable } from './write-folder.js';
import { LocalNids, NodeSubnodes } from './write-node.js';
import {
  ATTACHMENT_COLUMNS,
  CONTENTS_COLUMNS,
  FAI_COLUMNS,
  HIERARCHY_COLUMNS,
  OUTGOING_QUEUE_COLUMNS,
  RECEIVE_FOLDER_COLUMNS,
  RECIPIENT_COLUMNS,
  SEARCH_CONTENTS_COLUMNS,
  TABLE_6B6_COLUMNS,
  TABLE_6D7_COLUMNS,
  TABLE_6F8_COLUMNS,
} from './write-templates.js';
import { int32 } from './write-values.js';
import { pstEntryId } from './entry-id.js';

/**
 * The store-level nodes of Outlook's own empty PST that are not folders (format.md §4.1, checked
 * node for node against outlook-pst-rs Empty.pst): the store PC, table templates, the receive
 * folder and queue tables, the search bookkeeping nodes and the spam search folder's criteria and
 * table. Opaque search-indexer blobs (0xE01, 0xEE1, 0xF01) are left for Outlook to create.
 */

/** The spam search folder Outlook puts under the root, and its search bookkeeping nodes. */
export const SPAM_SEARCH_FOLDER = 0x2223;
const SPAM_SEARCH_UPDATE_QUEUE = 0x2226;
const SPAM_SEARCH_CRITERIA = 0x2227;
const SPAM_SEARCH_CONTENTS = 0x2230;
const RECEIVE_FOLDER_TABLE = 0x62b;
const OUTGOING_QUEUE_TABLE = 0x64c;
const TABLE_6B6 = 0x6b6;
const TABLE_6D7 = 0x6d7;
const TABLE_6F8 = 0x6f8;
/** GUID→NID heap (client 0x9C) Outlook creates empty. */
const GUID_NID_MAP = 0xc01;
const HEAP_CLIENT_GUID_NID = 0x9c;
/** Nodes Outlook creates with no data at all. */
const EMPTY_NODES = [Nid.SEARCH_MANAGEMENT_QUEUE, 0x261, 0xe41, 0xec1, 0xf21, SPAM_SEARCH_UPDATE_QUEUE];

/** PidTagValidFolderMask bits [MS-PST §2.4.3.1]: which of the store's special folder ids are valid (Empty.pst: 0xC9). */
const FOLDER_IPM_SUBTREE_VALID = 0x01;
const FOLDER_IPM_WASTEBASKET_VALID = 0x08;
const FOLDER_COMMON_VIEWS_VALID = 0x40;
const FOLDER_FINDER_VALID = 0x80;
/** PidTagLatestPstEnsure as Outlook writes it [probe of Empty.pst]. */
const LATEST_PST_ENSURE = 0xe0011;


/** The store's special folders; finder and common views are optional (an Exchange-like tree may lack them). */
export interface StoreFolders {
  ipmSubtree: number;
  wastebasket: number;
  finder?: number;
  commonViews?: number;
}

export function writeStorePc(ndb: NdbWriter, recordKey: Uint8Array, displayName: string, f: StoreFolders): void {
  const special: Array<[id: number, nid: number | undefined, valid: number]> = [
    [0x35e0, f.ipmSubtree, FOLDER_IPM_SUBTREE_VALID],
    [0x35e3, f.wastebasket, FOLDER_IPM_WASTEBASKET_VALID],
    [0x35e6, f.commonViews, FOLDER_COMMON_VIEWS_VALID],
    [0x35e7, f.finder, FOLDER_FINDER_VALID],
  ];
  const mask = special.reduce((m, [, nid, bit]) => (nid === undefined ? m : m | bit), 0);
  const props: LtpProp[] = [
    { id: 0x0ff9, type: PropType.Binary, data: recordKey },
    { id: 0x3001, type: PropType.String, data: Buffer.from(displayName, 'utf16le') },
    { id: 0x35df, type: PropType.Int32, data: int32(mask) },
    ...special.flatMap(([id, nid]) => (nid === undefined ? [] : [{ id, type: PropType.Binary, data: pstEntryId(recordKey, nid) }])),
    { id: 0x6633, type: PropType.Boolean, data: Uint8Array.of(1) },
    { id: 0x66fa, type: PropType.Int32, data: int32(LATEST_PST_ENSURE) },
    { id: 0x67ff, type: PropType.Int32, data: int32(0) },
  ];
  writePcNode(ndb, Nid.MESSAGE_STORE, props, 0);
}

export function writePcNode(ndb: NdbWriter, nid: number, props: readonly LtpProp[], parent: number): void {
  const subs = new NodeSubnodes(ndb, new LocalNids());
  const pages = buildPc(ndb.g, props, subs);
  ndb.addNode(nid, ndb.writeLeaves(pages), subs.write(), parent);
}

function emptyTable(ndb: NdbWriter, nid: number, columns: readonly number[]): void {
  writeTable(ndb, nid, new TcRows(new TcLayout(columns)));
}

/** Templates, queues, search nodes and the spam search folder's criteria and table. */
export function writeStoreSkeleton(ndb: NdbWriter, rootFolder: number): void {
  for (const nid of EMPTY_NODES) ndb.addNode(nid, 0, 0, 0);
  ndb.addNode(Nid.SEARCH_ACTIVITY_LIST, ndb.writeData(int32(SPAM_SEARCH_FOLDER)), 0, 0);
  emptyTable(ndb, Nid.HIERARCHY_TABLE_TEMPLATE, HIERARCHY_COLUMNS);
  emptyTable(ndb, Nid.CONTENTS_TABLE_TEMPLATE, CONTENTS_COLUMNS);
  emptyTable(ndb, Nid.ASSOC_CONTENTS_TABLE_TEMPLATE, FAI_COLUMNS);
  emptyTable(ndb, Nid.SEARCH_CONTENTS_TABLE_TEMPLATE, SEARCH_CONTENTS_COLUMNS);
  emptyTable(ndb, Nid.ATTACHMENT_TABLE, ATTACHMENT_COLUMNS);
  emptyTable(ndb, Nid.RECIPIENT_TABLE, RECIPIENT_COLUMNS);
  emptyTable(ndb, OUTGOING_QUEUE_TABLE, OUTGOING_QUEUE_COLUMNS);
  emptyTable(ndb, TABLE_6B6, TABLE_6B6_COLUMNS);
  emptyTable(ndb, TABLE_6D7, TABLE_6D7_COLUMNS);
  emptyTable(ndb, TABLE_6F8, TABLE_6F8_COLUMNS);
  emptyTable(ndb, SPAM_SEARCH_CONTENTS, SEARCH_CONTENTS_COLUMNS);
  // The receive folder table maps the default message class "" to the folder receiving mail.
  const receive = new TcRows(new TcLayout(RECEIVE_FOLDER_COLUMNS));
  receive.add(1, 2, (tag) => (tag === 0x66050003 ? int32(rootFolder) : tag === 0x001a001f ? new Uint8Array(0) : undefined));
  writeTable(ndb, RECEIVE_FOLDER_TABLE, receive);
  // An empty GUID→NID map: the heap's root item points at an empty BTH of 16-byte keys.
  const heap = new HeapBuilder(ndb.g);
  const root = heap.alloc(new Uint8Array(4));
  const bth = reserveBthHeader(heap);
  writeBth(heap, bth, 16, 4, new Uint8Array(0));
  const ref = new Uint8Array(4);
  put32(ref, 0, bth);
  heap.set(root, ref);
  ndb.addNode(GUID_NID_MAP, ndb.writeLeaves(heap.build(HEAP_CLIENT_GUID_NID, root)), 0, 0);
  writePcNode(ndb, SPAM_SEARCH_CRITERIA, [{ id: 0x660b, type: PropType.Int32, data: int32(0) }], 0);
}
