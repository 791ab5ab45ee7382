// The source's SHA-256 in the convert report, hashed on a helper thread for large files: it must be the digest
// coreutils' sha256sum gives, and a file the thread cannot read must fail the call rather than hang it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { fileSha256, fileSha256OnThread } from '../core/file-hash.js';
import { useCoreThreads } from '../core/thread-entry.js';
import { coreThreadsEntry, pstExtractorFiles, tempDir } from './support/fixtures.js';

test('a file hashed on the helper thread and on the calling thread has the SHA-256 sha256sum gives', async (t) => {
  const files = pstExtractorFiles();
  if (files.length === 0) {
    t.skip('pst-extractor is not installed');
    return;
  }
  useCoreThreads(coreThreadsEntry());
  try {
    for (const file of files) {
      const expected = execFileSync('sha256sum', [file], { encoding: 'utf8' }).split(' ')[0];
      assert.equal(await fileSha256OnThread(file), expected, path.basename(file));
      assert.equal(fileSha256(file), expected, path.basename(file));
    }
    await assert.rejects(fileSha256OnThread(path.join(tempDir(t), 'missing.ost')), /ENOENT/);
  } finally {
    useCoreThreads(null);
  }
});
