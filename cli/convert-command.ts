import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import { convert } from '../core/convert.js';
import { errorText, EXIT_CODE, RescueError } from '../core/errors.js';
import type { ConvertOptions, ConvertReport, Progress } from '../core/model.js';
import { PassClock } from '../core/progress-pass.js';
import { type CommandOutput, formatBytes, usageError } from './run.js';

export interface ConvertArgs {
  inputs: string[];
  output: string | undefined;
  outDir: string | undefined;
  report: string | undefined;
  json: boolean;
  options: ConvertOptions;
}

/** "2GB", "500 MB", "1.5g", "4096": sizes as people type them (binary units, as file managers show). */
export function parseSize(text: string, flag = '--split-size'): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?\s*$/i.exec(text);
  if (!m) throw usageError(`${flag} takes a size such as 2GB or 500MB, got "${text}"`);
  const scale = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Math.floor(Number(m[1]) * scale);
  if (bytes < 2 ** 20) throw usageError(`${flag} must be at least 1MB`);
  return bytes;
}

/** Progress on stderr, redrawn in place, only when a person is watching a terminal. */
function progressPrinter(label: string): ((p: Progress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const clock = new PassClock(Date.now());
  return (p) => {
    const now = Date.now();
    const secs = (now - clock.passStart(p, now)) / 1000;
    const rate = p.items / Math.max(secs, 0.001);
    const total = p.itemsTotal ?? 0;
    const eta = total > p.items && rate > 0 ? Math.round((total - p.items) / rate) : 0;
    const etaText = eta > 0 ? `, about ${Math.floor(eta / 60)}:${String(eta % 60).padStart(2, '0')} left` : '';
    const doing = p.phase === 'verify' ? 'verified' : 'items';
    process.stderr.write(`\r${label}: ${p.items}${total ? `/${total}` : ''} ${doing}, ${formatBytes(p.bytesDone)} (${rate.toFixed(0)} items/s${etaText})   `);
  };
}

function summaryLine(r: ConvertReport): string {
  const exported = r.folders.reduce((n, f) => n + f.exported, 0);
  const expected = r.folders.reduce((n, f) => n + f.expected, 0);
  const failed = r.folders.reduce((n, f) => n + f.failed, 0);
  const dups = r.folders.reduce((n, f) => n + f.duplicatesSkipped, 0);
  return `${exported} of ${expected} items exported${failed ? `, ${failed} unreadable` : ''}${dups ? `, ${dups} duplicates skipped` : ''}; verification ${r.verification.verdict}`;
}

/**
 * Without --deep, damage that kept folders or items from being read (a damaged index page or folder
 * table, an item that would not open) means a deep scan may get more out: the export stands, verified,
 * but the exit code says the file was not read whole, and the text says what to do.
 */
function readInPart(r: ConvertReport, options: ConvertOptions): boolean {
  return !options.deep && (r.folders.some((f) => f.failed > 0) || r.problems.some((p) => p.itemId === 0));
}

const DEEP_HINT = 'The file is damaged and was read only in part; run again with --deep, which rebuilds its indexes from the whole file, to recover more.';

function exitCodeOf(r: ConvertReport, options: ConvertOptions): number {
  if (r.verification.verdict === 'failed') return EXIT_CODE['verification-failed'];
  return readInPart(r, options) ? EXIT_CODE.damaged : 0;
}

function reportText(r: ConvertReport): string {
  const lines = [`${basename(r.source.path)} → ${r.outputs.map((o) => basename(o)).join(', ')}`, summaryLine(r)];
  for (const f of r.folders) if (f.expected || f.exported) lines.push(`  ${f.path}: ${f.exported}/${f.expected}${f.failed ? ` (${f.failed} unreadable)` : ''}`);
  for (const p of r.problems.slice(0, 20)) lines.push(`  problem: ${p.folder ? `${p.folder}: ` : ''}${p.subject ? `"${p.subject}": ` : ''}${p.problem}`);
  if (r.problems.length > 20) lines.push(`  … ${r.problems.length - 20} more problems in the report`);
  for (const m of r.verification.mismatches.slice(0, 20)) lines.push(`  mismatch: ${m}`);
  return lines.join('\n');
}

/**
 * DIR/NAME for each input of a bulk run. Old laptops' mailboxes are often all called Outlook.ost, so a name
 * already taken in this run (compared without case, as Windows does) gets " (2)", " (3)"…: one input's PST
 * must never stand in for, or with --force replace, another's.
 */
function bulkOutputStems(inputs: string[]): string[] {
  const taken = new Set<string>();
  return inputs.map((input) => {
    const stem = basename(input, extname(input));
    let name = stem;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${stem} (${n})`;
    taken.add(name.toLowerCase());
    return name;
  });
}

export async function convertCommand(a: ConvertArgs, signal: AbortSignal): Promise<CommandOutput> {
  if (a.inputs.length === 0) throw usageError('convert needs an input file');
  if (a.outDir === undefined) {
    if (a.inputs.length !== 1 || !a.output) throw usageError('convert takes IN OUT.pst, or several inputs with --out-dir DIR');
    const r = await convert(a.inputs[0]!, a.output, a.options, { signal, onProgress: progressPrinter(basename(a.inputs[0]!)) });
    if (process.stderr.isTTY) process.stderr.write('\n');
    if (a.report) writeFileSync(a.report, `${JSON.stringify(r, null, 2)}\n`);
    const partial = readInPart(r, a.options);
    return { text: partial ? `${reportText(r)}\n${DEEP_HINT}` : reportText(r), json: r, exitCode: exitCodeOf(r, a.options) };
  }
  if (a.output) throw usageError('with --out-dir, give only input files (each becomes DIR/NAME.pst)');
  if (a.report) throw usageError('with --out-dir, each input\'s report is DIR/NAME.report.json; --report is for a single input');
  // A script's target folder may not exist yet: made here, as `mkdir -p` would, instead of failing every input.
  if (existsSync(a.outDir) && !statSync(a.outDir).isDirectory()) throw usageError(`--out-dir "${a.outDir}" is a file; give a folder`);
  try {
    mkdirSync(a.outDir, { recursive: true });
  } catch (e) {
    throw new RescueError('output-failed', `The folder "${a.outDir}" for the converted files could not be made: ${errorText(e)}`);
  }
  // Bulk: one PST and one report per input; a failure is recorded and the next input goes on.
  const results: Array<{ input: string; output: string | null; report: ConvertReport | null; error: string | null; exitCode: number }> = [];
  const stems = bulkOutputStems(a.inputs);
  for (const [i, input] of a.inputs.entries()) {
    const output = join(a.outDir, `${stems[i]}.pst`);
    try {
      const r = await convert(input, output, a.options, { signal, onProgress: progressPrinter(basename(input)) });
      if (process.stderr.isTTY) process.stderr.write('\n');
      writeFileSync(join(a.outDir, `${stems[i]}.report.json`), `${JSON.stringify(r, null, 2)}\n`);
      results.push({ input: resolve(input), output, report: r, error: null, exitCode: exitCodeOf(r, a.options) });
    } catch (e) {
      if (e instanceof RescueError && e.kind === 'cancelled') throw e;
      const err = e instanceof RescueError ? e : new RescueError('damaged', errorText(e));
      results.push({ input: resolve(input), output: null, report: null, error: err.message, exitCode: err.exitCode });
    }
  }
  const named = (r: (typeof results)[number], i: number) => (stems[i] === basename(r.input, extname(r.input)) ? basename(r.input) : `${basename(r.input)} → ${stems[i]}.pst`);
  // One column of names, as wide as the longest, so the outcomes line up however long the file names are.
  const width = Math.max(...results.map((r, i) => named(r, i).length));
  const rows = results.map((r, i) => `${named(r, i).padEnd(width)}  ${r.report ? summaryLine(r.report) : `FAILED: ${r.error}`}${r.report && readInPart(r.report, a.options) ? ' (read in part: try --deep)' : ''}`);
  const failed = results.filter((r) => r.exitCode !== 0).length;
  return {
    text: [...rows, `${results.length - failed} of ${results.length} converted`].join('\n'),
    json: { results: results.map(({ input, output, report, error, exitCode }) => ({ input, output, exitCode, error, report })) },
    exitCode: failed ? Math.max(...results.map((r) => r.exitCode)) : 0,
  };
}
