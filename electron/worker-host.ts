/**
 * Main's side of the worker protocol. The core runs in one worker_threads Worker so scanning,
 * paging items and exporting never block main's event loop. Calls carry ids; progress streams
 * back per id; cancel(id) aborts the worker's AbortController for that call.
 */

import { Worker } from 'node:worker_threads';
import type { FromWorker, Progress, Result, ToWorker, WorkerApi } from './contract.js';

interface Pending {
  resolve: (r: Result<unknown>) => void;
  onProgress: ((p: Progress) => void) | undefined;
}

export class WorkerHost {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly script: string) {}

  /** Starts a call; `id` is what cancel() takes. The promise never rejects: failures are Results. */
  call<C extends keyof WorkerApi>(
    channel: C,
    req: WorkerApi[C]['req'],
    onProgress?: (p: Progress) => void,
  ): { id: number; result: Promise<Result<WorkerApi[C]['res']>> } {
    const id = this.nextId++;
    const result = new Promise<Result<unknown>>((resolve) => {
      this.pending.set(id, { resolve, onProgress });
      this.post({ type: 'call', id, channel, req });
    });
    return { id, result: result as Promise<Result<WorkerApi[C]['res']>> };
  }

  cancel(id: number): void {
    if (this.pending.has(id)) this.post({ type: 'cancel', id });
  }

  async stop(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    if (w) await w.terminate();
  }

  private post(msg: ToWorker): void {
    this.ensureWorker().postMessage(msg);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // The CLI's small young generation (bin/ost-rescue.js says why): three 2 MB semi-spaces, so dead block
    // buffers are freed after a few megabytes of reading instead of a hundred. The core sets V8's heap growth
    // itself when it opens or converts a file, by the file's size (core/heap-growth.ts).
    const w = new Worker(this.script, { resourceLimits: { maxYoungGenerationSizeMb: 6 } });
    w.on('message', (msg: FromWorker) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      if (msg.type === 'progress') p.onProgress?.(msg.progress);
      else {
        this.pending.delete(msg.id);
        p.resolve(msg.result);
      }
    });
    // A crashed worker (out of memory, a bug) must not leave the wizard waiting forever: fail what
    // was in flight with a sentence and start a fresh worker on the next call.
    const fail = (why: string) => {
      console.error('[worker-host] worker stopped:', why);
      if (this.worker === w) this.worker = null;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.resolve({
          ok: false,
          error: {
            kind: 'internal',
            message: `The reading engine stopped unexpectedly (${why}). Open the file again; if it keeps happening, try a deep scan.`,
          },
        });
      }
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    w.unref();
    this.worker = w;
    return w;
  }
}
