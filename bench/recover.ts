// Deep-scan benchmark: `npm run bench:recover -- FILE`. Runs the deep scan in a child process (so its peak RSS is
// its own) and `pffexport -m all` on the same file in the same run, and prints wall time and peak RSS side by side.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepScan } from '../core/recovery/index.js';
import { coreRuntime } from './core-runtime.js';

interface Measure {
  tool: string;
  seconds: number;
  peakRssMb: number;
  result: string;
}

/** Runs a command under /usr/bin/time -f to get its peak RSS (the kernel's own figure, max resident KB). */
async function timed(tool: string, command: string, args: string[], env: Record<string, string> = {}): Promise<Measure> {
  // Imported here, not at the top: the child that runs the scan would otherwise load it for nothing.
  const { spawn } = await import('node:child_process');
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn('/usr/bin/time', ['-f', '__RSS_KB=%M', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rss = Number(/__RSS_KB=(\d+)/.exec(err)?.[1] ?? 0) / 1024;
      resolve({ tool, seconds, peakRssMb: rss, result: code === 0 ? out.trim().split('\n').at(-1) ?? '' : `exit ${code}` });
    });
  });
}

async function child(file: string): Promise<void> {
  const store = await deepScan(file);
  const s = store.summary;
  store.close();
  process.stdout.write(`${s.pagesFound} pages, ${s.blocksFound} blocks; items ${s.items.live} live, ${s.items.orphans} orphans, ${s.items.deleted} deleted, ${s.items.carved} carved\n`);
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (mode === '--child' && file) return child(file);
  if (!mode) {
    process.stderr.write('usage: npm run bench:recover -- FILE\n');
    process.exitCode = 2;
    return;
  }
  const target = path.resolve(mode);
  const size = statSync(target).size;
  const work = mkdtempSync(path.join(tmpdir(), 'ost-rescue-bench-'));
  try {
    const core = coreRuntime();
    const ours = await timed('ost-rescue deep scan', process.execPath, [...core.flags, fileURLToPath(import.meta.url), '--child', target], core.env);
    const pff = await timed('pffexport -m all', 'pffexport', ['-q', '-m', 'all', '-t', path.join(work, 'out'), target]);
    const rows = [ours, pff];
    process.stdout.write(`${path.basename(target)}: ${(size / 1048576).toFixed(1)} MB\n`);
    process.stdout.write(`${'tool'.padEnd(24)} ${'wall s'.padStart(8)} ${'MB/s'.padStart(8)} ${'peak RSS MB'.padStart(12)}  result\n`);
    for (const r of rows) {
      process.stdout.write(`${r.tool.padEnd(24)} ${r.seconds.toFixed(2).padStart(8)} ${(size / 1048576 / r.seconds).toFixed(1).padStart(8)} ${r.peakRssMb.toFixed(1).padStart(12)}  ${r.result}\n`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
