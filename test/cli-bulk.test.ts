// Bulk conversion through the real CLI, as an admin scripts it: several inputs and --out-dir. Old laptops'
// mailboxes often share one file name; each input must still get its own PST and report, a failed input must
// not stop the others, and the exit code must say that one failed. pffexport decides what each PST holds.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { requireShared, tempDir } from './support/fixtures.js';
import { pffexportTree } from './support/oracles.js';
import { runCli } from './support/cli.js';

const itemTotal = async (file: string): Promise<number> => {
  const tree = await pffexportTree(file);
  assert.ok(tree.ok, `pffexport reads ${path.basename(file)}`);
  return tree.folders.reduce((n, f) => n + f.items, 0);
};

interface BulkResult {
  input: string;
  output: string | null;
  exitCode: number;
  error: string | null;
}

test('convert --out-dir: inputs with one name get their own PSTs and reports, and a bad input fails alone', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const work = tempDir(t);
  const laptop = (n: number, fixture: string, name: string): string => {
    mkdirSync(path.join(work, `laptop${n}`));
    const file = path.join(work, `laptop${n}`, name);
    copyFileSync(path.join(shared, fixture), file);
    return file;
  };
  // Windows compares names without case: "Outlook.pst" and "outlook.pst" would be one file there.
  const first = laptop(1, 'farnulfo__pst-exp__sample1.pst', 'outlook.pst');
  const second = laptop(2, 'farnulfo__pst-exp__sample2.pst', 'Outlook.pst');
  const notOutlook = laptop(3, 'jashmenn__pst.rb__albert_meyers_000.pst', 'outlook.pst');
  // A folder the script has not made yet is made, as `mkdir -p` would.
  const out = path.join(work, 'converted', 'today');

  const r = await runCli(['convert', first, second, notOutlook, '--out-dir', out, '--json']);
  assert.equal(r.code, 3, `the failed input's exit code (not an Outlook data file); stderr: ${r.stderr}`);
  const { results } = JSON.parse(r.stdout) as { results: BulkResult[] };
  assert.deepEqual(
    results.map((x) => [x.input, x.output && path.basename(x.output), x.exitCode]),
    [
      [first, 'outlook.pst', 0],
      [second, 'Outlook (2).pst', 0],
      [notOutlook, null, 3],
    ],
  );
  assert.match(results[2]!.error!, /not an Outlook data file/);
  for (const [input, name] of [
    [first, 'outlook'],
    [second, 'Outlook (2)'],
  ] as const) {
    assert.equal(await itemTotal(path.join(out, `${name}.pst`)), await itemTotal(input), `${name}.pst holds what its source holds`);
    const report = JSON.parse(readFileSync(path.join(out, `${name}.report.json`), 'utf8')) as { source: { path: string } };
    assert.equal(report.source.path, input, `${name}.report.json is the report of ${input}`);
  }
  assert.ok(!existsSync(path.join(out, 'outlook (3).pst')), 'nothing was written for the input that failed');

  // The same run for a person at a terminal: a summary line per input, and the count at the end.
  const again = path.join(work, 'again');
  mkdirSync(again);
  const longName = laptop(4, 'farnulfo__pst-exp__sample1.pst', 'Sales team mailbox, archived 2019 to 2023.pst');
  const text = await runCli(['convert', first, second, notOutlook, longName, '--out-dir', again]);
  assert.equal(text.code, 3);
  const lines = text.stdout.trim().split('\n');
  assert.match(lines[1]!, /^Outlook\.pst → Outlook \(2\)\.pst\s+\S/);
  assert.match(lines[2]!, /FAILED: .*not an Outlook data file/);
  assert.equal(lines.at(-1), '3 of 4 converted');
  // The outcomes line up in one column, however long each input's name is (this one's is 45 characters).
  const outcomeAt = lines.slice(0, -1).map((l) => l.search(/(?<=  )(\d+ of \d+ items|FAILED)/));
  assert.equal(new Set(outcomeAt).size, 1, `outcomes start at columns ${outcomeAt.join(', ')}`);

  // One report per input is written beside its PST: a single --report is a usage mistake, said at once.
  const report = await runCli(['convert', first, second, '--out-dir', path.join(work, 'never'), '--report', path.join(work, 'r.json')]);
  assert.equal(report.code, 2);
  assert.match(report.stderr, /--report is for a single input/);
  assert.ok(!existsSync(path.join(work, 'never')) && !existsSync(path.join(work, 'r.json')), 'nothing was made');
});
