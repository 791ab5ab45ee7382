import { closeSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Encoding } from './encoding.js';
import { addExtent, addSeal, drainSlot, extentEnd, growExtent, newSlot, SLOT_BYTES, SLOT_EXTENTS, SLOT_SEALS, type Slot } from './write-slots.js';
import { SealThread } from './write-thread.js';

/** The longest gap between two writes that is filled in, rather than starting a new extent. */
const GAP_FILLED = 64 * 1024;

/** Whether close() waits for the data to reach the disk, or leaves that to syncToDisk() later. */
export type Durability = 'sync' | 'later';

/**
 * Positional writes to the output file, gathered into slots (write-slots.ts) that are sealed and
 * written a few megabytes at a time, on a thread of their own where a host provides one
 * (write-thread.ts). Space is allocated front to back, so most writes extend the last run of bytes.
 */
export class FileSink {
  private readonly fd: number;
  private readonly thread: SealThread | null;
  private slot: Slot;
  /** Bytes, seals and extents of the slot in use so far. */
  private used = 0;
  private seals = 0;
  private extents = 0;

  /** With `sealThread` false (a small file, which a thread's start would slow), slots are drained here. */
  constructor(path: string, overwrite: boolean, sealThread: boolean) {
    this.fd = openSync(path, overwrite ? 'w' : 'wx');
    this.thread = sealThread ? SealThread.start(this.fd) : null;
    this.slot = this.thread?.slot ?? newSlot((n) => new ArrayBuffer(n));
  }

  /** Whether slots now go to a sealing thread (one starts in the background; until then the sink drains them). */
  get threaded(): boolean {
    return this.thread?.ready ?? false;
  }

  /** Writes finished bytes (pages, the header) at file offset `at`. */
  write(at: number, data: Uint8Array): void {
    for (let done = 0; done < data.length; done += SLOT_BYTES) {
      const part = data.subarray(done, Math.min(done + SLOT_BYTES, data.length));
      const offset = this.reserve(at + done, part.length);
      this.slot.bytes.set(part, offset);
    }
  }

  /**
   * Sets aside `size` bytes for file offset `at` in the slot, and returns their offset there: the caller
   * lays a block out at once (see view()), data unencoded and trailer without its CRC, then calls seal().
   */
  reserve(at: number, size: number): number {
    if (size > SLOT_BYTES) throw new RangeError(`a write of ${size} bytes exceeds a slot`);
    const gap = this.extents > 0 ? at - extentEnd(this.slot, this.extents - 1) : -1;
    // A short gap (alignment, the map pages at an interval's start) is written as zeros, which is what
    // the file holds there until a later slot writes the map pages over them.
    const extend = gap >= 0 && gap <= GAP_FILLED;
    if (this.used + size + (extend ? gap : 0) > SLOT_BYTES || this.seals === SLOT_SEALS || (!extend && this.extents === SLOT_EXTENTS)) {
      this.flush();
      return this.reserve(at, size);
    }
    if (extend) {
      this.slot.bytes.fill(0, this.used, this.used + gap);
      this.used += gap;
      growExtent(this.slot, this.extents - 1, gap + size);
    } else {
      addExtent(this.slot, this.extents++, at, this.used, size);
    }
    const offset = this.used;
    this.used += size;
    return offset;
  }

  /** The bytes reserve() set aside at `offset`, `size` long. */
  view(offset: number, size: number): Uint8Array {
    return this.slot.bytes.subarray(offset, offset + size);
  }

  /** Marks the block reserved at `offset` for encoding and a CRC (at `crcAt`, from the block's start) before it is written. */
  seal(offset: number, cb: number, crcAt: number, encoding: Encoding, bid: number): void {
    addSeal(this.slot, this.seals++, offset, cb, offset + crcAt, encoding, bid);
  }

  flush(): void {
    if (this.extents === 0) return;
    if (this.threaded) this.slot = this.thread!.submit(this.seals, this.extents);
    else drainSlot(this.fd, this.slot, this.seals, this.extents);
    this.used = 0;
    this.seals = 0;
    this.extents = 0;
  }

  /** Flushes, sets the final size, forces the data to disk (unless that is to come later) and closes. */
  close(size: number, durability: Durability): void {
    this.flush();
    this.thread?.stop();
    ftruncateSync(this.fd, size);
    if (durability === 'sync') fsyncSync(this.fd);
    closeSync(this.fd);
  }

  /** Closes without finishing (after a failure); the caller removes the file. */
  abandon(): void {
    try {
      this.thread?.stop();
    } catch {
      // The file is being thrown away: a write of it that failed no longer matters.
    }
    closeSync(this.fd);
  }
}

/**
 * Forces a closed file's data to disk, in a thread of libuv's pool. A writer that reads its output back
 * first (convert's verification) closes it unsynced and starts this at once: the disk takes the data while
 * the file is being read, instead of the writer waiting for all of it before or after.
 */
export async function syncToDisk(path: string): Promise<void> {
  const file = await open(path, 'r+');
  try {
    await file.sync();
  } finally {
    await file.close();
  }
}
