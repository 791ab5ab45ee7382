import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FormatError } from '../errors.js';

/** Read-ahead size, the largest read it serves, and how far past the last read it still applies. */
const READ_AHEAD = 1 << 20;
const READ_AHEAD_MAX_ITEM = 1 << 16;
const READ_AHEAD_MAX_GAP = 1 << 16;
const NOTHING = Buffer.alloc(0);

/**
 * Read-only random access to a data file. Opened with 'r' so the source can never be written;
 * every read is positional and checked against the file's size, so a bad offset read from a
 * damaged structure becomes a FormatError rather than a short read or a hang.
 */
export class FileSource {
  readonly size: number;
  private closed = false;
  /** The last bytes read ahead, which may serve the next reads (see read()). */
  private window: Buffer = NOTHING;
  private windowStart = 0;
  /**
   * Where every read-ahead lands, made once: a megabyte made per read-ahead was garbage the collector
   * freed only some time later, and the pages of each new one were faulted in again.
   */
  private aheadBuffer: Buffer | null = null;
  /** Where a small read outside the read-ahead lands (see read()). */
  private exactBuffer: Buffer | null = null;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  static open(path: string): FileSource {
    return new FileSource(path, openSync(path, 'r'));
  }

  /**
   * Reads exactly `length` bytes at `offset`, or throws FormatError naming the range. The result may
   * be a view into a buffer of the source's, which the next read may overwrite: callers must not modify
   * it, and must copy what they keep beyond the next read (readOwned() gives a buffer of their own).
   */
  read(offset: number, length: number): Uint8Array {
    return this.readAt(offset, length, false);
  }

  /** read(), or with `own` a read outside the read-ahead into a buffer of the caller's own. */
  private readAt(offset: number, length: number, own: boolean): Uint8Array {
    this.checkRange(offset, length);
    const w = this.window;
    if (offset >= this.windowStart && offset + length <= this.windowStart + w.length) {
      // A plain Uint8Array view: Buffer#subarray goes through a much slower constructor.
      return new Uint8Array(w.buffer, w.byteOffset + offset - this.windowStart, length);
    }
    // Blocks of one message, and messages written one after another, mostly lie in file order: a
    // small read just past the last one starts a read-ahead, which turns many small system calls
    // into one. Reads elsewhere (B-tree pages, random access) stay exact.
    const gap = offset - (this.windowStart + w.length);
    if (length <= READ_AHEAD_MAX_ITEM && gap >= 0 && gap <= READ_AHEAD_MAX_GAP) {
      this.aheadBuffer ??= Buffer.allocUnsafe(READ_AHEAD);
      const next = this.aheadBuffer.subarray(0, Math.min(READ_AHEAD, this.size - offset));
      // Emptied first: a read that fails half-way must not leave old offsets naming new bytes.
      this.window = NOTHING;
      this.fill(next, offset);
      this.window = next;
      this.windowStart = offset;
      return new Uint8Array(this.window.buffer, this.window.byteOffset, length);
    }
    if (own || length > READ_AHEAD_MAX_ITEM) return this.readExact(offset, length);
    // Elsewhere a small read lands in one buffer made once, like the read-ahead: verifying a written PST
    // reads its attachments a block at a time out of order, and a buffer made per block was 200 MB of
    // garbage on a 1 GB file, which the collector freed only some time later.
    this.exactBuffer ??= Buffer.allocUnsafe(READ_AHEAD_MAX_ITEM);
    const into = new Uint8Array(this.exactBuffer.buffer, this.exactBuffer.byteOffset, length);
    this.fill(into, offset);
    return into;
  }

  /**
   * Reads exactly `length` bytes at `offset` into a buffer of the caller's own, which it may keep and
   * modify: for large reads that are consumed whole, where read() would copy twice.
   */
  readOwned(offset: number, length: number): Uint8Array {
    const bytes = this.readAt(offset, length, true);
    return bytes.buffer === this.window.buffer ? bytes.slice() : bytes;
  }

  /**
   * Reads exactly `into.length` bytes at `offset` into `into`: for a caller that goes through the whole
   * file a large piece at a time (the deep scan), and reuses one buffer instead of making garbage of a
   * megabyte per piece, which the garbage collector frees only some time later.
   */
  readInto(into: Uint8Array, offset: number): Uint8Array {
    this.checkRange(offset, into.length);
    this.fill(into, offset);
    return into;
  }

  private checkRange(offset: number, length: number): void {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(`range ${offset}+${length} lies outside the file (${this.size} bytes)`, offset);
    }
  }

  private readExact(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    this.fill(buf, offset);
    return buf;
  }

  private fill(into: Uint8Array, offset: number): void {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, offset + done);
      if (n === 0) throw new FormatError(`unexpected end of file at ${offset + done}`, offset + done);
      done += n;
    }
  }

  /** Reads up to `length` bytes at `offset`, clipped at the end of the file (for scanners). */
  readClipped(offset: number, length: number): Uint8Array {
    const end = Math.min(this.size, offset + length);
    return end <= offset ? new Uint8Array(0) : this.read(offset, end - offset);
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      closeSync(this.fd);
    }
  }
}
