// resources/sample.ost (the app's "Try with a sample file") is what `npm run sample` makes: the same command,
// run again, writes the same bytes; and every reader finds in it what the command reports.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import type { SynthReport } from '../core/synth/generate.js';
import { checkWithReaders } from './synth-check.js';
import { repoRoot, tempDir } from './support/fixtures.js';
import { cliOutput } from './support/cli.js';

test('resources/sample.ost is reproduced by the command in scripts/make-sample.sh', async (t) => {
  const root = repoRoot();
  const sample = path.join(root, 'resources', 'sample.ost');
  const script = readFileSync(path.join(root, 'scripts', 'make-sample.sh'), 'utf8');
  const line = /^node bin\/ost-rescue\.js synth resources\/sample\.ost (.*)$/m.exec(script);
  assert.ok(line, 'make-sample.sh runs synth');
  const again = path.join(tempDir(t), 'sample.ost');
  const stdout = await cliOutput(['synth', again, ...line[1]!.split(' '), '--json']);
  const report = JSON.parse(stdout) as SynthReport;
  assert.equal(report.variant, 'ost2013');
  assert.equal(report.client, 'ost');

  assert.ok(readFileSync(sample).equals(readFileSync(again)), 'npm run sample reproduces resources/sample.ost byte for byte');
  await checkWithReaders({ ...report, file: sample });
});
