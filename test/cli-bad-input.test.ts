// Bad input through the real CLI: each case gets one sentence naming the file and the problem, the documented
// exit code, no stack trace, and finishes quickly (a hang fails the test by its timeout).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pstExtractorDir, requireShared, tempDir } from './support/fixtures.js';
import { layoutOf, scratchCopy, sha256, zero } from './support/corrupt.js';
import { pffexportTree } from './support/oracles.js';
import { runCli as cli, type CliResult } from './support/cli.js';
import { folderTableNid, Nid, NidType } from '../core/ndb/ids.js';

function assertOneSentence(r: CliResult, fileName: string, code: number, words: RegExp): void {
  assert.equal(r.code, code, `exit code (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.stderr}`);
  assert.ok(lines[0]!.includes(fileName), `names the file: ${lines[0]}`);
  assert.match(lines[0]!, words);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  assert.equal(r.stdout, '', 'nothing on stdout');
}

test('an HTML page named .pst is refused as not an Outlook data file (exit 3)', async (t) => {
  const dir = requireShared(t);
  if (!dir) return;
  const file = path.join(dir, 'jashmenn__pst.rb__albert_meyers_000.pst');
  assertOneSentence(await cli(['inspect', file]), path.basename(file), 3, /not an Outlook data file/);
});

test('an empty file, a missing file and a directory are each refused with their own sentence (exit 3)', async (t) => {
  const dir = tempDir(t);
  const empty = path.join(dir, 'empty.ost');
  writeFileSync(empty, '');
  assertOneSentence(await cli(['ls', empty]), 'empty.ost', 3, /empty/);
  assertOneSentence(await cli(['ls', path.join(dir, 'missing.ost')]), 'missing.ost', 3, /does not exist/);
  assertOneSentence(await cli(['inspect', dir]), path.basename(dir), 3, /folder/);
});

test('a file cut short is refused as truncated, without a hang, and the source is not written to', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const dir = tempDir(t);
  const source = path.join(shared, 'farnulfo__pst-exp__sample1.pst');
  const bytes = readFileSync(source);
  // A Unicode PST (wVer 23) keeps ROOT.ibFileEof, 8 bytes, at 0xB8 [MS-PST 2.2.2.5-6].
  assert.equal(bytes.readUInt16LE(0x0a), 23);
  const eof = Number(bytes.readBigUInt64LE(0xb8));
  for (const size of [300, 20_000]) {
    const cut = path.join(dir, `cut-${size}.pst`);
    writeFileSync(cut, bytes.subarray(0, size));
    const before = statSync(cut).mtimeMs;
    // Too short for a header, it can only be called truncated; with its header, both lengths are named.
    const words = size === 300 ? /truncated/ : new RegExp(`truncated \\(the file ends at ${size} bytes, its header says ${eof}\\)`);
    assertOneSentence(await cli(['inspect', cut]), path.basename(cut), 3, words);
    assert.equal(statSync(cut).mtimeMs, before);
  }
});

test('a file cut short whose indexes still read says so: inspect flags its length, convert names the cut and exits 4', async (t) => {
  const pe = pstExtractorDir();
  if (!pe) return t.skip('pst-extractor is not installed');
  const copy = scratchCopy(t, path.join(pe, 'pstextractortest@outlook.com.ost'));
  // ROOT.ibFileEof, 8 bytes at 0xB8 of a Unicode (and 4K) header: ROOT starts at 0xB4 with a 4-byte dwReserved [MS-PST 2.2.2.5-6].
  const eof = Number(readFileSync(copy).readBigUInt64LE(0xb8));
  assert.equal(eof, statSync(copy).size, 'Outlook keeps ibFileEof at the size of the file');
  // The last page goes: the indexes, near the start, still read.
  const cutAt = eof - 4096;
  truncateSync(copy, cutAt);
  const said = `the file ends at ${cutAt} bytes, its header says ${eof}`;
  const info = await cli(['inspect', copy]);
  assert.equal(info.code, 0, info.stderr);
  assert.ok(info.stdout.includes(`Length:      TRUNCATED: ${said}`), info.stdout);
  assert.match(info.stdout, /Verdict: +damaged/);
  const converted = await cli(['convert', copy, path.join(tempDir(t), 'out.pst'), '--json']);
  assert.equal(converted.code, 4, converted.stderr);
  const report = JSON.parse(converted.stdout) as { problems: Array<{ offset: number | null; problem: string }> };
  assert.deepEqual(
    report.problems.filter((p) => p.offset === cutAt).map((p) => p.problem),
    [`file is truncated: ${said}`],
  );
});

test('a file without read permission is refused (exit 3)', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const file = path.join(tempDir(t), 'locked.pst');
  copyFileSync(path.join(shared, 'farnulfo__pst-exp__sample1.pst'), file);
  chmodSync(file, 0o000);
  assertOneSentence(await cli(['inspect', file], { withoutOverride: process.getuid?.() === 0 }), 'locked.pst', 3, /permission/);
});

