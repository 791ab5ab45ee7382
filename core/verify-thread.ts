import { parentPort, type Worker } from 'node:worker_threads';
import { errorText } from './errors.js';
import { chunkedDigest, fingerprint, type Fingerprint } from './fingerprint.js';
import { Mailbox } from './mailbox.js';
import { startCoreThread } from './thread-entry.js';

/** A written item's fingerprint, or why it could not be read. */
export type OutputPrint = Fingerprint | { unreadable: string };

/**
 * A written item's fingerprint, with its attachments' bytes streamed rather than held, as on the source
 * side: verifying a mailbox of 25 MB attachments then costs a block at a time. A block of the output that
 * cannot be read comes as zeros, which its digest then tells from the source's bytes.
 */
export function outputPrint(mb: Mailbox, id: number): OutputPrint {
  try {
    const msg = mb.message(id, { attachmentData: 'stream' });
    return fingerprint(msg, (i) => chunkedDigest(msg.attachments[i]!.dataStream?.() ?? []));
  } catch (e) {
    return { unreadable: errorText(e) };
  }
}

interface Request {
  file: string;
  ids: number[];
  /** How many of `ids` are done so far, shared: the caller reports verification's progress from it. */
  done: Int32Array;
}

/** The answer to a Request: one print per id, or why the file could not be opened. */
type Reply = OutputPrint[] | { failed: string };

/**
 * A second thread that fingerprints some of a written file's items while the converting thread does the
 * rest: verification re-reads every byte written, which on a large mailbox is a sixth of the run, and
 * the second core is otherwise idle by then (the source is hashed and every block sealed).
 */
export class FingerprintThread {
  private constructor(private readonly worker: Worker) {}

  /** Starts the thread, or returns null when no host named the core's thread entry. */
  static start(): FingerprintThread | null {
    const worker = startCoreThread('fingerprint', null);
    return worker && new FingerprintThread(worker);
  }

  /**
   * The prints of items `ids` of `file`; rejects when the thread fails, and the caller reads them itself.
   * `done` (over a SharedArrayBuffer) counts the items printed so far.
   */
  prints(file: string, ids: number[], done: Int32Array): Promise<OutputPrint[]> {
    return new Promise((ok, fail) => {
      // A thread that ends without answering (an error, or out of memory) must not leave the caller waiting.
      const onError = (e: Error) => fail(e);
      const onExit = (code: number) => fail(new Error(`the thread ended (exit code ${code}) before it answered`));
      this.worker.once('error', onError);
      this.worker.once('exit', onExit);
      this.worker.once('message', (reply: Reply) => {
        this.worker.off('error', onError);
        this.worker.off('exit', onExit);
        if (Array.isArray(reply)) ok(reply);
        else fail(new Error(reply.failed));
      });
      const request: Request = { file, ids, done };
      this.worker.postMessage(request);
    });
  }

  close(): void {
    void this.worker.terminate();
  }
}

/** The thread's side (threads.ts): answers each request in turn. */
export function serveFingerprints(): void {
  const port = parentPort!;
  port.on('message', ({ file, ids, done }: Request) => {
    let reply: Reply;
    try {
      const mb = Mailbox.open(file);
      try {
        reply = ids.map((id, k) => {
          const print = outputPrint(mb, id);
          Atomics.store(done, 0, k + 1);
          return print;
        });
      } finally {
        mb.close();
      }
    } catch (e) {
      reply = { failed: errorText(e) };
    }
    port.postMessage(reply);
  });
}
