// convert --deep on damaged copies of real files: the PST it writes is read by pffexport and readpst without
// errors, holds at least as many messages as pffexport -m all recovers from the same damaged copy, verifies
// against what the deep scan read, and the damaged copy itself is never written to.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { convert } from '../core/convert.js';
import { Mailbox } from '../core/mailbox.js';
import { isInternalBid } from '../core/ndb/ids.js';
import { pstExtractorDir, requireShared, tempDir } from './support/fixtures.js';
import { flipBytes, layoutOf, pffMessageCount, rng, scratchCopy, sha256, truncateAt, zero } from './support/corrupt.js';
import { pffexportTree, readpstSummary } from './support/oracles.js';

interface Case {
  name: string;
  damage: (file: string) => void;
}

/** Where a file's index roots are and how big its pages are, read before the damage. */
function rootsOf(file: string): { nbt: number; bbt: number; page: number } {
  const l = layoutOf(file);
  try {
    return { nbt: l.nbtRoot.ib, bbt: l.bbtRoot.ib, page: l.db.geometry.page.size };
  } finally {
    l.db.close();
  }
}

const size = (f: string) => statSync(f).size;

const CASES: Case[] = [
  { name: 'zeroed header', damage: (f) => void zero(f, 0, 512) },
  { name: 'NBT root page zeroed', damage: (f) => void zero(f, rootsOf(f).nbt, rootsOf(f).page) },
  { name: 'BBT root page zeroed', damage: (f) => void zero(f, rootsOf(f).bbt, rootsOf(f).page) },
  { name: 'truncated to 60 %', damage: (f) => void truncateAt(f, Math.floor(size(f) * 0.6)) },
  { name: 'random bytes flipped in the data area', damage: (f) => void flipBytes(f, 0x4400, size(f) - 0x4400, 40, rng(7)) },
];

function sources(shared: string): string[] {
  const pe = pstExtractorDir();
  return [path.join(shared, 'simiden__pst2john__97_outlook_pass12345.pst'), path.join(shared, 'simiden__pst2john__2003_high-encryption_quickquick.pst'), ...(pe ? [path.join(pe, 'pstextractortest@outlook.com.ost')] : [])];
}

for (const c of CASES) {
  test(`convert --deep, ${c.name}: the PST reads in pffexport and readpst and holds what pffexport -m all recovers`, { timeout: 300_000 }, async (t) => {
    const shared = requireShared(t);
    if (!shared) return;
    for (const source of sources(shared)) {
      const copy = scratchCopy(t, source);
      c.damage(copy);
      const before = sha256(copy);
      const out = path.join(tempDir(t), 'recovered.pst');
      const report = await convert(copy, out, { deep: true });
      assert.equal(sha256(copy), before, 'the damaged source is not written to');
      assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
      const where = `${path.basename(source)}, ${c.name}`;
      const tree = await pffexportTree(out);
      assert.ok(tree.ok && tree.problems.length === 0, `${where}: pffexport reads the output (${tree.stderr} ${tree.problems.join('; ')})`);
      const rp = await readpstSummary(out);
      assert.ok(rp.ok, `${where}: readpst reads the output`);
      assert.deepEqual(rp.warnings, [], `${where}: readpst warnings`);
      const exported = tree.folders.reduce((n, f) => n + f.items, 0) + tree.skipped.length;
      const theirs = await pffMessageCount(copy);
      assert.ok(exported >= theirs.total, `${where}: ${exported} messages in our PST, pffexport -m all recovers ${theirs.total}`);
    }
  });
}

test('convert --deep lists a message whose properties do not read once, under its folder', { timeout: 300_000 }, async (t) => {
  const pe = pstExtractorDir();
  if (!pe) return t.skip('pst-extractor is not installed');
  const copy = scratchCopy(t, path.join(pe, 'pstextractortest@outlook.com.ost'));
  // The first message of the first folder that holds any, stored in one block: a byte of that block changed
  // fails its CRC, and the message's properties are lost.
  const mb = Mailbox.open(copy);
  let target: { nid: number; folder: string; ib: number; cb: number } | undefined;
  try {
    found: for (const f of mb.folders()) {
      for (const nid of mb.messageIds(f.id)) {
        const e = mb.db.node(nid);
        if (e && !isInternalBid(e.bidData)) {
          const b = mb.db.blockEntry(e.bidData);
          target = { nid, folder: f.path, ib: b.ib, cb: b.cb };
          break found;
        }
      }
    }
  } finally {
    mb.close();
  }
  assert.ok(target, 'a message stored in one block');
  flipBytes(copy, target.ib, target.cb, 1, rng(3));
  const report = await convert(copy, path.join(tempDir(t), 'recovered.pst'), { deep: true });
  const naming = report.problems.filter((p) => p.offset === target.ib);
  assert.equal(naming.length, 1, JSON.stringify(naming));
  assert.equal(naming[0]!.itemId, target.nid);
  assert.equal(naming[0]!.folder, target.folder);
  assert.match(naming[0]!.problem, /CRC/);
});
