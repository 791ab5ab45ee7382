// The recovery engine on undamaged real files: `check` calls them clean (exit 0) and the deep scan finds every
// message pffexport -m all exports, without writing the source; plus the CLI's exit code on a damaged copy,
// cancellation and progress.
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { RescueError } from '../core/errors.js';
import type { Progress } from '../core/model.js';
import { checkFile, deepScan, RecoveredFolderId } from '../core/recovery/index.js';
import { outlookFixtures, pstExtractorFiles, requireShared } from './support/fixtures.js';
import { pffMessageCount, scratchCopy, sha256, zero } from './support/corrupt.js';
import { runCli as cli } from './support/cli.js';

test('check: every undamaged real file is clean; the deep scan finds at least what pffexport -m all exports', async (t) => {
  if (requireShared(t) === null) return;
  for (const file of [...outlookFixtures().map((f) => f.path), ...pstExtractorFiles()]) {
    const before = sha256(file);
    const report = await checkFile(file, { deep: false });
    assert.equal(report.clean, true, `${path.basename(file)}: ${JSON.stringify(report.findings.slice(0, 5))}`);
    const store = await deepScan(file);
    try {
      const placed = store.folders.flatMap((f) => store.messageIds(f.id));
      assert.equal(new Set(placed).size, placed.length, 'no message is placed twice');
      const pff = await pffMessageCount(file);
      assert.ok(placed.length >= pff.total, `${path.basename(file)}: ${placed.length} < pffexport ${JSON.stringify(pff)}`);
      // The live part is exactly what the normal reader sees.
      assert.equal(store.summary.items.orphans, 0);
      for (const f of store.folders) {
        if (f.source === 'deleted' || f.id === RecoveredFolderId.root) continue;
        assert.ok(f.path.length > 0);
      }
    } finally {
      store.close();
    }
    assert.equal(sha256(file), before, 'the source is never written');
  }
});

test('check CLI: exit 0 on a clean file, 4 and a grouped report on a damaged one', async (t) => {
  const dir = requireShared(t);
  if (dir === null) return;
  const source = path.join(dir, 'farnulfo__pst-exp__sample1.pst');
  const clean = await cli(['check', source]);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  const copy = scratchCopy(t, source);
  zero(copy, 0, 564);
  const damaged = await cli(['check', copy, '--deep', '--json']);
  assert.equal(damaged.code, 4, damaged.stderr);
  const report = JSON.parse(damaged.stdout) as { clean: boolean; groups: Array<{ area: string; meaning: string }>; recovery: { items: { live: number } } };
  assert.equal(report.clean, false);
  assert.ok(report.groups.some((g) => g.area === 'header' && g.meaning.length > 0));
  assert.equal(report.recovery.items.live, 1, 'sample1 holds one message (pstsdk test suite)');
});

test('deep scan: progress is reported and an aborted signal stops it with a "cancelled" error', async (t) => {
  const [ost] = pstExtractorFiles();
  if (ost === undefined) {
    t.skip('pst-extractor is not installed');
    return;
  }
  const seen: Progress[] = [];
  const store = await deepScan(ost, { onProgress: (p) => seen.push(p) });
  store.close();
  const scan = seen.filter((p) => p.phase === 'scan');
  assert.ok(scan.length >= 2);
  assert.equal(scan.at(-1)!.bytesDone, scan.at(-1)!.bytesTotal);
  for (let i = 1; i < scan.length; i++) assert.ok(scan[i]!.bytesDone >= scan[i - 1]!.bytesDone);

  const controller = new AbortController();
  const started = deepScan(ost, { signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(started, (e: unknown) => e instanceof RescueError && e.kind === 'cancelled');
});
