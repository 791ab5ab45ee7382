// npm run bench: the whole benchmark in one command. For generated inputs (100 MB, 1 GB, 4 GB OST 2013+ and one
// ANSI file, made once per seed under bench/work/ and reused) and the real files pst-extractor ships (two Outlook.com
// OSTs and enron.pst), times inspect, full read, convert with verification and the deep scan of OST Rescue beside
// pffexport, pffexport -m all, readpst -e and pst-extractor on the same file in the same run, and the machine's raw
// sequential read of that file (warm, and cold: after dropping the page cache where the machine allows it, else past
// the cache with O_DIRECT) as the physical limit. Prints
// one table per input and the targets; writes everything to bench/results/suite-<time>.json.
//   BENCH_SIZES=100MB,1GB   which generated sizes (default 100MB,1GB,4GB)
//   BENCH_RUNS=3            repetitions per measurement, best time kept (default 1)
//   BENCH_SEED=s            generator seed (default 1)
// Inputs are kept in bench/work/ (gitignored) and reused by name (variant, size, seed): delete them after changing
// the generator or the writer.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_BIN as cli, coreRuntime } from './core-runtime.js';
import { best, type Measurement } from './measure.js';
import { gitCommit, recordResults } from './record.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The harnesses that run our core, bundled as the CLI and the app ship it (npm run bench:bundle). */
const harness = path.join(root, 'out', 'bench');
const work = path.join(root, 'bench', 'work');
const runs = Number(process.env.BENCH_RUNS ?? 1);
const seed = process.env.BENCH_SEED ?? '1';
const sizes = (process.env.BENCH_SIZES ?? '100MB,1GB,4GB').split(',').map((s) => s.trim()).filter(Boolean);
const MB = 1048576;
const core = coreRuntime();

interface Input {
  label: string;
  file: string;
  /** How the file was made (synth options), or null for a real file. */
  made: { variant: string; client: string; size: string; seed: string; seconds: number } | null;
}

interface Row {
  task: string;
  tool: string;
  ms: number;
  mbPerSec: number;
  peakRssMB: number;
  ok: boolean;
  /** Items the reader got through (full read only): pst-extractor stops early in some folders. */
  items?: number;
  /** The whole process's wall time (full read only, whose `ms` is the read's own). */
  processMs?: number;
  note?: string;
}

/** The line of a failed tool's stderr that says why (Node ends a crash with its version line). */
function failureLine(stderr: string): string {
  const lines = stderr.trim().split('\n').filter((l) => l.trim() !== '' && !/^Node\.js v/.test(l));
  return lines.find((l) => /error/i.test(l)) ?? lines.pop() ?? '';
}

function sizeBytes(label: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmg]?)b?$/i.exec(label);
  if (!m) throw new Error(`BENCH_SIZES: cannot read "${label}"`);
  return Number(m[1]) * { '': 1, k: 1024, m: MB, g: 1024 * MB }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
}

/** Generates an input once per (variant, size, seed) and reuses it; falls back to Unicode PST where the writer cannot yet. */
function synthInput(variant: 'ost2013' | 'ansi', size: string): Input {
  mkdirSync(work, { recursive: true });
  const tries: Array<[string, string, string]> = variant === 'ost2013' ? [['ost2013', 'ost', 'ost'], ['unicode', 'pst', 'pst']] : [['ansi', 'pst', 'pst'], ['unicode', 'pst', 'pst']];
  for (const [v, client, ext] of tries) {
    const file = path.join(work, `synth-${v}-${size}-seed${seed}.${ext}`);
    const meta = `${file}.json`;
    if (existsSync(file) && existsSync(meta)) {
      return { label: `${size} ${v}`, file, made: JSON.parse(readFileSync(meta, 'utf8')) as Input['made'] };
    }
    const t0 = Date.now();
    try {
      execFileSync(process.execPath, [cli, 'synth', file, '--variant', v, '--client', client, '--size', size, '--seed', seed, '--force'], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (e) {
      process.stderr.write(`synth ${v} ${size}: ${String((e as { stderr?: Buffer }).stderr ?? e).trim()}; trying the next variant\n`);
      continue;
    }
    const made = { variant: v, client, size, seed, seconds: (Date.now() - t0) / 1000 };
    writeFileSync(meta, JSON.stringify(made));
    return { label: `${size} ${v}`, file, made };
  }
  throw new Error(`cannot generate a ${size} input`);
}

function inputs(): Input[] {
  const out: Input[] = [];
  const sorted = [...sizes].sort((a, b) => sizeBytes(a) - sizeBytes(b));
  for (const s of sorted) out.push(synthInput('ost2013', s));
  // ANSI files stop at 2 GB: one ANSI input at the largest requested size below that.
  const ansi = sorted.filter((s) => sizeBytes(s) < 2048 * MB).at(-1);
  if (ansi) out.push(synthInput('ansi', ansi));
  const peer = path.join(root, 'node_modules', 'pst-extractor', 'example', 'testdata');
  if (existsSync(peer)) for (const name of readdirSync(peer).filter((n) => /\.(ost|pst)$/.test(n)).sort()) out.push({ label: name, file: path.join(peer, name), made: null });
  return out.filter((i, k) => out.findIndex((j) => j.file === i.file) === k);
}

/** Drops the page cache (needs root and a writable /proc/sys); false when the machine does not let us. */
function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3\n');
    return true;
  } catch {
    return false;
  }
}

