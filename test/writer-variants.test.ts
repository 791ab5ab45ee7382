// One writer, every on-disk variant: ANSI PST and OST (32-bit ids, 512-byte header, 2-byte row indexes), Unicode
// OST, and the OST 2013+ 4K variant (4 KiB pages, 64 KiB blocks, zlib-compressed data blocks, 14-bit HID index),
// under each block encoding. Each file holds folders, mail with attachments large enough for XBLOCK data trees (in
// 4K a value past 64 KiB), an embedded message and a folder of 3000+ items. pffinfo must report the type, client
// and encryption asked for; pffexport, readpst and pypff must find exactly what was written; our own reader must
// see what pffexport sees.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { Mailbox } from '../core/mailbox.js';
import { NodeDatabase } from '../core/ndb/database.js';
import { isInternalBid } from '../core/ndb/ids.js';
import type { VariantId } from '../core/ndb/geometry.js';
import type { Encoding } from '../core/ndb/encoding.js';
import { PstWriter } from '../core/pst-writer.js';
import type { MessageObject } from '../core/messaging/objects.js';
import { bbtEntries } from './support/bbt.js';
import { tempDir } from './support/fixtures.js';
import { bin, bytes, int, str } from './support/props.js';
import { pffexportTree, pffinfo, pypffDump, pypffMessages, readpstSummary } from './support/oracles.js';
import { assertPypffReadsBack, type WrittenMessage } from './support/written.js';

const BULK = 3100;

function message(subject: string, body: string, attachments: MessageObject['attachments'] = []): MessageObject {
  return {
    sourceNid: 0,
    props: [str(0x001a, 'IPM.Note'), str(0x0037, subject), str(0x1000, body), str(0x0042, 'Sender'), int(0x0e07, 1)],
    recipients: [[int(0x0c15, 1), str(0x3001, 'Zoë To'), str(0x3002, 'SMTP'), str(0x3003, 'zoe@example.com'), int(0x0ffe, 6), int(0x3900, 0)]],
    attachments,
    problems: [],
  };
}

const byValue = (name: string, data: Uint8Array) => ({ props: [int(0x3705, 1), str(0x3704, name), str(0x3707, name), bin(0x3701, data), int(0x0e20, data.length)], embedded: null });

function writeCorpus(file: string, variant: VariantId, client: 'pst' | 'ost', encoding: Encoding): WrittenMessage[] {
  const w = PstWriter.create(file, { displayName: 'Variant test', variant, client, encoding });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, () => null, { containerClass: 'IPF.Note' });
  const sub = w.addFolder(inbox, { props: [str(0x3001, 'Ünïcode sub')] }, () => null, { containerClass: 'IPF.Note' });
  const bulk = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Bulk')] }, () => null, { containerClass: 'IPF.Note' });
  const expected: WrittenMessage[] = [];
  const add = (folder: number, folderPath: string, m: MessageObject, body: string) => {
    w.addMessage(folder, m, () => null);
    const attachments = m.attachments.flatMap((a) => a.props.filter((p) => p.id === 0x3701).map((p) => p.data));
    expected.push({ folder: folderPath, subject: Buffer.from(m.props.find((p) => p.id === 0x0037)!.data).toString('utf16le'), body, attachments });
  };
  // 200 KB spans several blocks in every variant (XBLOCK); 40 KB is one 4K block but an XBLOCK elsewhere.
  add(inbox, 'Inbox', message('Attachments – ✓', 'with attachments', [byValue('small.bin', bytes(7, 1)), byValue('mid.bin', bytes(40_000, 2)), byValue('big.bin', bytes(200_000, 3))]), 'with attachments');
  const inner = message('Inner message', 'The embedded body', [byValue('inner.txt', Buffer.from('inside'))]);
  add(inbox, 'Inbox', message('Outer with embedded', 'Outer body', [{ props: [int(0x3705, 5), str(0x3001, 'Inner message')], embedded: inner }]), 'Outer body');
  // 90 000 UTF-16 bytes of compressible text: a value in a subnode, past one 4K block before compression.
  const longBody = 'Long body line with some words. '.repeat(1400);
  add(sub, 'Inbox/Ünïcode sub', message('Long body', longBody), longBody);
  for (let i = 0; i < BULK; i++) add(bulk, 'Bulk', message(`Bulk ${i}`, `bulk body ${i}`), `bulk body ${i}`);
  w.finish();
  return expected;
}

