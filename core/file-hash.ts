import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { errorText } from './errors.js';
import { startCoreThread } from './thread-entry.js';

/** SHA-256 of a whole file, in hex, read a megabyte at a time. */
export function fileSha256(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** The answer of a hashing thread: the digest, or why it could not read the file. */
type Reply = { sha256: string } | { failed: string };

/**
 * fileSha256() on a helper thread, so that the calling thread goes on meanwhile: hashing a multi-gigabyte
 * file is seconds of CPU. Where no host named the core's thread entry, or the thread fails, the file is
 * hashed here.
 */
export function fileSha256OnThread(path: string): Promise<string> {
  const worker = startCoreThread('hash', path);
  if (worker === null) return Promise.resolve(fileSha256(path));
  return new Promise<string>((ok, fail) => {
    const here = () => {
      // Once, whichever comes first: a thread that answered still ends afterwards.
      worker.off('error', here).off('exit', here);
      try {
        ok(fileSha256(path));
      } catch (e) {
        fail(e);
      }
    };
    worker.once('error', here);
    worker.once('exit', here);
    worker.once('message', (reply: Reply) => {
      if (!('sha256' in reply)) return here();
      worker.off('error', here).off('exit', here);
      ok(reply.sha256);
    });
  }).finally(() => void worker.terminate());
}

/** The thread's side (threads.ts). */
export function serveHash(path: string): void {
  let reply: Reply;
  try {
    reply = { sha256: fileSha256(path) };
  } catch (e) {
    reply = { failed: errorText(e) };
  }
  parentPort!.postMessage(reply);
}
