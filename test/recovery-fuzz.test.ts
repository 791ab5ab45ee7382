// Seeded random damage to real files (ANSI and Unicode PSTs, OST 2013+): a handful of copies by default,
// OST_RESCUE_FUZZ=N for N. Asserts only that the check, the deep scan and both conversions (plain and --deep)
// finish within a bound, never crash (a RescueError for "nothing recognisable is left" is an answer, any other
// exception is a crash), never write the file, and produce well-formed output: a PST that verifies against what
// was read and that pffinfo opens, or no file at all.
import assert from 'node:assert/strict';
import path from 'node:path';
import test from 'node:test';
import { FormatError, RescueError } from '../core/errors.js';
import { convert } from '../core/convert.js';
import { checkFile, deepScan } from '../core/recovery/index.js';
import { pstExtractorFiles, requireShared, tempDir } from './support/fixtures.js';
import { flipBytes, overwrite, rng, scratchCopy, sha256, zero } from './support/corrupt.js';
import { pffinfo } from './support/oracles.js';
import { readdirSync, rmSync, statSync } from 'node:fs';

const RUNS = Number(process.env.OST_RESCUE_FUZZ ?? 12);
const BOUND_MS = 60_000;
const FIXTURES = ['farnulfo__pst-exp__sample1.pst', 'farnulfo__pst-exp__sample2.pst', 'simiden__pst2john__2003_high-encryption_quickquick.pst', 'simiden__pst2john__97_outlook_pass12345.pst'];

test(`fuzz: ${RUNS} randomly damaged copies never crash or hang`, async (t) => {
  const dir = requireShared(t);
  if (dir === null) return;
  // ANSI and Unicode PSTs from the fixtures, and pst-extractor's OST 2013+ files: 4 KiB pages and zlib blocks.
  const files = [...FIXTURES.map((name) => path.join(dir, name)), ...pstExtractorFiles()];
  const outDir = tempDir(t);
  for (let run = 0; run < RUNS; run++) {
    const random = rng(0xf00d + run);
    const source = files[run % files.length]!;
    const copy = scratchCopy(t, source);
    const size = statSync(copy).size;
    for (let k = 0, n = 1 + Math.floor(random() * 6); k < n; k++) {
      const at = Math.floor(random() * size);
      const kind = random();
      if (kind < 0.4) flipBytes(copy, at, Math.min(512, size - at), 1 + Math.floor(random() * 16), random);
      else if (kind < 0.7) zero(copy, at, Math.min(Math.floor(random() * 8192), size - at));
      else overwrite(copy, at, Uint8Array.from({ length: Math.min(64, size - at) }, () => Math.floor(random() * 256)));
    }
    const before = sha256(copy);
    const work = (async () => {
      try {
        const report = await checkFile(copy, { deep: true });
        assert.equal(report.totals.findings, report.findings.length);
        JSON.stringify(report);
        const store = await deepScan(copy);
        try {
          const placed = store.folders.flatMap((f) => store.messageIds(f.id));
          assert.equal(new Set(placed).size, placed.length, 'no message placed twice');
          for (const nid of placed.slice(0, 50)) {
            // A placed item whose own properties are lost fails alone, with a FormatError the exporter records.
            try {
              store.message(nid);
            } catch (e) {
              if (!(e instanceof FormatError)) throw e;
            }
          }
        } finally {
          store.close();
        }
      } catch (e) {
        if (!(e instanceof RescueError)) throw e;
      }
      for (const deep of [false, true]) {
        const out = path.join(outDir, `run-${run}${deep ? '-deep' : ''}.pst`);
        const what = `run ${run} (${path.basename(source)}), convert${deep ? ' --deep' : ''}`;
        try {
          const result = await convert(copy, out, { deep });
          assert.equal(result.verification.verdict, 'passed', `${what}: ${result.verification.mismatches.join('; ')}`);
          const info = await pffinfo(out);
          assert.ok(info.ok, `${what}: pffinfo cannot read the output: ${info.stderr}`);
          rmSync(out);
        } catch (e) {
          if (!(e instanceof RescueError)) throw e;
        }
        assert.deepEqual(readdirSync(outDir), [], `${what}: left files behind`);
      }
    })();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([work, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`run ${run} hung`)), BOUND_MS)))]).finally(() => clearTimeout(timer));
    assert.equal(sha256(copy), before);
    // Gone now rather than when the test ends: a long run (OST_RESCUE_FUZZ=1000) would otherwise hold
    // gigabytes of copies.
    rmSync(path.dirname(copy), { recursive: true, force: true });
  }
});
