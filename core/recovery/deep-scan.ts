import { basename } from 'node:path';
import { BlockBTree, btPageLayout, decodeBlockEntry, decodeNodeEntry } from '../ndb/btree.js';
import { readBlock } from '../ndb/block.js';
import type { Encoding } from '../ndb/encoding.js';
import { NodeDatabase, openSource } from '../ndb/database.js';
import { PType, type Geometry } from '../ndb/geometry.js';
import { pageFault } from '../ndb/page.js';
import type { BRef, Header } from '../ndb/header.js';
import type { FileSource } from '../ndb/source.js';
import { growHeapFor } from '../heap-growth.js';
import type { RunControl } from '../model.js';
import { assemble, type Assembly } from './assemble.js';
import { Carving } from './carve.js';
import { checkpoint } from './control.js';
import { hex, type Finding, type FindingSink } from './findings.js';
import { salvageHeader } from './header-salvage.js';
import { NodeCandidates, NodeOrigin, RecoveredBlockIndex, RecoveredNodeIndex, type LiveBlocks } from './indexes.js';
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

/** Pages the scan's BBT lookups keep: the root-to-leaf path of a 4K file's tree, with room to spare. */
const FILE_ORDER_CACHE_BYTES = 64 << 10;

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
  const encoding = header.encoding!;
  // ROOT's BBT, when its root page is sound, serves every block it names where the scan finds it:
  // those are only counted (see RecoveredBlockIndex).
  const live = isSoundPage(g, src, header.root.bbt, PType.BBT) ? liveBlocks(g, src, header.root.bbt, encoding, report) : null;
  // The scan asks in file order, which is nearly BID order, so a lookup needs only the pages on the path the
  // last one took: its own tree keeps those few. Holding the live tree's 512 KB of pages for it instead only
  // churned them through the old generation as garbage (the 4 GB OST's BBT has about 1 400 leaf pages; its
  // scan peaked 1.5-7 MB higher that way).
  const inFileOrder = live && liveBlocks(g, src, header.root.bbt, encoding, report, FILE_ORDER_CACHE_BYTES);
  const served = inFileOrder
    ? (bid: number, ib: number, cb: number) => {
        const e = inFileOrder.lookup(bid);
        return e !== undefined && e.ib === ib && e.cb === cb;
      }
    : undefined;
  const scan = await scanFile(g, src, encoding, control, undefined, served);
  await checkpoint(control);
  const found: ScanTotals = { bytesScanned: scan.bytesScanned, pages: scan.pages.length, blocks: scan.blocksFound };
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

  // The block index: every sound block the scan kept, over the live BBT (ROOT's, or the newest copy found).
  const bbtRoot = live ? null : chooseRoot(header, src, scan.pages, PType.BBT, report);
  const blocks = new RecoveredBlockIndex(scan.blocks, live ?? (bbtRoot && liveBlocks(g, src, bbtRoot, encoding, report)));
  const nodes = new RecoveredNodeIndex(nodeCandidates);
  const db = NodeDatabase.withIndexes(src, header, nodes, blocks);
  const carving = await Carving.find(db, nodes, scan.carveHints, control);
  return { db, nodes, blocks, carving, found };
}

/** Whether `ref` is a sound B-tree page of type `ptype`, as the scan recognises one. */
function isSoundPage(g: Geometry, src: FileSource, ref: BRef, ptype: number): boolean {
  if (!Number.isSafeInteger(ref.ib) || ref.ib < 0 || ref.ib + g.page.size > src.size) return false;
  const page = src.read(ref.ib, g.page.size);
  if (pageFault(g, page, ref.ib, ref.bid, ptype) !== null) return false;
  try {
    btPageLayout(g, page, ref.ib, ptype);
    return true;
  } catch {
    return false;
  }
}

/** A BBT in the file, rooted at `root`, as the rebuilt block index asks it. */
function liveBlocks(g: Geometry, src: FileSource, root: BRef, encoding: Encoding, report: FindingSink, cacheBytes?: number): LiveBlocks {
  const tree = new BlockBTree(g, src, root, cacheBytes);
  return {
    lookup(bid) {
      try {
        return tree.lookup(bid);
      } catch {
        // A damaged page on the way: the BBT names nothing below it, and the scan's list holds those blocks.
        return undefined;
      }
    },
    walk(visit) {
      walkTree(g, src, root, PType.BBT, (page, off) => visit(decodeBlockEntry(g, page, off)), report);
    },
    readable(e) {
      try {
        readBlock(g, src, e, encoding);
        return true;
      } catch {
        return false;
      }
    },
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
