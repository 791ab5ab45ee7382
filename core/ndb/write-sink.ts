import { closeSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

/** Whether close() waits for the data to reach the disk, or leaves that to syncToDisk() later. */
export type Durability = 'sync' | 'later';

/**
 * Positional writes to the output file. Space is allocated front to back, so consecutive writes
 * are usually adjacent: they are gathered into one buffer and written with a single call.
 */
export class FileSink {
  private readonly fd: number;
  private readonly buf = Buffer.alloc(4 * 1024 * 1024);
  private bufStart = 0;
  private bufLen = 0;

  constructor(path: string, overwrite: boolean) {
    this.fd = openSync(path, overwrite ? 'w' : 'wx');
  }

  write(at: number, data: Uint8Array): void {
    if (this.bufLen > 0 && at === this.bufStart + this.bufLen && this.bufLen + data.length <= this.buf.length) {
      this.buf.set(data, this.bufLen);
      this.bufLen += data.length;
      return;
    }
    this.flush();
    if (data.length >= this.buf.length) {
      this.writeAll(data, at);
      return;
    }
    this.buf.set(data, 0);
    this.bufStart = at;
    this.bufLen = data.length;
  }

  flush(): void {
    if (this.bufLen === 0) return;
    this.writeAll(this.buf.subarray(0, this.bufLen), this.bufStart);
    this.bufLen = 0;
  }

  /** Flushes, sets the final size, forces the data to disk (unless that is to come later) and closes. */
  close(size: number, durability: Durability): void {
    this.flush();
    ftruncateSync(this.fd, size);
    if (durability === 'sync') fsyncSync(this.fd);
    closeSync(this.fd);
  }

  /** Closes without finishing (after a failure); the caller removes the file. */
  abandon(): void {
    closeSync(this.fd);
  }

  private writeAll(data: Uint8Array, at: number): void {
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, at + done);
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
