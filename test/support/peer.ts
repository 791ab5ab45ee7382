// pst-extractor 1.12 (a devDependency), the TypeScript reader we benchmark against, run in-process: the items it
// lists in each folder. It is not an oracle: it has defects that hit Outlook's own files exactly as they hit ours,
// and a test that uses it must stay where pst-extractor reads Outlook's files correctly:
//
// 1. ANSI B-tree descent (dist/PSTFile.class.js, findBtreeItem, line 468): a branch page's keys are compared with
//    `indexIdOfFirstChildNode > index`, two `Long` objects. `Long` has no numeric valueOf, so JavaScript compares
//    their decimal strings ("8742" > "97" is false) and the lookup lands in the wrong child page. The Unicode path
//    uses `greaterThan()`. Every ANSI file with a two-level NBT fails on opening with "findBtreeItem Unable to find
//    97" (NID_NAME_TO_ID_MAP): Outlook's sample2.pst, test_ansi.pst and the Outlook 97 file of the shared
//    fixtures as much as ours (branch page: cEnt keyed by each child's first NID, [MS-PST §2.2.2.7.7.2], same
//    layout in both). `compareLongsAsNumbers` corrects this one defect for the duration of a walk.
// 2. ANSI table rows (dist/PSTTable7C.class.js, getItems, lines 27 and 149): rows past the first row block are
//    looked for at `8176 + 4 * (offset / 8176)`, while an ANSI block holds 8192 - 12 = 8180 bytes of whole rows
//    [MS-PST §2.3.4.4.1]. Outlook 97's Inbox of 170 items (row size 118, 69 rows per 8180-byte block, as Outlook
//    wrote it) yields garbage NIDs from row 87 on.
// 3. 4 KiB-page OSTs (same place): rows per block are computed for 8176-byte blocks, while these blocks hold
//    65 512 bytes and Outlook puts all 160 rows (339 bytes each) of "United States holidays" in
//    pstextractortest@outlook.com.ost in one 54 240-byte block; pst-extractor silently stops after 24 rows.
// So: ANSI needs (1) corrected, and in ANSI and 4K files every contents table must fit 8176 bytes.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import extractor, { type PSTFolder } from 'pst-extractor';

interface LongClass {
  prototype: { toNumber(): number; valueOf(): unknown };
}

/**
 * Runs `walk` with pst-extractor's `Long` comparing by value (defect 1 above), then restores it. The class is the
 * CommonJS `long` that pst-extractor itself requires, not the ES module build an `import` would give.
 */
export function compareLongsAsNumbers<T>(walk: () => T): T {
  const requireFromPeer = createRequire(fileURLToPath(import.meta.resolve('pst-extractor')));
  const mod = requireFromPeer('long') as LongClass | { default: LongClass };
  const proto = ('default' in mod ? mod.default : mod).prototype;
  const own = Object.getOwnPropertyDescriptor(proto, 'valueOf');
  proto.valueOf = function (this: { toNumber(): number }) {
    return this.toNumber();
  };
  try {
    return walk();
  } finally {
    if (own) Object.defineProperty(proto, 'valueOf', own);
    else delete (proto as { valueOf?: unknown }).valueOf;
  }
}

/** Items pst-extractor returns per folder, by display names below the root joined with '/' (pffexport's `path`). */
export function peerFolderItems(file: string): Map<string, number> {
  const pst = new extractor.PSTFile(file);
  const counts = new Map<string, number>();
  const visit = (folder: PSTFolder, names: string[]): void => {
    let items = 0;
    if (folder.contentCount > 0) for (let m = folder.getNextChild(); m !== null; m = folder.getNextChild()) items++;
    counts.set(names.join('/'), items);
    if (folder.hasSubfolders) for (const child of folder.getSubFolders()) visit(child, [...names, child.displayName]);
  };
  try {
    visit(pst.getRootFolder(), []);
  } finally {
    pst.close();
  }
  return counts;
}
