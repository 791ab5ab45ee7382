// What a writer test wrote, and the check that an independent reader (pypff) reads it back as written.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { PypffMessage } from './oracles.js';

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** One message a test wrote: its folder below the top folder, subject, plain body and by-value attachments. */
export interface WrittenMessage {
  folder: string;
  subject: string;
  body: string;
  attachments: Uint8Array[];
}

/**
 * Asserts pypff found each written message (by its subject) in its folder under `top`, read it without errors,
 * and read its plain body and by-value attachments byte for byte.
 */
export function assertPypffReadsBack(messages: Array<PypffMessage & { folder: string }>, written: WrittenMessage[], top: string): void {
  const bySubject = new Map(messages.map((m) => [m.subject, m]));
  for (const e of written) {
    const m = bySubject.get(e.subject);
    assert.ok(m, `pypff finds "${e.subject}"`);
    assert.equal(m.folder, `${top}/${e.folder}`);
    assert.deepEqual(m.errors, []);
    assert.equal(m.plainBody?.sha256, sha256(Buffer.from(e.body, 'utf8')), `body of "${e.subject}"`);
    const got = (m.attachments ?? []).filter((a) => a.method === 1).map((a) => a.data?.sha256);
    assert.deepEqual(got, e.attachments.map(sha256), `attachments of "${e.subject}"`);
  }
}
