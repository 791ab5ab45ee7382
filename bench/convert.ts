// npm run bench:convert -- FILE [FILE…]: our convert (with and without verification) beside pffexport and
// `readpst -e` exporting the same file, in the same run. Prints a table and writes bench/results/convert-*.json.
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as cli } from './core-runtime.js';
import { best, type Measurement } from './measure.js';
import { recordResults } from './record.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);

interface Row {
  file: string;
  sizeMB: number;
  tool: string;
  ms: number;
  mbPerSec: number;
  peakRssMB: number;
  ok: boolean;
}

async function benchFile(file: string): Promise<Row[]> {
  const work = mkdtempSync(path.join(tmpdir(), 'ost-rescue-bench-'));
  const sizeMB = statSync(file).size / 1048576;
  const fresh = (name: string) => () => {
    rmSync(path.join(work, name), { recursive: true, force: true });
    rmSync(path.join(work, `${name}.export`), { recursive: true, force: true });
    mkdirSync(path.join(work, 'readpst'), { recursive: true });
  };
  const tools: Array<[string, string, string[], () => void]> = [
    ['OST Rescue convert + verify', cli, ['convert', file, path.join(work, 'out.pst'), '--force'], fresh('out.pst')],
    ['OST Rescue convert, no verify', cli, ['convert', file, path.join(work, 'out.pst'), '--force', '--no-verify'], fresh('out.pst')],
    ['pffexport', 'pffexport', ['-q', '-t', path.join(work, 'pff'), file], fresh('pff')],
    ['readpst -e', 'readpst', ['-e', '-q', '-j', '0', '-D', '-o', path.join(work, 'readpst'), file], fresh('readpst')],
  ];
  const rows: Row[] = [];
  for (const [tool, cmd, args, before] of tools) {
    const m: Measurement = await best(runs, cmd, args, before);
    rows.push({ file: path.basename(file), sizeMB, tool, ms: m.ms, mbPerSec: sizeMB / (m.ms / 1000), peakRssMB: m.peakRssMB, ok: m.exitCode === 0 });
    if (m.exitCode !== 0) process.stderr.write(`${tool} failed on ${file}: ${m.stderr.trim().split('\n').pop()}\n`);
  }
  rmSync(work, { recursive: true, force: true });
  return rows;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npm run bench:convert -- FILE [FILE…]\n');
  process.exit(2);
}
const all: Row[] = [];
console.log(`convert vs. export tools, best of ${runs} runs each; peak RSS from /proc VmHWM`);
console.log('| file | MB | tool | time ms | MB/s | peak RSS MB | vs pffexport |');
console.log('|---|---|---|---|---|---|---|');
for (const file of files) {
  const rows = await benchFile(file);
  const pff = rows.find((r) => r.tool === 'pffexport');
  for (const r of rows) {
    const ratio = pff && r.ok && pff.ok ? `${(pff.ms / r.ms).toFixed(2)}x` : '';
    console.log(`| ${r.file} | ${r.sizeMB.toFixed(1)} | ${r.tool}${r.ok ? '' : ' (failed)'} | ${r.ms.toFixed(0)} | ${r.mbPerSec.toFixed(1)} | ${r.peakRssMB.toFixed(0)} | ${ratio} |`);
  }
  all.push(...rows);
}
recordResults(root, 'convert', { runs, rows: all });
