// The LZFu compressor (core/messaging/write-rtf.ts) against libpff's decompressor, which checks the CRC and the
// end marker: every input comes back byte for byte, including runs that wrap the 4 KiB dictionary and runs that
// overlap the position being written.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { compressRtf } from '../core/messaging/write-rtf.js';
import { PstWriter } from '../core/pst-writer.js';
import { Rng } from '../core/synth/rng.js';
import { rtfDocument } from '../core/synth/text.js';
import { bin, str } from '../core/synth/values.js';
import { tempDir } from './support/fixtures.js';

const run = promisify(execFile);

const rng = new Rng('rtf');
const INPUTS: Record<string, Buffer> = {
  empty: Buffer.alloc(0),
  'one byte': Buffer.from('{'),
  'the dictionary prefix itself': Buffer.from('{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}'),
  'one byte repeated (overlapping runs)': Buffer.alloc(5000, 'a'),
  'document past 4 KiB (dictionary wraps)': Buffer.from(rtfDocument(Array.from({ length: 80 }, (_, i) => `Paragraph ${i}: Grüße, Привет, 你好 — ${'x'.repeat(i)}`)), 'latin1'),
  'random bytes (no matches)': Buffer.from(rng.bytes(9000)),
};

// Prints "subject<TAB>sha256 of the RTF body libpff decompresses" per message of the file's first folder with items.
const SCRIPT = `
import hashlib, sys, pypff
f = pypff.file(); f.open(sys.argv[1])
def walk(folder):
    for i in range(folder.number_of_sub_folders): walk(folder.get_sub_folder(i))
    for i in range(folder.number_of_sub_messages):
        m = folder.get_sub_message(i)
        body = m.get_rtf_body()
        print(m.subject + "\\t" + hashlib.sha256(body or b"").hexdigest())
walk(f.get_root_folder())
`;

test('libpff decompresses what compressRtf writes to the original bytes', async (t) => {
  const file = path.join(tempDir(t), 'rtf.pst');
  const w = PstWriter.create(file, { displayName: 'RTF' });
  const folder = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'RTF')] }, () => null, { containerClass: 'IPF.Note' });
  for (const [name, rtf] of Object.entries(INPUTS)) {
    w.addMessage(folder, { sourceNid: 0, props: [str(0x0037, name), bin(0x1009, compressRtf(rtf))], recipients: [], attachments: [], problems: [] }, () => null);
  }
  w.finish();
  const { stdout } = await run('/usr/bin/python3', ['-c', SCRIPT, file]);
  const seen = new Map(stdout.trim().split('\n').map((line) => line.split('\t') as [string, string]));
  for (const [name, rtf] of Object.entries(INPUTS)) {
    // libpff returns the body with a terminating NUL; its length is rawSize + 1.
    assert.equal(seen.get(name), createHash('sha256').update(Buffer.concat([rtf, Buffer.from([0])])).digest('hex'), name);
  }
  assert.ok(compressRtf(INPUTS['one byte repeated (overlapping runs)']!).length < 1000, 'repetition compresses');
});