async function benchInput(input: Input, canDrop: boolean): Promise<Row[]> {
  const size = statSync(input.file).size;
  const scratch = path.join(work, 'scratch');
  const fresh = () => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(path.join(scratch, 'readpst'), { recursive: true });
  };
  const rows: Row[] = [];
  const add = (task: string, tool: string, m: Measurement, note?: string) => {
    const ok = m.exitCode === 0;
    if (!ok) process.stderr.write(`${tool} (${task}) failed on ${input.label}: ${failureLine(m.stderr)}\n`);
    // A full read is timed inside each reader's process, from loading the reader to its last attachment byte,
    // as npm run bench:read times it: Node's own start is the same for both readers and belongs to neither.
    const read = task === 'full read' && ok ? (JSON.parse(m.lastLine) as { items: number; ms: number }) : undefined;
    const ms = read?.ms ?? m.ms;
    rows.push({ task, tool, ms, mbPerSec: size / MB / (ms / 1000), peakRssMB: m.peakRssMB, ok, ...(read ? { items: read.items, processMs: m.ms } : {}), ...(note ? { note } : {}) });
  };
  const time = async (task: string, tool: string, cmd: string, args: string[], note?: string) => add(task, tool, await best(runs, cmd, args, fresh), note);
  const timeCore = async (task: string, script: string, args: string[]) =>
    add(task, 'OST Rescue', await best(runs, process.execPath, [...core.flags, path.join(harness, script), ...args], fresh, core.env));

  if (canDrop) add('raw read', 'cat (cold cache)', await best(runs, 'sh', ['-c', `cat "$0" > /dev/null`, input.file], () => dropCaches()));
  // Where the cache cannot be dropped, the disk's own speed is read past it (O_DIRECT): what a first read of
  // the file, the case of a mailbox just copied off an old laptop's disk, can get at most.
  else await time('raw read', 'dd iflag=direct (no page cache)', 'dd', [`if=${input.file}`, 'of=/dev/null', 'bs=4M', 'iflag=direct']);
  execFileSync('sh', ['-c', `cat "$0" > /dev/null`, input.file]);
  await time('raw read', 'cat (warm cache)', 'sh', ['-c', `cat "$0" > /dev/null`, input.file]);
  await time('inspect', 'OST Rescue', cli, ['inspect', input.file]);
  await timeCore('full read', 'read-one.mjs', ['ours', input.file]);
  await time('full read', 'pst-extractor', process.execPath, [path.join(harness, 'read-one.mjs'), 'peer', input.file]);
  await time('convert', 'OST Rescue (verified)', cli, ['convert', input.file, path.join(scratch, 'out.pst'), '--force']);
  await time('convert', 'pffexport', 'pffexport', ['-q', '-t', path.join(scratch, 'pff'), input.file]);
  await time('convert', 'readpst -e', 'readpst', ['-e', '-q', '-j', '0', '-D', '-o', path.join(scratch, 'readpst'), input.file]);
  await timeCore('deep scan', 'recover.mjs', ['--child', input.file]);
  await time('deep scan', 'pffexport -m all', 'pffexport', ['-q', '-m', 'all', '-t', path.join(scratch, 'pff'), input.file]);
  rmSync(scratch, { recursive: true, force: true });
  return rows;
}

function table(input: Input, rows: Row[]): string {
  const size = statSync(input.file).size / MB;
  const lines = [
    `\n### ${input.label}: ${path.relative(root, input.file)} (${size.toFixed(1)} MB${input.made ? `, generated in ${input.made.seconds.toFixed(0)} s` : ''})`,
    '| task | tool | time s | MB/s | items | peak RSS MB | OST Rescue is |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ours = rows.find((q) => q.task === r.task && q.tool.startsWith('OST Rescue'));
    const x = ours && ours !== r && ours.ok && r.ok ? speedup(ours, r) : null;
    const ratio = x === null ? '' : `${x.toFixed(2)}x faster${r.items !== undefined ? ' per item' : ''}`;
    lines.push(`| ${r.task} | ${r.tool}${r.ok ? '' : ' (failed)'} | ${(r.ms / 1000).toFixed(2)} | ${r.mbPerSec.toFixed(1)} | ${r.items ?? ''} | ${r.peakRssMB.toFixed(0)} | ${ratio} |`);
  }
  const whole = rows.filter((r) => r.processMs !== undefined).map((r) => `${r.tool} ${(r.processMs! / 1000).toFixed(2)} s`);
  if (whole.length > 0) lines.push(`\nFull read: the reader's own time, from loading it to its last attachment byte (as npm run bench:read); whole process including Node's start: ${whole.join(', ')}.`);
  return lines.join('\n');
}

