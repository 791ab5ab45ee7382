import type { Worker } from 'node:worker_threads';
import { startCoreThread } from '../thread-entry.js';
import { drainSlot, newSlot, type Slot } from './write-slots.js';

/**
 * A thread that seals and writes the output's slots (write-slots.ts) while the writer lays out the next
 * ones: on a 1 GB conversion, encoding, CRCs and writes were about a fifth of the writer's CPU time (the
 * wall time gained is less, 6 %, as the second core also hashes the source and collects garbage). The two sides share
 * memory only, so the writer, which never yields to its event loop, can hand a slot over and wait for
 * one without messages: slots go round in order, each FREE (the writer fills it) or FULL (the thread
 * drains it).
 */

const SLOTS = 3;
const FREE = 0;
const FULL = 1;
/** Int32 cells of `control`: the thread is serving; a write failed; then one state per slot. */
const READY = 0;
const FAILED = 1;
const STATE = 2;
/** Longest a writer waits for one slot before it calls the thread lost, instead of hanging. */
const LOST_AFTER_MS = 10 * 60 * 1000;

/** The memory both sides share, passed to the thread as its job's data. */
export interface SealShared {
  fd: number;
  control: Int32Array;
  /** Per slot: how many seals and extents it holds. */
  meta: Float64Array;
  /** A failed write's error code and message, as UTF-8 "code\nmessage". */
  failure: Uint8Array;
  slots: Slot[];
}

export class SealThread {
  private next = 0;

  private constructor(
    private readonly worker: Worker,
    private readonly shared: SealShared,
  ) {}

  /** Starts a thread for file descriptor `fd`, or returns null when no host named the core's thread entry. */
  static start(fd: number): SealThread | null {
    const shared: SealShared = {
      fd,
      control: new Int32Array(new SharedArrayBuffer(4 * (STATE + SLOTS))),
      meta: new Float64Array(new SharedArrayBuffer(8 * 2 * SLOTS)),
      failure: new Uint8Array(new SharedArrayBuffer(1024)),
      slots: Array.from({ length: SLOTS }, () => newSlot((n) => new SharedArrayBuffer(n))),
    };
    const worker = startCoreThread('seal', shared);
    if (worker === null) return null;
    // A thread that fails to start never reports READY, and the writer does the work itself.
    worker.on('error', () => {});
    worker.unref();
    return new SealThread(worker, shared);
  }

  /** Whether the thread has started serving: until then, handing it a slot could wait for ever. */
  get ready(): boolean {
    return Atomics.load(this.shared.control, READY) === 1;
  }

  /** The slot the writer fills next. */
  get slot(): Slot {
    return this.shared.slots[this.next]!;
  }

  /** Hands the current slot to the thread and returns the next one once the thread is done with it. */
  submit(sealCount: number, extentCount: number): Slot {
    const { control, meta } = this.shared;
    meta[this.next * 2] = sealCount;
    meta[this.next * 2 + 1] = extentCount;
    Atomics.store(control, STATE + this.next, FULL);
    Atomics.notify(control, STATE + this.next);
    this.next = (this.next + 1) % SLOTS;
    this.awaitFree(this.next);
    this.throwIfFailed();
    return this.slot;
  }

  /**
   * Waits until every slot is written, ends the thread, and throws if any write failed. All slots are
   * waited for first: the caller closes the file next, and the thread must not be writing to it then.
   */
  stop(): void {
    try {
      for (let k = 0; k < SLOTS; k++) this.awaitFree(k);
    } finally {
      void this.worker.terminate();
    }
    this.throwIfFailed();
  }

  private awaitFree(k: number): void {
    const { control } = this.shared;
    while (Atomics.load(control, STATE + k) === FULL) {
      if (Atomics.wait(control, STATE + k, FULL, LOST_AFTER_MS) === 'timed-out') throw new Error('the thread writing the output stopped responding');
    }
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.shared.control, FAILED) === 1) {
      const [code, ...message] = new TextDecoder().decode(this.shared.failure.slice()).replace(/\0+$/, '').split('\n');
      throw Object.assign(new Error(message.join('\n')), { code });
    }
  }
}

/** The thread's side (threads.ts): drain each slot as it fills, in the order the writer fills them. */
export function serveSeals(shared: SealShared): void {
  const { control, meta, slots } = shared;
  Atomics.store(control, READY, 1);
  for (let k = 0; ; k = (k + 1) % SLOTS) {
    while (Atomics.load(control, STATE + k) !== FULL) Atomics.wait(control, STATE + k, FREE);
    try {
      drainSlot(shared.fd, slots[k]!, meta[k * 2]!, meta[k * 2 + 1]!);
    } catch (e) {
      if (Atomics.load(control, FAILED) === 0) {
        const err = e as NodeJS.ErrnoException;
        shared.failure.set(new TextEncoder().encode(`${err.code ?? 'EIO'}\n${err.message}`).subarray(0, shared.failure.length));
        Atomics.store(control, FAILED, 1);
      }
    }
    Atomics.store(control, STATE + k, FREE);
    Atomics.notify(control, STATE + k);
  }
}
