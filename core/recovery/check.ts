import { basename } from 'node:path';
import { readBlock } from '../ndb/block.js';
import { decodeBlockEntry, decodeNodeEntry, type BlockEntry } from '../ndb/btree.js';
import { NodeDatabase, openSource } from '../ndb/database.js';
import { blockTotalSize, PType } from '../ndb/geometry.js';
import { bidKey, folderTableNid, NidType, nidType } from '../ndb/ids.js';
import { ChildrenByParent, folderPc, readFolderTree } from '../messaging/folders.js';
import { drain, partialLosses, readMessage } from '../messaging/message.js';
import { int32Of, P } from '../messaging/props.js';
import type { RunControl } from '../model.js';
import { checkpoint } from './control.js';
import { AREA_MEANING, hex, type Finding, type FindingArea, type FindingSink } from './findings.js';
import { salvageHeader } from './header-salvage.js';
import { NodeCandidates, NodeOrigin, RecoveredBlockIndex, RecoveredNodeIndex } from './indexes.js';
import { BlockList } from './scan.js';
import { deepScan, type RecoverySummary } from './index.js';
import { walkTree } from './tree-walk.js';
import { errorText, offsetOf } from '../errors.js';

export interface CheckReport {
  file: string;
  sizeBytes: number;
  variant: string;
  /** The variant as a person reads it, e.g. "OST 2013+ (4 KiB pages, compressed)". */
  variantLabel: string;
  deep: boolean;
  /** What was examined. */
  totals: { indexPages: number; blocks: number; nodes: number; folders: number; items: number; findings: number };
  /** Findings per area, with a one-line meaning; only areas with findings. */
  groups: Array<{ area: FindingArea; meaning: string; count: number }>;
  findings: Finding[];
  /** What a deep scan recovers (with --deep only). */
  recovery: RecoverySummary | null;
  /** No finding at all. */
  clean: boolean;
}

/** Blocks verified between checkpoints (cancel, progress). */
const BLOCK_STEP = 512;

/**
 * Checks every structure reachable from the header: header CRCs, every index page, every block the
 * block index lists (trailer, CRC, decoding, inflation), every node's block and parent references,
 * every folder's tables and counts, and every item's properties, recipients and attachments. With
 * `deep`, also runs the deep scan and reports what it recovers beyond the live structure.
 */
