// Without a deep scan: a folder whose contents table or hierarchy table cannot be read keeps its items or its
// subfolders, found through the node index, which names every node's parent. Truth is pffexport's reading of the
// undamaged file: the PST written from the damaged copy holds the same folders and per-folder items.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { convert } from '../core/convert.js';
import { Mailbox } from '../core/mailbox.js';
import { folderTableNid, NidType } from '../core/ndb/ids.js';
import { pstExtractorDir, tempDir } from './support/fixtures.js';
import { breakBlock, scratchCopy, sha256 } from './support/corrupt.js';
import { pffexportTree, type PffFolder } from './support/oracles.js';

/** The new PST's top folder, as Outlook 2013 and later name it [format.md §4.1]. */
const TOP = 'Top of Outlook data file';

/** Folder path → items, below the folder named `top`. */
function under(folders: PffFolder[], top: string): Map<string, number> {
  return new Map(folders.filter((f) => f.path.startsWith(`${top}/`)).map((f) => [f.path.slice(top.length + 1), f.items]));
}

/** The block holding a folder table: the fullest contents table, or the hierarchy table listing the most subfolders. */
function tableBlock(file: string, kind: 'contents' | 'hierarchy'): { folder: string; ib: number; cb: number; bid: number } {
  const mb = Mailbox.open(file);
  try {
    const folders = mb.folders();
    const weight = (id: number) => (kind === 'contents' ? mb.messageIds(id).length : folders.filter((f) => f.parentId === id).length);
    const f = [...folders].sort((a, b) => weight(b.id) - weight(a.id))[0]!;
    assert.ok(weight(f.id) >= 2, `a ${kind} table with at least two rows`);
    const node = mb.db.node(folderTableNid(f.id, kind === 'contents' ? NidType.CONTENTS_TABLE : NidType.HIERARCHY_TABLE))!;
    const e = mb.db.blockEntry(node.bidData);
    return { folder: f.path, ib: e.ib, cb: e.cb, bid: e.bid };
  } finally {
    mb.close();
  }
}

for (const kind of ['contents', 'hierarchy'] as const) {
  test(`enron.pst, the ${kind} table of a folder damaged: a quick convert keeps what it listed, found through the node index`, { timeout: 120_000 }, async (t) => {
    const dir = pstExtractorDir();
    if (!dir) return t.skip('pst-extractor test data is not installed');
    const source = path.join(dir, 'enron.pst');
    const truth = await pffexportTree(source);
    assert.ok(truth.ok);
    const top = truth.folders.find((f) => f.path.split('/').length === 1 && under(truth.folders, f.path).size > 1)!.path;

    const target = tableBlock(source, kind);
    const copy = scratchCopy(t, source);
    breakBlock(copy, { ...target, start: 0, length: target.cb }, 11);
    const before = sha256(copy);
    const out = path.join(tempDir(t), 'out.pst');
    const report = await convert(copy, out, {});
    assert.equal(sha256(copy), before, 'the damaged copy is not written to');
    assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
    const told = report.problems.filter((p) => p.problem.includes(`${kind} table`));
    assert.equal(told.length, 1, `the report says once that the ${kind} table of "${target.folder}" was unreadable: ${JSON.stringify(report.problems)}`);
    assert.match(told[0]!.problem, /found through the node index/, 'and what was found instead');
    const deep = await convert(copy, path.join(tempDir(t), 'deep.pst'), { deep: true });
    assert.equal(deep.problems.filter((p) => p.problem.includes(`${kind} table`)).length, 1, `the deep scan reports it once too: ${JSON.stringify(deep.problems)}`);

    const written = await pffexportTree(out);
    assert.ok(written.ok && written.problems.length === 0, `pffexport reads the output (${written.stderr} ${written.problems.join('; ')})`);
    const want = under(truth.folders, top);
    if (!want.has('Deleted Items')) want.set('Deleted Items', 0);
    assert.deepEqual(under(written.folders, TOP), want, 'every folder, with as many items as pffexport finds in the undamaged file');
  });
}
