// The sealing thread (core/ndb/write-thread.ts) takes encoding, CRCs and writes off the writer's thread. It
// must change nothing in the file: the same generator run gives the same bytes with it as without, and
// libpff reads the result. A write that fails on the thread fails the writer, with the system's error code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FileSink } from '../core/ndb/write-sink.js';
import { useCoreThreads } from '../core/thread-entry.js';
import { synthesize } from '../core/synth/generate.js';
import { coreThreadsEntry, tempDir } from './support/fixtures.js';
import { pffexportTree } from './support/oracles.js';

const entry = coreThreadsEntry();

/** Waits (at most 10 s) until a sink hands its slots to the thread. */
async function untilThreaded(sink: FileSink): Promise<void> {
  for (let waited = 0; !sink.threaded; waited += 10) {
    assert.ok(waited < 10_000, 'the sealing thread started');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sixteen blocks' worth of slot traffic: blocks to seal, a page written back at an earlier offset, gaps. */
function writeSome(sink: FileSink, from: number): number {
  let at = from;
  for (let i = 0; i < 400; i++) {
    const size = 64 * (1 + (i % 128));
    const offset = sink.reserve(at, size);
    sink.view(offset, size).fill(i & 0xff);
    sink.seal(offset, size - 16, size - 8, i % 2 ? 'permute' : 'none', 4 * (i + 1));
    at += size + (i % 7 === 0 ? 512 : 0);
    if (i % 50 === 0) sink.write(from + i, new Uint8Array(512).fill(0xee));
  }
  return at;
}

test('a synthesized file is byte for byte the same written through the sealing thread, and pffexport -m all reads it', async (t) => {
  const dir = tempDir(t);
  const options = { variant: 'unicode', client: 'pst', encoding: 'permute', seed: 'seal', target: { bytes: 24 * 1024 * 1024 } } as const;
  synthesize(path.join(dir, 'own.pst'), options);
  useCoreThreads(entry);
  try {
    synthesize(path.join(dir, 'thread.pst'), options);
  } finally {
    useCoreThreads(null);
  }
  assert.ok(readFileSync(path.join(dir, 'own.pst')).equals(readFileSync(path.join(dir, 'thread.pst'))), 'the same bytes');
  const tree = await pffexportTree(path.join(dir, 'thread.pst'), 'all');
  assert.ok(tree.ok, `pffexport -m all: ${tree.stderr}`);
});

test('slots drained by the thread and on the writer\'s own thread give the same file', async (t) => {
  const dir = tempDir(t);
  const own = new FileSink(path.join(dir, 'own.bin'), false, false);
  const ownEnd = writeSome(own, writeSome(own, 0));
  own.close(ownEnd, 'later');
  useCoreThreads(entry);
  let sink: FileSink;
  try {
    sink = new FileSink(path.join(dir, 'thread.bin'), false, true);
  } finally {
    useCoreThreads(null);
  }
  const half = writeSome(sink, 0);
  await untilThreaded(sink);
  sink.close(writeSome(sink, half), 'later');
  assert.ok(readFileSync(path.join(dir, 'own.bin')).equals(readFileSync(path.join(dir, 'thread.bin'))), 'the same bytes');
});

test('a write that fails on the sealing thread fails the writer with its error code, as on its own thread', async () => {
  for (const threaded of [false, true]) {
    if (threaded) useCoreThreads(entry);
    let sink: FileSink;
    try {
      // /dev/full takes the open and refuses every write with ENOSPC.
      sink = new FileSink('/dev/full', true, threaded);
    } finally {
      useCoreThreads(null);
    }
    if (threaded) await untilThreaded(sink);
    assert.throws(
      () => {
        let at = 0;
        for (let i = 0; i < 20; i++) at = writeSome(sink, at);
        sink.close(at, 'later');
      },
      (e: NodeJS.ErrnoException) => e.code === 'ENOSPC',
      threaded ? 'through the thread' : 'on the writer\'s own thread',
    );
    sink.abandon();
  }
});
