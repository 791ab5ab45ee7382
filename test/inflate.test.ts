// The one zlib context that inflates every compressed block of a 4K file (core/ndb/inflate.ts): each real block
// of Outlook.com's OSTs must inflate to what Python's zlib (the system's library, not Node's) makes of the same
// bytes, one block after another through the same context; a damaged or cut stream must say so and leave the
// next block unharmed; and the inflateSync fallback must answer alike.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { NodeDatabase } from '../core/ndb/database.js';
import { blockTotalSize } from '../core/ndb/geometry.js';
import { inflateInto, inflateOnce } from '../core/ndb/inflate.js';
import { bbtEntries } from './support/bbt.js';
import { pstExtractorFiles } from './support/fixtures.js';

const PYTHON = '/usr/bin/python3';

interface Stored {
  bytes: Uint8Array;
  cbInflated: number;
}

/** The stored bytes of every compressed block the file's BBT names. */
function compressedBlocks(file: string): Stored[] {
  const db = NodeDatabase.open(file);
  try {
    const whole = readFileSync(file);
    const out: Stored[] = [];
    for (const e of bbtEntries(db)) {
      if (e.cbInflated === e.cb || e.ib + blockTotalSize(db.geometry, e.cb) > whole.length) continue;
      out.push({ bytes: whole.subarray(e.ib, e.ib + e.cb), cbInflated: e.cbInflated });
    }
    return out;
  } finally {
    db.close();
  }
}

/** SHA-256 of each stream as Python's zlib inflates it. */
function pythonDigests(streams: Uint8Array[]): string[] {
  const script = [
    'import sys, zlib, hashlib, struct',
    'data = sys.stdin.buffer.read(); i = 0',
    'while i < len(data):',
    '    (n,) = struct.unpack_from("<I", data, i); i += 4',
    '    print(hashlib.sha256(zlib.decompress(data[i:i + n])).hexdigest()); i += n',
  ].join('\n');
  const input = Buffer.concat(streams.flatMap((s) => [Buffer.from(new Uint32Array([s.length]).buffer), s]));
  return execFileSync(PYTHON, ['-c', script], { input, maxBuffer: 64 << 20, encoding: 'utf8' }).trim().split('\n');
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

for (const [name, inflate] of [['the reused context', inflateInto], ['inflateSync', inflateOnce]] as const) {
  test(`${name}: every compressed block of the real OSTs inflates as Python's zlib inflates it`, (t) => {
    const files = pstExtractorFiles().filter((f) => f.endsWith('.ost'));
    if (files.length === 0) {
      t.skip('pst-extractor is not installed');
      return;
    }
    for (const file of files) {
      const blocks = compressedBlocks(file);
      assert.ok(blocks.length > 100, `${path.basename(file)} has compressed blocks`);
      const expected = pythonDigests(blocks.map((b) => b.bytes));
      const out = new Uint8Array(65537);
      blocks.forEach((b, i) => {
        const n = inflate(b.bytes, out.subarray(0, b.cbInflated + 1));
        assert.equal(n, b.cbInflated, `${path.basename(file)} block ${i}: size`);
        assert.equal(sha(out.subarray(0, n)), expected[i], `${path.basename(file)} block ${i}: bytes`);
      });
    }
  });

  test(`${name}: a damaged or cut stream fails, a stream longer than the room fills it, and the next block still inflates`, (t) => {
    const file = pstExtractorFiles().find((f) => f.endsWith('.ost'));
    if (!file) {
      t.skip('pst-extractor is not installed');
      return;
    }
    const [first, second] = compressedBlocks(file).filter((b) => b.cbInflated > 1000);
    assert.ok(first && second);
    const [want] = pythonDigests([second.bytes]);
    const check = () => {
      const out = new Uint8Array(second.cbInflated + 1);
      assert.equal(inflate(second.bytes, out), second.cbInflated);
      assert.equal(sha(out.subarray(0, second.cbInflated)), want);
    };
    const damaged = Uint8Array.from(first.bytes);
    // The zlib header's check bits [RFC 1950 §2.2] no longer hold.
    damaged[1]! ^= 0x01;
    assert.equal(inflate(damaged, new Uint8Array(first.cbInflated + 1)), -1, 'damaged header');
    check();
    assert.equal(inflate(first.bytes.subarray(0, first.bytes.length >> 1), new Uint8Array(first.cbInflated + 1)), -1, 'cut in half');
    check();
    assert.equal(inflate(first.bytes, new Uint8Array(100)), 100, 'more than the room');
    check();
  });
}