/** How much faster ours is than `other`: by time, or by items per second where both counted items. */
function speedup(ours: Row, other: Row): number {
  if (ours.items !== undefined && other.items !== undefined && other.items > 0) return ours.items / ours.ms / (other.items / other.ms);
  return other.ms / ours.ms;
}

interface Target {
  name: string;
  value: string;
  met: boolean;
}

/** The targets the project reports against, from the generated inputs' rows. */
function targets(results: Array<{ input: Input; rows: Row[] }>): Target[] {
  const gen = results.filter((r) => r.input.made !== null);
  const pick = (rows: Row[], task: string, tool: string) => rows.find((r) => r.task === task && r.tool.startsWith(tool) && r.ok);
  const out: Target[] = [];
  const ratios = (task: string, tool: string) =>
    gen.flatMap(({ input, rows }) => {
      const ours = pick(rows, task, 'OST Rescue');
      const other = pick(rows, task, tool);
      return ours && other ? [{ label: input.label, x: speedup(ours, other) }] : [];
    });
  const conv = ratios('convert', 'pffexport');
  out.push({ name: 'convert >= 1.5x faster than pffexport', value: conv.map((c) => `${c.label} ${c.x.toFixed(2)}x`).join(', '), met: conv.length > 0 && conv.every((c) => c.x >= 1.5) });
  const read = ratios('full read', 'pst-extractor');
  out.push({ name: 'full read >= 5x pst-extractor (items per second)', value: read.map((c) => `${c.label} ${c.x.toFixed(2)}x`).join(', '), met: read.length > 0 && read.every((c) => c.x >= 5) });
  const ost = gen.filter((r) => r.input.made!.variant === gen[0]?.input.made!.variant);
  for (const task of ['convert', 'full read', 'deep scan']) {
    const rss = ost.flatMap(({ input, rows }) => {
      const r = pick(rows, task, 'OST Rescue');
      return r ? [{ label: input.label, mb: r.peakRssMB }] : [];
    });
    if (rss.length === 0) continue;
    const lo = Math.min(...rss.map((r) => r.mb));
    const hi = Math.max(...rss.map((r) => r.mb));
    out.push({ name: `${task} peak RSS flat (within 20 %) and < 300 MB`, value: rss.map((r) => `${r.label} ${r.mb.toFixed(0)} MB`).join(', '), met: hi <= lo * 1.2 && hi < 300 });
  }
  const share = gen.flatMap(({ input, rows }) => {
    const ours = pick(rows, 'convert', 'OST Rescue');
    const raw = pick(rows, 'raw read', 'cat (cold') ?? pick(rows, 'raw read', 'dd iflag=direct') ?? pick(rows, 'raw read', 'cat (warm');
    return ours && raw ? [{ label: `${input.label} vs ${raw.tool}`, p: ours.mbPerSec / raw.mbPerSec }] : [];
  });
  out.push({ name: 'convert throughput >= 30 % of raw read', value: share.map((s) => `${s.label} ${(s.p * 100).toFixed(1)} %`).join(', '), met: share.length > 0 && share.every((s) => s.p >= 0.3) });
  return out;
}

const list = inputs();
const canDrop = dropCaches();
/** What the run prints, kept to be saved beside its JSON as Markdown. */
const printed: string[] = [];
const say = (text: string) => {
  console.log(text);
  printed.push(text);
};
say(`OST Rescue benchmark suite, commit ${gitCommit(root)}, node ${process.version}, best of ${runs} run(s); peak RSS from /proc VmHWM`);
if (!canDrop) say('(cannot drop the page cache here: the cold read is dd with O_DIRECT, past the cache)');
const results: Array<{ input: Input; rows: Row[] }> = [];
for (const input of list) {
  const rows = await benchInput(input, canDrop);
  results.push({ input, rows });
  say(table(input, rows));
}
const t = targets(results);
say('\n### targets');
for (const x of t) say(`- ${x.met ? 'MET' : 'NOT MET'}: ${x.name}: ${x.value}`);
console.log('');
const json = recordResults(root, 'suite', {
  runs,
  coldCache: canDrop,
  inputs: results.map(({ input, rows }) => ({ label: input.label, file: path.relative(root, input.file), bytes: statSync(input.file).size, made: input.made, rows })),
  targets: t,
});
writeFileSync(json.replace(/\.json$/, '.md'), `${printed.join('\n')}\n`);
