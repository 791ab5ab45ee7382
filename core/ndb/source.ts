import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FormatError } from '../errors.js';

/**
 * Read-only random access to a data file. Opened with 'r' so the source can never be written;
 * every read is positional and checked against the file's size, so a bad offset read from a
 * damaged structure becomes a FormatError rather than a short read or a hang.
 */
export class FileSource {
  readonly size: number;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  static open(path: string): FileSource {
    return new FileSource(path, openSync(path, 'r'));
  }

  /** Reads exactly `length` bytes at `offset`, or throws FormatError naming the range. */
  read(offset: number, length: number): Buffer {
    if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > this.size) {
      throw new FormatError(`range ${offset}+${length} lies outside the file (${this.size} bytes)`, offset);
    }
    const buf = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const n = readSync(this.fd, buf, done, length - done, offset + done);
      if (n === 0) throw new FormatError(`unexpected end of file at ${offset + done}`, offset + done);
      done += n;
    }
    return buf;
  }

  /** Reads up to `length` bytes at `offset`, clipped at the end of the file (for scanners). */
  readClipped(offset: number, length: number): Buffer {
    const end = Math.min(this.size, offset + length);
    return end <= offset ? Buffer.alloc(0) : this.read(offset, end - offset);
  }

  close(): void {
    if (!this.closed) {
      this.closed = true;
      closeSync(this.fd);
    }
  }
}
