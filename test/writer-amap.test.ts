// Allocation maps as libpff's recovery mode reads them: `pffexport -m all` walks every AMap to find unallocated
// space, and fails on a map whose bitmap is misplaced. ANSI map pages begin with 4 bytes of dwPadding before the
// bitmap [MS-PST §2.2.2.7.2.1]; Unicode ones do not.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { synthesize } from '../core/synth/generate.js';
import { tempDir } from './support/fixtures.js';
import { pffexportTree } from './support/oracles.js';

for (const variant of ['ansi', 'unicode'] as const) {
  test(`${variant}: pffexport -m all reads a written file with several allocation maps`, async (t) => {
    const file = path.join(tempDir(t), `${variant}.pst`);
    synthesize(file, { variant, client: 'pst', encoding: 'permute', seed: 'amap', target: { bytes: 2 * 1024 * 1024 } });
    const b = readFileSync(file);
    assert.ok(b.length > 0x4400 + 2 * 253952, 'the file spans more than one AMap interval');
    const first = 0x4400;
    if (variant === 'ansi') assert.deepEqual([...b.subarray(first, first + 4)], [0, 0, 0, 0], 'ANSI dwPadding');
    // The first bit of every AMap maps the AMap page itself, which is always allocated.
    assert.equal(b[first + (variant === 'ansi' ? 4 : 0)]! & 0x80, 0x80);
    const tree = await pffexportTree(file, 'all');
    assert.ok(tree.ok, `pffexport -m all: ${tree.stderr}`);
  });
}
