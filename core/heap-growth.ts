import { setFlagsFromString } from 'node:v8';

/**
 * Inputs at least this large get a heap tuned to them. On small ones tuning only adds collections: a full
 * read of enron.pst (13 MB), about 100 ms, spent a median of 18 ms in the collector with V8's size-first
 * growth against 8 ms without (6 runs each, from --trace-gc).
 */
export const TUNED_FROM_BYTES = 64 * 1048576;

/**
 * What the process does with a large input: reads it (preview, full read, deep scan), or converts it.
 * - Reading keeps V8's size-first mode (--optimize-for-size): the heap grows slowly, and pages are given
 *   back to the system after collections. Peak memory stays nearly flat from 100 MB to 4 GB inputs: without
 *   it a 4 GB OST full read peaked at 73-76 MB against 71-73, and its deep scan at 75-79 MB against 71-74.
 * - Converting makes more garbage, faster, and size-first's handing pages back and faulting them in again
 *   cost it about a tenth of its time (on the bench machine, a virtual one, a page fault costs about 11 us).
 *   So a conversion keeps only the slow growth: at most 10 % above what a full collection left live.
 *   Runs interleaved, the CLI switching to this mode when it starts converting, against size-first:
 *   - 1 GB OST: 25 thousand page faults against 64-71 thousand; 8.5-9.0 s against 9.3-9.9 s; peak 98 MB
 *     against 96-100;
 *   - 4 GB OST: 26.9-34.4 s against 32.1-38.3 s (medians 29.3 and 35.1); peak 107 MB against 103-105.
 *   Neither setting (V8's default) peaks at 110-115 MB on the 1 GB OST.
 */
export type HeapWork = 'read' | 'convert';

const CONVERT_GROWTH_PERCENT = 10;

let converting = false;
/** False in the core's helper threads (see leaveHeapToHost). */
let tuning = true;

/**
 * Called first in each of the core's helper threads (threads.ts). The flags are the process's and each
 * thread has its own copy of this module: a helper that opens a file would set the reading mode again, and
 * undo the conversion's mode for the whole process while it verifies. Helpers follow the host's choice.
 */
export function leaveHeapToHost(): void {
  tuning = false;
}

/**
 * Sets the heap for `work` on an input of this size, once the size is known. The flags are the process's: V8
 * reads them each time it sizes a heap, so they take for the heaps already running and for helper threads
 * started later. The mode for a conversion, once set, stays: the app's worker that has converted one large
 * file goes on with the faster mode rather than switching back and forth between jobs.
 */
export function growHeapFor(inputBytes: number, work: HeapWork = 'read'): void {
  if (!tuning || converting || inputBytes < TUNED_FROM_BYTES) return;
  if (work === 'read') {
    setFlagsFromString('--optimize-for-size');
    return;
  }
  converting = true;
  setFlagsFromString('--no-optimize-for-size');
  setFlagsFromString(`--heap-growing-percent=${CONVERT_GROWTH_PERCENT}`);
}
