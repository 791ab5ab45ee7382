/**
 * The worker thread's entry: receives calls from main, runs them against the mailbox service with
 * an AbortController per call, streams progress back and answers with a Result. Errors become
 * sentences here; a stack trace never leaves the worker.
 */

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parentPort } from 'node:worker_threads';
import type { Failure, FromWorker, ToWorker, WorkerApi } from './contract.js';
import { RescueError, useCoreThreads, type RunControl } from './core-adapter.js';
import { createMailboxService } from './mailbox-service.js';

const port = parentPort!;
// The core's helper threads, bundled beside this file (build.mjs) and, like it, outside the asar archive.
useCoreThreads(pathToFileURL(join(__dirname, 'threads.cjs')));
const service = createMailboxService();
const running = new Map<number, AbortController>();

function toFailure(e: unknown): Failure {
  if (e instanceof RescueError) return { kind: e.kind, message: e.message };
  if (e instanceof Error && e.name === 'AbortError') return { kind: 'cancelled', message: 'Cancelled. Nothing was changed.' };
  const detail = e instanceof Error ? e.message : String(e);
  return {
    kind: 'internal',
    message: `Something unexpected went wrong (${detail}). Try again; if it keeps happening, try a deep scan.`,
  };
}

async function run(id: number, channel: keyof WorkerApi, req: unknown): Promise<void> {
  const controller = new AbortController();
  running.set(id, controller);
  const post = (msg: FromWorker) => port.postMessage(msg);
  try {
    // The contract types the handlers; main built `req` for this very channel.
    const handler = service[channel] as (r: unknown, c: RunControl) => Promise<unknown>;
    const value = await handler(req, {
      signal: controller.signal,
      onProgress: (progress) => post({ type: 'progress', id, progress }),
    });
    post({ type: 'result', id, result: { ok: true, value } });
  } catch (e) {
    post({ type: 'result', id, result: { ok: false, error: toFailure(e) } });
  } finally {
    running.delete(id);
  }
}

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'cancel') running.get(msg.id)?.abort();
  else void run(msg.id, msg.channel, msg.req);
});