export async function checkFile(path: string, options: { deep?: boolean }, control?: RunControl): Promise<CheckReport> {
  const findings: Finding[] = [];
  const keys = new Set<string>();
  const report: FindingSink = (f) => {
    const key = `${f.area}|${f.offset}|${f.object}|${f.problem}`;
    if (!keys.has(key)) {
      keys.add(key);
      findings.push(f);
    }
  };
  const src = openSource(path, basename(path));
  const totals = { indexPages: 0, blocks: 0, nodes: 0, folders: 0, items: 0, findings: 0 };
  let variant: string;
  let variantLabel: string;
  const sizeBytes = src.size;
  try {
    const header = await salvageHeader(src, basename(path), report, control);
    const g = header.geometry;
    variant = g.id;
    variantLabel = g.label;
    const nodeCandidates = new NodeCandidates();
    // Columns, not an object per entry: a 4 GB file's block index has a quarter of a million of them.
    const bbtEntries = new BlockList();
    const nbt = walkTree(g, src, header.root.nbt, PType.NBT, (page, off) => nodeCandidates.add(decodeNodeEntry(g, page, off), NodeOrigin.Live, 0), report);
    const bbt = walkTree(
      g,
      src,
      header.root.bbt,
      PType.BBT,
      (page, off) => {
        const e = decodeBlockEntry(g, page, off);
        bbtEntries.push(e.bid, e.ib, e.cb, e.cbInflated);
      },
      report,
    );
    totals.indexPages = nbt.pages.size + bbt.pages.size;

    // Each block is read to be checked, not kept: one buffer serves them all.
    const scratch = new Uint8Array(blockTotalSize(g, g.block.maxData));
    for (let i = 0; i < bbtEntries.length; i++) {
      const e: BlockEntry = { bid: bbtEntries.bid.get(i), ib: bbtEntries.ib.get(i), cb: bbtEntries.cb.get(i), cbInflated: bbtEntries.cbInflated.get(i), cRef: 1 };
      try {
        readBlock(g, src, e, header.encoding!, scratch);
      } catch (err) {
        report({ area: 'block', offset: offsetOf(err) ?? e.ib, object: `block ${hex(e.bid)}`, problem: errorText(err) });
      }
      if (i % BLOCK_STEP === BLOCK_STEP - 1) {
        await checkpoint(control);
        control?.onProgress?.({ phase: 'blocks', bytesDone: i, bytesTotal: bbtEntries.length, items: 0 });
      }
    }
    totals.blocks = bbtEntries.length;

    const nodes = new RecoveredNodeIndex(nodeCandidates);
    // No scan here: the index is the BBT's own entries, which it takes over.
    const blocks = new RecoveredBlockIndex(bbtEntries, null);
    totals.nodes = nodes.size;
    for (const e of nodes.entries()) {
      for (const [what, bid] of [['data', e.bidData], ['subnode', e.bidSub]] as const) {
        if (bid !== 0 && !blocks.lookup(bidKey(bid))) {
          report({ area: 'node', offset: null, object: `node ${hex(e.nid)}`, problem: `its ${what} block ${hex(bid)} is not in the block index` });
        }
      }
      const t = nidType(e.nid);
      if ((t === NidType.NORMAL_FOLDER || t === NidType.NORMAL_MESSAGE) && !nodes.lookup(e.nidParent)) {
        report({ area: 'node', offset: null, object: `node ${hex(e.nid)}`, problem: `its parent folder ${hex(e.nidParent)} does not exist (orphan)` });
      }
    }

    const db = NodeDatabase.withIndexes(src, header, nodes, blocks);
    const { folders, messageIds } = readFolderTree(db, new ChildrenByParent(db), (nid, problem, offset) => report({ area: 'folder', offset, object: `folder ${hex(nid)}`, problem }));
    totals.folders = folders.length;
    for (const f of folders) {
      const object = `folder "${f.path}" (${hex(f.id)})`;
      // A contents table that cannot be read was reported while the tree was read; the items the node index places in its folder are checked all the same.
      const rows = messageIds.get(f.id) ?? [];
      // Search folders (Reminders, To-Do Search) keep a count but often no contents table [format.md §5].
      if (!db.node(folderTableNid(f.id, NidType.CONTENTS_TABLE))) continue;
      try {
        const count = int32Of(folderPc(db, f.id).get(P.ContentCount));
        if (count !== undefined && count !== rows.length) report({ area: 'folder', offset: null, object, problem: `says it holds ${count} items, its contents table lists ${rows.length}` });
      } catch (e) {
        report({ area: 'folder', offset: offsetOf(e), object, problem: `properties: ${errorText(e)}` });
      }
      for (const nid of rows) {
        const item = `item ${hex(nid)} in "${f.path}"`;
        if (!db.node(nid)) {
          report({ area: 'node', offset: null, object: item, problem: 'listed in the contents table but missing from the node index' });
          continue;
        }
        totals.items++;
        try {
          // Attachments are streamed, not held whole (a 25 MB one was a 25 MB spike), and read to the end:
          // what of them cannot be read is known only then.
          const msg = readMessage(db, nid, { attachmentData: 'stream' });
          for (const a of msg.attachments) if (a.dataStream) drain(a.dataStream());
          for (const p of msg.problems) report({ area: 'item', offset: p.offset, object: item, problem: p.text });
          for (const l of partialLosses(msg)) report({ area: 'item', offset: l.offset, object: item, problem: l.text });
        } catch (e) {
          report({ area: 'item', offset: offsetOf(e), object: item, problem: errorText(e) });
        }
        if (totals.items % BLOCK_STEP === 0) await checkpoint(control);
      }
    }
  } finally {
    src.close();
  }

  let recovery: RecoverySummary | null = null;
  if (options.deep) {
    const store = await deepScan(path, control);
    try {
      for (const f of store.problems) report(f);
      // Deleted items still in unallocated space are normal, not damage: they are reported as figures only.
      recovery = store.summary;
    } finally {
      store.close();
    }
  }

  totals.findings = findings.length;
  const groups = (Object.keys(AREA_MEANING) as FindingArea[])
    .map((area) => ({ area, meaning: AREA_MEANING[area], count: findings.filter((f) => f.area === area).length }))
    .filter((x) => x.count > 0);
  return { file: path, sizeBytes, variant, variantLabel, deep: options.deep === true, totals, groups, findings, recovery, clean: findings.length === 0 };
}