const FILE_TYPE: Record<VariantId, string> = { ansi: '32-bit', unicode: '64-bit', unicode4k: '64-bit with 4k page' };
const CONTENT_TYPE = { pst: 'Personal Storage Tables (PST)', ost: 'Offline Storage Tables (OST)' };
const ENCRYPTION: Record<Encoding, string> = { none: 'none', permute: 'compressible', cyclic: 'high' };

const CASES: Array<{ variant: VariantId; client: 'pst' | 'ost'; encoding: Encoding }> = [
  { variant: 'ansi', client: 'pst', encoding: 'none' },
  { variant: 'ansi', client: 'ost', encoding: 'permute' },
  { variant: 'unicode', client: 'ost', encoding: 'cyclic' },
  { variant: 'unicode4k', client: 'ost', encoding: 'none' },
];

// Two at a time: most of the time goes to the oracles' child processes writing their exports.
describe('every variant', { concurrency: 2 }, () => {
  for (const c of CASES) {
    test(`${c.variant} ${c.client} (${c.encoding}) reads back identically in pffinfo, pffexport, readpst, pypff and our reader`, async (t) => {
      const file = path.join(tempDir(t), `variant.${c.client}`);
      const expected = writeCorpus(file, c.variant, c.client, c.encoding);

      const info = await pffinfo(file);
      assert.ok(info.ok, info.stderr);
      assert.equal(info.fields['File type'], FILE_TYPE[c.variant]);
      assert.equal(info.fields['File content type'], CONTENT_TYPE[c.client]);
      assert.equal(info.fields['Encryption type'], ENCRYPTION[c.encoding]);

      const pff = await pffexportTree(file);
      assert.ok(pff.ok, pff.stderr);
      assert.deepEqual(pff.problems, []);
      const top = 'Top of Outlook data file';
      const pffCounts = new Map(pff.folders.filter((f) => f.path.startsWith(`${top}/`)).map((f) => [f.path.slice(top.length + 1), f.items]));
      assert.deepEqual(
        pffCounts,
        new Map([
          ['Deleted Items', 0],
          ['Inbox', 2],
          ['Inbox/Ünïcode sub', 1],
          ['Bulk', BULK],
        ]),
      );

      const rp = await readpstSummary(file);
      assert.ok(rp.ok, rp.stderr);
      assert.deepEqual(rp.warnings, []);
      assert.equal(rp.perFolder.get('Variant test/Inbox'), 2);
      assert.equal(rp.perFolder.get('Variant test/Inbox/Ünïcode sub'), 1);
      assert.equal(rp.perFolder.get('Variant test/Bulk'), BULK);

      const dump = await pypffDump(file);
      assert.ok(dump.ok, dump.error);
      const messages = pypffMessages(dump);
      assert.equal(messages.length, expected.length);
      assertPypffReadsBack(messages, expected, top);

      // Our reader sees the folders and counts pffexport sees, and the subjects pypff sees.
      const mb = Mailbox.open(file);
      t.after(() => mb.close());
      assert.equal(mb.info.variant, c.variant);
      assert.equal(mb.info.client, c.client);
      assert.equal(mb.info.encoding, c.encoding);
      const ours = new Map(mb.folders().filter((f) => f.path.startsWith(`${top}/`)).map((f) => [f.path.slice(top.length + 1), f.itemCount]));
      assert.deepEqual(ours, pffCounts);
      const ourSubjects = mb.folders().flatMap((f) => mb.items(f.id).map((s) => s.subject));
      assert.deepEqual(ourSubjects.sort(), messages.map((m) => m.subject ?? '').sort());
      const embedded = mb.items(mb.folderByPath(`${top}/Inbox`)!.id).find((s) => s.subject === 'Outer with embedded')!;
      assert.equal(mb.message(embedded.id).attachments[0]?.embedded?.attachments.length, 1);

      if (c.variant === 'unicode4k') {
        // Compressed where it helps: text blocks are stored deflated, random attachment data as it is.
        const db = NodeDatabase.open(file);
        t.after(() => db.close());
        let compressed = 0;
        let plain = 0;
        for (const b of bbtEntries(db)) if (!isInternalBid(b.bid)) b.cb < b.cbInflated ? compressed++ : plain++;
        assert.ok(compressed > 0 && plain > 0, `${compressed} compressed and ${plain} plain data blocks`);
      }
    });
  }
});

test('the 4K variant refuses an encoding no reader agrees on', (t) => {
  assert.throws(() => PstWriter.create(path.join(tempDir(t), 'x.ost'), { displayName: 'x', variant: 'unicode4k', encoding: 'permute' }), RangeError);
});
