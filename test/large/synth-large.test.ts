// npm run test:large: the generator at sizes the default suite cannot afford, checked by the same independent
// readers: a 2 GB+ OST 2013+ file with a 25 MB attachment (XXBLOCK data tree), and a mailbox whose Inbox holds
// 100 000 items (contents table of many row blocks, multi-level NBT/BBT). Each takes minutes.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { synthesize } from '../../core/synth/generate.js';
import { checkWithReaders } from '../synth-check.js';
import { tempDir } from '../support/fixtures.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;

test('a 2 GB OST 2013+ file: size within 10 %, a 20 MB+ attachment, every reader agrees', { timeout: 3 * 3600_000 }, async (t) => {
  const file = path.join(tempDir(t), 'large.ost');
  const target = 2 * GB;
  const report = synthesize(file, { variant: 'ost2013', client: 'ost', encoding: 'none', seed: 'large', target: { bytes: target } });
  const size = statSync(file).size;
  assert.ok(size > 2e9, `${size} bytes`);
  assert.ok(Math.abs(size - target) <= target * 0.1, `${size} bytes for a ${target}-byte target`);
  assert.ok(report.largestAttachment >= 20 * MB);
  await checkWithReaders(report);
});

// libpff builds its item tree in quadratic time (pffinfo: 20 000 items 2.2 s, 40 000 items 9.5 s, this file 17 min;
// pffexport then needs well over an hour), so this test runs for hours; readpst is quick.
test('an Inbox of 100 000 items: every reader finds them all', { timeout: 8 * 3600_000 }, async (t) => {
  const file = path.join(tempDir(t), 'many.pst');
  // The Inbox gets 40 % of the items (core/synth/generate.ts PLAN).
  const report = synthesize(file, { variant: 'unicode', client: 'pst', encoding: 'permute', seed: 'many', target: { items: 250_000 } });
  assert.equal(report.folders.find((f) => f.path.join('/') === 'Inbox')?.items, 100_000);
  // pypff would print 250 000 items as one JSON document; pffexport and readpst already count every one.
  await checkWithReaders(report, { pypff: false });
});
