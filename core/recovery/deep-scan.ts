import { basename } from 'node:path';
import { decodeBlockEntry, decodeNodeEntry } from '../ndb/btree.js';
import { NodeDatabase, openSource } from '../ndb/database.js';
import { PType } from '../ndb/geometry.js';
import type { BRef, Header } from '../ndb/header.js';
import type { FileSource } from '../ndb/source.js';
import { growHeapFor } from '../heap-growth.js';
import type { RunControl } from '../model.js';
import { assemble, type Assembly } from './assemble.js';
import type { CarveHints } from './carve-hints.js';
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
  nodes: RecoveredNodeIndex;
  blocks: RecoveredBlockIndex;
  carveHints: CarveHints;
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
  const { nodes, blocks, carveHints, found } = await scanAndIndex(src, header, report, control);
  const db = NodeDatabase.withIndexes(src, header, nodes, blocks);
  const assembly = await assemble(db, nodes, carveHints, report, control);
  return { db, nodes, blocks, assembly, found, headerInferred, findings };
}

/**
 * Scans the file and rebuilds both indexes from what it found. A function of its own so that the
 * scan's lists are gone once the indexes are built: nothing after needs them, and on a large file
 * they are the biggest thing the scan holds.
 */
async function scanAndIndex(src: FileSource, header: Header, report: FindingSink, control: RunControl | undefined): Promise<Indexed> {
  const g = header.geometry;
  const scan = await scanFile(g, src, header.encoding!, control);
  await checkpoint(control);
  control?.onProgress?.({ phase: 'index', bytesDone: src.size, bytesTotal: src.size, items: scan.blocks.length });

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
  return {
    nodes: new RecoveredNodeIndex(nodeCandidates),
    blocks,
    carveHints: scan.carveHints,
    found: { bytesScanned: scan.bytesScanned, pages: scan.pages.length, blocks: scan.blocks.length },
  };
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
