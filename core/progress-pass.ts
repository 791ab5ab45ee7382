import type { Progress } from './model.js';

/**
 * How much of a long operation is done, 0 to 1, or null when it cannot say. Items where the operation knows
 * how many there are: an export's bytes are its items' sizes, which do not add up to the source file's
 * (compression, free space), so as a share of the file they stop short of 100 % or pass it.
 */
export function shareDone(p: Progress): number | null {
  if (p.itemsTotal) return Math.min(1, p.items / p.itemsTotal);
  return p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : null;
}

/**
 * When the pass under way began, for its rate and time left. A convert counts its items twice, writing them
 * and then verifying them: a share that falls back to the start begins a new pass, whose rate is its own.
 * The CLI's progress line and the app's progress bar both keep one.
 */
export class PassClock {
  private last = 0;

  constructor(private startedAt: number) {}

  /** The start of the pass `p` belongs to, `now` being when it was reported. */
  passStart(p: Progress, now: number): number {
    const share = shareDone(p);
    if (share === null) return this.startedAt;
    if (share < this.last) this.startedAt = now;
    this.last = share;
    return this.startedAt;
  }
}
