#!/usr/bin/env -S MALLOC_MMAP_THRESHOLD_=1048577 MALLOC_ARENA_MAX=1 node --max-semi-space-size=2
// The CLI is compiled TypeScript, bundled into one file (loading one module instead of eighty saves a small
// file's conversion a good part of its time); `npm install` builds it (the "prepare" script).
import { existsSync, statSync } from 'node:fs';
/** Allocations above this come from mmap and go back to the system when freed (see below). */
const MMAP_THRESHOLD = 1048577;
/** One malloc arena for all threads (see below). */
const ARENA_MAX = 1;
const entry = new URL('../out/cli/ost-rescue.mjs', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ost-rescue: not built yet. Run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(1);
}
// Three settings keep peak memory flat however big the mailbox, all made at start-up:
// - glibc raises its mmap threshold each time a large block is freed; from then on the 1 MiB read-ahead
//   windows and multi-megabyte attachments are carved from a heap that fragments and never shrinks.
//   A fixed threshold keeps it flat (4 GB OST convert: 330 -> 270 MB).
// - glibc also gives each thread that allocates its own arena, which keeps what it freed: with the sealing and
//   verification threads, one arena for all keeps a 4 GB OST convert at 178-182 MB instead of 201-215 MB,
//   in the same time.
// - V8 frees a dead buffer's memory only when it collects the small object that holds it, which with
//   the default 16 MB young generation can be after a hundred megabytes of blocks have gone by. A 2 MB
//   one collects them sooner (1 GB OST convert: 240 -> 190-205 MB peak).
// (A fourth, V8's size-first heap growth, depends on the input's size, so the core sets it when it opens
// a file: core/heap-growth.ts.)
// The first line sets all three when this file is run as a program (`ost-rescue`, `npx ost-rescue`, and npm's
// Windows shims, which copy the line's settings). Run as `node bin/ost-rescue.js`, it has none; then, on
// Linux and for inputs big enough to need them, the CLI starts itself once more with them. A second start-up
// costs as much as converting a small file, so small inputs, and commands that read only a few pages, run
// as they are.
const REEXEC_FROM_BYTES = 64 * 1048576;
const V8_FLAGS = ['--max-semi-space-size=2'];
function argumentFileBytes() {
  let total = 0;
  for (const arg of process.argv.slice(2)) {
    try {
      const st = statSync(arg);
      if (st.isFile()) total += st.size;
    } catch {
      // an option or an output path that does not exist yet
    }
  }
  return total;
}
/** The commands that stream through a whole mailbox; the others (inspect, ls, show…) read a few pages of it. */
const STREAMING = new Set(['convert', 'check']);
if (process.platform === 'linux' && !process.execArgv.includes(V8_FLAGS[0]) && STREAMING.has(process.argv[2] ?? '') && argumentFileBytes() >= REEXEC_FROM_BYTES) {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  // Ctrl-C reaches the child too, which cancels and cleans up; this process just waits for it.
  process.on('SIGINT', () => {});
  const env = {
    ...process.env,
    MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? String(MMAP_THRESHOLD),
    MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? String(ARENA_MAX),
  };
  const args = [...process.execArgv, ...V8_FLAGS, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env });
  process.exit(r.status ?? (r.signal === 'SIGINT' ? 130 : 1));
}
await import(entry.href);
