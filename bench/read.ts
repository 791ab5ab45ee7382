// npm run bench:read -- FILE [FILE…]: our full read beside pst-extractor's on the same files in the same run.
// Each reader runs in a child process (peak RSS is per process); each is run `runs` times and the best time kept.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreRuntime } from './core-runtime.js';

interface Sample {
  reader: 'ours' | 'peer';
  ms: number;
  bytes: number;
  items: number;
  attachmentBytes: number;
  maxRssMB: number;
}

/** The read harness, bundled as the CLI and the app ship our core (npm run bench:bundle); run from dist/bench. */
const harness = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'out', 'bench');
const runs = Number(process.env.BENCH_RUNS ?? 3);
/** How each reader's process starts: ours as the CLI starts itself, the peer as Node does. */
const runtime = { ours: coreRuntime(), peer: { flags: [], env: {} } };

function sample(reader: 'ours' | 'peer', file: string): Sample | string {
  let best: Sample | null = null;
  let peakRss = 0;
  for (let i = 0; i < runs; i++) {
    try {
      const { flags, env } = runtime[reader];
      const out = execFileSync(process.execPath, [...flags, path.join(harness, 'read-one.mjs'), reader, file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 1 << 26,
        env: { ...process.env, ...env },
      });
      const s = JSON.parse(out.trim().split('\n').pop()!) as Sample;
      peakRss = Math.max(peakRss, s.maxRssMB);
      if (!best || s.ms < best.ms) best = s;
    } catch (e) {
      return `failed: ${(e as { stderr?: string }).stderr?.trim().split('\n').pop() ?? String(e)}`;
    }
  }
  return { ...best!, maxRssMB: peakRss };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: npm run bench:read -- FILE [FILE…]\n');
  process.exit(2);
}
const mbps = (s: Sample) => s.bytes / 1048576 / (s.ms / 1000);
const itemsPerSec = (s: Sample) => s.items / (s.ms / 1000);
console.log(`full read (every folder, item, body, attachment), best of ${runs}; node ${process.version}`);
// pst-extractor does not get every item out of every file (it stops early in some folders), so the
// fair comparison is per item read and per attachment byte read, not per file.
console.log('| file | reader | items read | attachment MB read | time ms | items/s | file MB/s | peak RSS MB |');
console.log('|---|---|---|---|---|---|---|---|');
for (const file of files) {
  const ours = sample('ours', file);
  const peer = sample('peer', file);
  for (const [name, s] of [['OST Rescue', ours], ['pst-extractor', peer]] as const) {
    if (typeof s === 'string') console.log(`| ${path.basename(file)} | ${name} | ${s} | | | | | |`);
    else
      console.log(
        `| ${path.basename(file)} | ${name} | ${s.items} | ${(s.attachmentBytes / 1048576).toFixed(1)} | ${s.ms.toFixed(0)} | ${itemsPerSec(s).toFixed(0)} | ${mbps(s).toFixed(1)} | ${s.maxRssMB.toFixed(0)} |`,
      );
  }
  if (typeof ours !== 'string' && typeof peer !== 'string') {
    console.log(`| ${path.basename(file)} | ratio (items/s) | ${(itemsPerSec(ours) / itemsPerSec(peer)).toFixed(1)}x | | | | | |`);
  }
}
