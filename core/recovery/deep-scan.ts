import { basename } from 'node:path';
import { decodeBlockEntry, decodeNodeEntry } from '../ndb/btree.js';
import { NodeDatabase, openSource } from '../ndb/database.js';
import { PType } from '../ndb/geometry.js';
import type { BRef, Header } from '../ndb/header.js';
import type { FileSource } from '../ndb/source.js';
import { growHeapFor } from '../heap-growth.js';
import type { RunControl } from '../model.js';
import { assemble, type Assembly } from './assemble.js';
import { Carving } from './carve.js';
import { checkpoint } from './control.js';
import { hex, type Finding, type FindingSink } from './findings.js';
import { salvageHeader } from './header-salvage.js';
import { NodeCandidates, NodeOrigin, RecoveredBlockIndex, RecoveredNodeIndex } from './indexes.js';
import { scanFile, type PageList } from './scan.js';
import { childRefs, forEachLeafEntry, walkTree } from './tree-walk.js';

/** What the scan found, referenced or not. */
export interface ScanTotals {
  bytesScanned: number;
  pages: number;
  blocks: number;
}

interface Indexed {
  db: NodeDatabase;
  nodes: RecoveredNodeIndex;
  blocks: RecoveredBlockIndex;
  carving: Carving;
  found: ScanTotals;
}

export interface DeepScanResult {
  db: NodeDatabase;
  nodes: RecoveredNodeIndex;
  blocks: RecoveredBlockIndex;
  assembly: Assembly;
  found: ScanTotals;
  headerInferred: boolean;
  findings: Finding[];
}

/** Opens the file read-only and runs the whole deep scan: header, scan, index rebuild, folder tree. */
export async function runDeepScan(path: string, control: RunControl | undefined): Promise<DeepScanResult> {
  const src = openSource(path, basename(path));
  growHeapFor(src.size);
  try {
    return await deepScanSource(src, control);
  } catch (e) {
    src.close();
    throw e;
  }
}

async function deepScanSource(src: FileSource, control: RunControl | undefined): Promise<DeepScanResult> {
  const findings: Finding[] = [];
  const report: FindingSink = (f) => findings.push(f);
  const header = await salvageHeader(src, basename(src.path), report, control);
  const headerInferred = header.root.nbt.ib === 0 && header.root.bbt.ib === 0 && !header.crcPartialOk;
  const { db, nodes, blocks, carving, found } = await scanAndIndex(src, header, report, control);
  const assembly = await assemble(db, nodes, carving, report, control);
  return { db, nodes, blocks, assembly, found, headerInferred, findings };
}

/**
 * Scans the file, rebuilds both indexes from what it found and finds the loose blocks worth carving. A
 * function of its own so that what the scan noted about every block is gone before items are read:
 * nothing after needs it, and on a large file it is megabytes.
 */
async function scanAndIndex(src: FileSource, header: Header, report: FindingSink, control: RunControl | undefined): Promise<Indexed> {
  const g = header.geometry;
  const scan = await scanFile(g, src, header.encoding!, control);
  await checkpoint(control);
  // Counted now: the block index takes the scan's list over and keeps one copy of each block.
  const found: ScanTotals = { bytesScanned: scan.bytesScanned, pages: scan.pages.length, blocks: scan.blocks.length };
  control?.onProgress?.({ phase: 'index', bytesDone: src.size, bytesTotal: src.size, items: found.blocks });

  // The node index: the live tree first, then every other NBT leaf page the scan found.
  const nodeCandidates = new NodeCandidates();
  const nbtRoot = chooseRoot(header, src, scan.pages, PType.NBT, report);
  const liveNbt = nbtRoot
    ? walkTree(g, src, nbtRoot, PType.NBT, (page, off) => nodeCandidates.add(decodeNodeEntry(g, page, off), NodeOrigin.Live, 0), report)
    : { pages: new Set<number>(), rootOk: false };
  for (let i = 0; i < scan.pages.length; i++) {
    const ib = scan.pages.ib.get(i);
    if (scan.pages.ptype.get(i) !== PType.NBT || scan.pages.level.get(i) !== 0 || liveNbt.pages.has(ib)) continue;
    const pageBid = scan.pages.bid.get(i);
    forEachLeafEntry(g, src, ib, PType.NBT, (page, off) => nodeCandidates.add(decodeNodeEntry(g, page, off), NodeOrigin.Stale, pageBid));
  }

  // The block index: every sound block the scan found, plus what the live BBT names.
  const bbtRoot = chooseRoot(header, src, scan.pages, PType.BBT, report);
  const blocks = new RecoveredBlockIndex(scan.blocks, (visit) => {
    if (bbtRoot) walkTree(g, src, bbtRoot, PType.BBT, (page, off) => visit(decodeBlockEntry(g, page, off)), report);
  });
  const nodes = new RecoveredNodeIndex(nodeCandidates);
  const db = NodeDatabase.withIndexes(src, header, nodes, blocks);
  const carving = await Carving.find(db, nodes, scan.carveHints, control);
  return { db, nodes, blocks, carving, found };
}

/**
 * The root page of one index: ROOT's when it is a sound page of the right type, else the newest
 * page of that type no other page points to (the root of the most recent copy of the tree: page
 * BIDs only grow, and a tree's root is rewritten whenever anything below it changes).
 */
function chooseRoot(header: Header, src: FileSource, pages: PageList, ptype: number, report: FindingSink): BRef | null {
  const ref = ptype === PType.NBT ? header.root.nbt : header.root.bbt;
  const name = ptype === PType.NBT ? 'node index (NBT)' : 'block index (BBT)';
  const g = header.geometry;
  const referenced = new Set<number>();
  let found = false;
  for (let i = 0; i < pages.length; i++) {
    if (pages.ptype.get(i) !== ptype) continue;
    const ib = pages.ib.get(i);
    if (ib === ref.ib && pages.bid.get(i) === ref.bid) found = true;
    if (pages.level.get(i) > 0) for (const child of childRefs(g, src, ib, ptype)) referenced.add(child.ib);
  }
  if (found) return ref;
  let best = -1;
  for (let i = 0; i < pages.length; i++) {
    if (pages.ptype.get(i) !== ptype || referenced.has(pages.ib.get(i))) continue;
    if (best < 0 || pages.bid.get(i) > pages.bid.get(best)) best = i;
  }
  const inferred = best < 0 ? null : { bid: pages.bid.get(best), ib: pages.ib.get(best) };
  const object = `ROOT ${name}`;
  if (ref.ib !== 0 || ref.bid !== 0) {
    report({
      area: 'header',
      offset: ref.ib,
      object,
      problem: `ROOT points at page ${hex(ref.bid)} at offset ${ref.ib}, which is not a sound ${name} page${inferred ? `; using the newest unreferenced one at offset ${inferred.ib}` : ''}`,
    });
  }
  return inferred;
}
