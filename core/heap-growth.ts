import { setFlagsFromString } from 'node:v8';

/**
 * Inputs at least this large get V8's size-first heap growth. Measured on this machine, runs interleaved:
 * - on large inputs it holds peak memory down: a 1 GB OST full read 86-88 -> 71-74 MB in the same time,
 *   a 1 GB OST convert 126-129 -> 101-104 MB for 3-4 % more CPU time;
 * - on small ones it only adds collections: a full read of enron.pst (13 MB), about 100 ms, spends a median
 *   of 18 ms in the collector with it against 8 ms without (6 runs each, from --trace-gc).
 */
export const SIZE_FIRST_FROM_BYTES = 64 * 1048576;

/**
 * Sets the heap growth for an input of this size, once it is known. The flag is the process's: V8 reads it
 * each time it sizes a heap, so it takes for the heaps already running and for helper threads started later.
 * It is only ever turned on, so one large input among small ones keeps it.
 */
export function growHeapFor(inputBytes: number): void {
  if (inputBytes >= SIZE_FIRST_FROM_BYTES) setFlagsFromString('--optimize-for-size');
}
