// The CLI's progress line and the app's progress bar give the rate and time left of the pass under way. A
// convert reports its items twice, written and then verified: the second pass must start its own clock when,
// and only when, verification begins, or its rate would be averaged with the writing pass's.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { convert } from '../core/convert.js';
import type { Progress } from '../core/model.js';
import { PassClock, shareDone } from '../core/progress-pass.js';
import { pstExtractorDir, tempDir } from './support/fixtures.js';

test('a convert\'s progress begins a second pass exactly when verification begins, and its share never passes 1', async (t) => {
  const dir = pstExtractorDir();
  if (!dir) return t.skip('pst-extractor test data is not installed');
  const seen: Progress[] = [];
  await convert(path.join(dir, 'enron.pst'), path.join(tempDir(t), 'out.pst'), {}, { onProgress: (p) => seen.push({ ...p }) });
  const firstVerify = seen.findIndex((p) => p.phase === 'verify');
  assert.ok(firstVerify > 0, 'the convert writes, then verifies');
  // Each report's "now" is its index, so a pass start names the report that began it.
  const clock = new PassClock(-1);
  const starts = seen.map((p, i) => clock.passStart(p, i));
  assert.deepEqual([...new Set(starts)], [-1, firstVerify]);
  assert.ok(seen.every((p) => { const s = shareDone(p); return s !== null && s >= 0 && s <= 1; }));
});
