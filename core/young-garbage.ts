import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * V8 collects its young generation when small objects fill it (2 MB semi-spaces, bin/ost-rescue.js), and a
 * Node buffer is a small object there for bytes that live outside it. A reader that makes a 64 KiB buffer
 * for every block it inflates makes few small objects for many bytes, so tens of megabytes of dead blocks
 * wait for a collection that small objects trigger late: measured on the 4 GB OST's deep scan, 23 MB of
 * them in its last 40 MB (peak 92 MB), and the process keeps what its allocator once held. So the reader
 * counts the bytes of the buffers it makes for blocks, and after every few megabytes asks for a young-generation
 * collection, which at that size takes a fraction of a millisecond.
 */
const COLLECT_EVERY_BYTES = 4 * 1048576;

type Collect = (options: { type: 'minor'; execution: 'sync' }) => void;
let collect: Collect | null = null;
let sinceCollected = 0;

/** Notes `bytes` of buffers made for one block, which die as soon as their block is consumed. */
export function madeBlockBuffer(bytes: number): void {
  sinceCollected += bytes;
  if (sinceCollected < COLLECT_EVERY_BYTES) return;
  sinceCollected = 0;
  // V8 hands a context the collector only with --expose-gc; set now, it holds for contexts made after.
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Collect;
  }
  collect({ type: 'minor', execution: 'sync' });
}
