// The runtime settings our core runs with in the bench's own harnesses.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The CLI, run as a program, as `ost-rescue` and `npx ost-rescue` run it: its first line sets its memory settings.
 * From dist/bench/ (compiled) and out/bench/ (bundled) alike, the project's root is two folders up.
 */
export const CLI_BIN = fileURLToPath(new URL('../../bin/ost-rescue.js', import.meta.url));

/**
 * How the CLI starts itself: the settings on the first line of bin/ost-rescue.js (`#!/usr/bin/env -S NAME=value …
 * node --flag …`), which says what each one does. The bench's own harnesses of our core (full read, deep scan)
 * run with them too, so that every row of the table measures the core as `ost-rescue` runs it. Read from that
 * line, not copied: the bench follows the CLI when it changes. (The app's worker gets the same young
 * generation, electron/worker-host.ts, but glibc's settings apply only to a whole process.) The core sets its
 * heap growth itself, by input size and work (core/heap-growth.ts). The peers run as they start.
 */
export function coreRuntime(): { env: Record<string, string>; flags: string[] } {
  const words = readFileSync(CLI_BIN, 'utf8').split('\n', 1)[0]!.split(/\s+/);
  const node = words.indexOf('node');
  const env = words.slice(0, node).filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split('='));
  return { env: Object.fromEntries(env), flags: words.slice(node + 1) };
}
