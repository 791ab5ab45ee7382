// Verification re-reads the written PST; on a large one a second thread (core/verify-thread.ts) reads half of
// its items. What that thread gives must be exactly what the converting thread would have given, in order,
// or verification would pass mismatched items or fail sound ones.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { convert } from '../core/convert.js';
import { Mailbox } from '../core/mailbox.js';
import { synthesize } from '../core/synth/generate.js';
import { useCoreThreads } from '../core/thread-entry.js';
import { FingerprintThread, outputPrint } from '../core/verify-thread.js';
import { coreThreadsEntry, tempDir } from './support/fixtures.js';
import { pffexportTree } from './support/oracles.js';

test('the fingerprint thread gives each item the print the calling thread gives, and fails cleanly on a bad file', async (t) => {
  const file = path.join(tempDir(t), 'mailbox.pst');
  synthesize(file, { variant: 'unicode', client: 'pst', encoding: 'permute', seed: 'prints', target: { items: 200 } });
  const mb = Mailbox.open(file);
  const ids = mb.folders().flatMap((f) => mb.messageIds(f.id));
  const here = ids.map((id) => outputPrint(mb, id));
  mb.close();
  assert.ok(ids.length >= 200, 'the items the generator wrote');
  assert.ok(here.some((p) => 'attachmentCount' in p && p.attachmentCount > 0), 'some items have attachments');
  assert.equal(new Set(here.map((p) => JSON.stringify(p))).size > ids.length / 2, true, 'the prints tell items apart');

  useCoreThreads(coreThreadsEntry());
  const thread = FingerprintThread.start();
  useCoreThreads(null);
  assert.ok(thread, 'the thread starts from the entry tsc built');
  try {
    const done = new Int32Array(new SharedArrayBuffer(4));
    assert.deepEqual(await thread.prints(file, ids, done), here);
    assert.equal(Atomics.load(done, 0), ids.length, 'the shared count ends at the number of items');
    await assert.rejects(thread.prints(path.join(tempDir(t), 'missing.pst'), ids, new Int32Array(new SharedArrayBuffer(4))));
  } finally {
    thread.close();
  }
});

test('a large conversion verified on two threads passes, and libpff reads what was written', async (t) => {
  const dir = tempDir(t);
  const input = path.join(dir, 'large.ost');
  // Past the size from which a conversion uses helper threads, the written file too (convert.ts THREADS_FROM).
  synthesize(input, { variant: 'ost2013', client: 'ost', encoding: 'none', seed: 'two-threads', target: { bytes: 272 * 1024 * 1024 } });
  const out = path.join(dir, 'out.pst');
  useCoreThreads(coreThreadsEntry());
  try {
    const verifying: number[] = [];
    const report = await convert(input, out, {}, { onProgress: (p) => p.phase === 'verify' && verifying.push(p.items) });
    assert.deepEqual(report.verification, { verdict: 'passed', mismatches: [] });
    // Both threads' items are counted as verification goes, up to every item written.
    const exported = report.folders.reduce((n, f) => n + f.exported, 0);
    assert.ok(verifying.length > 2, 'verification reports its progress');
    assert.deepEqual([...verifying].sort((a, b) => a - b), verifying, 'the count never goes back');
    assert.equal(verifying.at(-1), exported);
  } finally {
    useCoreThreads(null);
  }
  const tree = await pffexportTree(out);
  assert.ok(tree.ok, `pffexport: ${tree.stderr}`);
});
