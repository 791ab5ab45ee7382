#!/usr/bin/env node
// The CLI is compiled TypeScript; `npm install` builds it (the "prepare" script).
import { existsSync, statSync } from 'node:fs';
/** Allocations above this come from mmap and go back to the system when freed (see below). */
const MMAP_THRESHOLD = 1048577;
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ost-rescue: not built yet. Run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(1);
}
// glibc raises its mmap threshold each time a large block is freed; from then on the 1 MiB read-ahead
// windows and multi-megabyte attachments are carved from a heap that fragments and never shrinks, and
// peak memory grows with the size of the mailbox. A fixed threshold keeps it flat (4 GB OST convert:
// 330 -> 270 MB). glibc reads it only at start-up, so on Linux the CLI starts itself once more with it,
// but only when the files named on the command line are big enough for that growth to show: a second
// start-up costs as much as converting a small file.
const REEXEC_FROM_BYTES = 256 * 1048576;
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
if (process.platform === 'linux' && process.env.MALLOC_MMAP_THRESHOLD_ === undefined && argumentFileBytes() >= REEXEC_FROM_BYTES) {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  // Ctrl-C reaches the child too, which cancels and cleans up; this process just waits for it.
  process.on('SIGINT', () => {});
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD) };
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', env });
  process.exit(r.status ?? (r.signal === 'SIGINT' ? 130 : 1));
}
await import(entry.href);