test('bad usage exits 2 with a pointer to --help', async () => {
  const r = await cli(['items', 'x.ost']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--folder/);
  const unknown = await cli(['frobnicate', 'x.ost']);
  assert.equal(unknown.code, 2);
  const flag = await cli(['ls', 'x.ost', '--bogus']);
  assert.equal(flag.code, 2);
  assert.doesNotMatch(flag.stderr, /\n\s+at /);
  // A count that is not a whole number once listed "(no items)" and exited 0.
  for (const count of [['--limit', 'abc'], ['--limit', '2.5'], ['--offset=-5']]) {
    const bad = await cli(['items', 'x.ost', '--folder', 'Inbox', ...count]);
    assert.equal(bad.code, 2, count.join(' '));
    assert.match(bad.stderr, /must be a whole number/);
  }
  // ANSI offsets are 32-bit [MS-PST §2.2.2.3]: no ANSI file reaches 5 GB; refused before anything is written.
  const ansi = await cli(['synth', 'never-written.pst', '--variant', 'ansi', '--size', '5GB']);
  assert.equal(ansi.code, 2);
  assert.match(ansi.stderr, /32-bit/);
});

test('convert refuses an output that is the input itself or a folder, at once and without writing (exit 2)', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const dir = tempDir(t);
  const src = path.join(dir, 'in.pst');
  copyFileSync(path.join(shared, 'farnulfo__pst-exp__sample1.pst'), src);
  const before = readFileSync(src);
  assertOneSentence(await cli(['convert', src, src]), 'in.pst', 2, /is the input file itself/);
  const folder = path.join(dir, 'exports');
  mkdirSync(folder);
  assertOneSentence(await cli(['convert', src, folder, '--force']), 'exports', 2, /is a folder/);
  assert.deepEqual(readdirSync(folder), [], 'nothing was written into the folder');
  assert.deepEqual(readdirSync(dir).sort(), ['exports', 'in.pst'], 'no temporary file was left beside it');
  assert.ok(readFileSync(src).equals(before), 'the source is unchanged');
});

test('convert into a folder it may not write to, or onto a full disk, says so in one sentence (exit 5) and leaves nothing', async (t) => {
  const dir = pstExtractorDir();
  if (!dir) return t.skip('pst-extractor test data is not installed');
  const source = path.join(dir, 'enron.pst');
  const before = sha256(source);
  const locked = path.join(tempDir(t), 'locked');
  mkdirSync(locked);
  chmodSync(locked, 0o555);
  const denied = await cli(['convert', source, path.join(locked, 'out.pst')], { withoutOverride: process.getuid?.() === 0 });
  assertOneSentence(denied, 'out.pst', 5, /could not be written: permission was denied\. Nothing was left under that name\./);
  assert.deepEqual(readdirSync(locked), []);

  // A 2 MB file system for the 13 MB PST: the disk fills part-way through the export.
  const small = tempDir(t);
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', small], { stdio: 'ignore' });
  } catch {
    return t.skip('a small file system cannot be mounted here (needs root), so a full disk is not tried');
  }
  try {
    assertOneSentence(await cli(['convert', source, path.join(small, 'out.pst')]), 'out.pst', 5, /could not be written: the disk is full\. Nothing was left under that name\./);
    assert.deepEqual(readdirSync(small), [], 'no PST and no temporary file on the full disk');
  } finally {
    execFileSync('umount', [small]);
  }
  assert.equal(sha256(source), before, 'the source is unchanged');
});

test('ls --json gives one object whose folders carry path and items', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const r = await cli(['ls', path.join(shared, 'farnulfo__pst-exp__sample1.pst'), '--json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { folders: Array<{ path: string; items: number }> };
  const sample = out.folders.find((f) => f.path.endsWith('/Sample1'));
  // pstsdk's sample1.pst holds one message, in its folder "Sample1" (fixtures README: "a message and an attachment").
  assert.equal(sample?.items, 1);
});

test('convert without --deep of a file with a damaged index page exports what it can read, says to use --deep and exits 4; --deep gets every item back', { timeout: 120_000 }, async (t) => {
  const dir = pstExtractorDir();
  if (!dir) return t.skip('pst-extractor test data is not installed');
  const source = path.join(dir, 'enron.pst');
  const truth = await pffexportTree(source);
  const items = truth.folders.reduce((n, f) => n + f.items, 0);
  // The NBT leaf page listing the root folder's hierarchy table: without it the folder tree cannot be walked.
  const layout = layoutOf(source);
  const leaf = layout.nbtLeaf.get(folderTableNid(Nid.ROOT_FOLDER, NidType.HIERARCHY_TABLE))!;
  layout.db.close();
  const copy = scratchCopy(t, source);
  zero(copy, leaf + 64, 16);
  const out = path.join(tempDir(t), 'out.pst');

  const quick = await cli(['convert', copy, out]);
  assert.equal(quick.code, 4, `exit code (stderr: ${quick.stderr})`);
  assert.match(quick.stdout, /read only in part; run again with --deep/);
  assert.doesNotMatch(quick.stderr + quick.stdout, /\n\s+at /, 'no stack trace');
  const partial = await pffexportTree(out);
  assert.ok(partial.ok && partial.problems.length === 0, `what could be read is a PST pffexport reads (${partial.stderr})`);

  const deep = await cli(['convert', copy, out, '--deep', '--force']);
  assert.equal(deep.code, 0, `exit code with --deep (stderr: ${deep.stderr})`);
  const recovered = await pffexportTree(out);
  assert.equal(recovered.folders.reduce((n, f) => n + f.items, 0), items, 'as many items as pffexport finds in the undamaged file');
});
