import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Where the core's helper threads start: one entry (threads.ts) that each host bundles beside itself,
 * since a bundle moves the core's modules and only the host knows where it put them. The entry serves
 * one role per thread: sealing a PST's blocks (ndb/write-thread.ts), fingerprinting a written PST's
 * items (verify-thread.ts) or hashing a source file (file-hash.ts).
 */

export type ThreadRole = 'seal' | 'fingerprint' | 'hash';

/** What a helper thread receives as its workerData. */
export interface ThreadJob<T = unknown> {
  role: ThreadRole;
  data: T;
}

/** Young generation of a helper thread: V8 sizes it as three semi-spaces, and the CLI runs with 2 MB ones. */
const YOUNG_GENERATION_MB = 6;

let script: URL | null = null;

/**
 * Names the helper threads' entry. Each host does so once at start; without it (or with null, or when the
 * file is missing) the core does that work on its own thread.
 */
export function useCoreThreads(entry: URL | null): void {
  script = entry !== null && existsSync(fileURLToPath(entry)) ? entry : null;
}

/** Starts a helper thread in `role`, or returns null when no host named the entry. */
export function startCoreThread<T>(role: ThreadRole, data: T): Worker | null {
  if (script === null) return null;
  const job: ThreadJob<T> = { role, data };
  // The small young generation the CLI and the app's worker run with (bin/ost-rescue.js): a thread that
  // reads a whole PST otherwise holds tens of megabytes of garbage between collections.
  return new Worker(script, { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
}
