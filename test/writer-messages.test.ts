// The PST writer checked only by independent readers: a store with mail, calendar, contact and task folders,
// Unicode subjects, recipients, attachments from a few bytes up to 20 MB (one block, XBLOCK and XXBLOCK data
// trees), an embedded message, named properties and an FAI item is written, then read back with pffinfo,
// pffexport, readpst and pypff, which must find exactly what was written.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { isHid } from '../core/ltp/hid.js';
import { LtpNode } from '../core/ltp/node.js';
import { PropertyContext } from '../core/ltp/pc.js';
import { TableContext } from '../core/ltp/tc.js';
import { Mailbox } from '../core/mailbox.js';
import { NodeDatabase } from '../core/ndb/database.js';
import { PstWriter } from '../core/pst-writer.js';
import type { MessageObject, NamedPropKey, RawProp } from '../core/messaging/objects.js';
import { tempDir } from './support/fixtures.js';
import { bin, bool, bytes, int, str, time } from './support/props.js';
import { pffexportTree, pffinfo, pypffDump, pypffMessages, readpstSummary } from './support/oracles.js';
import { assertPypffReadsBack, sha256, type WrittenMessage } from './support/written.js';




// Named properties the source "file" knows: its own numbers 0x8001.. resolve to these identities.
const SOURCE_NAMES = new Map<number, NamedPropKey>([
  [0x8001, { guid: '00062008-0000-0000-c000-000000000046', lid: 0x8503, name: null }], // PidLidReminderSet
  [0x8002, { guid: '00020329-0000-0000-c000-000000000046', lid: null, name: 'X-Rescue-Test' }],
  [0x8003, { guid: '6ed8da90-450b-101b-98da-00aa003f1305', lid: null, name: 'A custom name ✓' }],
  [0x8004, { guid: '00062002-0000-0000-c000-000000000046', lid: 0x820d, name: null }], // PidLidAppointmentStartWhole
  [0x8005, { guid: '00062002-0000-0000-c000-000000000046', lid: 0x820e, name: null }], // PidLidAppointmentEndWhole
]);
const resolve = (id: number) => SOURCE_NAMES.get(id) ?? null;

function message(cls: string, subject: string, body: string, extra: RawProp[] = []): MessageObject {
  return {
    sourceNid: 0,
    props: [
      str(0x001a, cls),
      str(0x0037, subject),
      str(0x0070, subject),
      str(0x1000, body),
      str(0x0042, 'Sender Name'),
      str(0x0c1a, 'Sender Name'),
      time(0x0039, '2024-03-01T10:00:00Z'),
      time(0x0e06, '2024-03-01T10:01:00Z'),
      int(0x0e07, 0x01),
      bin(0x0fff, bytes(24, 99)), // a source entry id: must be dropped
      ...extra,
    ],
    recipients: [],
    attachments: [],
    problems: [],
  };
}

function recipient(type: number, name: string, email: string): RawProp[] {
  return [int(0x0c15, type), str(0x3001, name), str(0x3002, 'SMTP'), str(0x3003, email), int(0x0ffe, 6), int(0x3900, 0)];
}

function byValue(name: string, data: Uint8Array): RawProp[] {
  return [int(0x3705, 1), str(0x3704, name), str(0x3707, name), bin(0x3701, data), int(0x0e20, data.length)];
}

function writeCorpus(file: string): WrittenMessage[] {
  const expected: WrittenMessage[] = [];
  const w = PstWriter.create(file, { displayName: 'Writer test', encoding: 'permute' });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, resolve, { containerClass: 'IPF.Note' });
  const sub = w.addFolder(inbox, { props: [str(0x3001, 'Ünïcode – 日本語')] }, resolve, { containerClass: 'IPF.Note' });
  const calendar = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Calendar')] }, resolve, { containerClass: 'IPF.Appointment' });
  const contacts = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Contacts')] }, resolve, { containerClass: 'IPF.Contact' });
  const tasks = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Tasks')] }, resolve, { containerClass: 'IPF.Task' });

  const add = (folder: number, folderPath: string, m: MessageObject, body: string) => {
    w.addMessage(folder, m, resolve);
    const subject = Buffer.from(m.props.find((p) => p.id === 0x0037)!.data).toString('utf16le');
    const attachments = m.attachments.flatMap((a) => a.props.filter((p) => p.id === 0x3701 && p.type === 0x0102).map((p) => p.data));
    expected.push({ folder: folderPath, subject, body, attachments });
  };

  const small = bytes(5, 1);
  const medium = bytes(100_000, 2); // XBLOCK
  const large = bytes(20 * 1024 * 1024, 3); // XXBLOCK: past 1021 leaves of 8176 bytes
  const plain = message('IPM.Note', 'Grüße – 日本語 ✓ with attachments', 'Body with attachments', [
    bool(0x8001, true),
    str(0x8002, 'named string value'),
    str(0x8003, 'custom'),
    str(0x8fff, 'unresolvable named prop: dropped'),
  ]);
  plain.recipients = [recipient(1, 'Zoë To', 'zoe@example.com'), recipient(2, 'Carl Cc', 'carl@example.com')];
  plain.attachments = [
    { props: byValue('small.bin', small), embedded: null },
    { props: byValue('medium.bin', medium), embedded: null },
    { props: byValue('large.bin', large), embedded: null },
  ];
  add(inbox, 'Inbox', plain, 'Body with attachments');

  const inner = message('IPM.Note', 'Inner message', 'The embedded body');
  inner.attachments = [{ props: byValue('inner.txt', Buffer.from('inside')), embedded: null }];
  const outer = message('IPM.Note', 'Outer with embedded message', 'Outer body');
  outer.attachments = [{ props: [int(0x3705, 5), str(0x3001, 'Inner message')], embedded: inner }];
  add(inbox, 'Inbox', outer, 'Outer body');

  const longBody = 'Long body line. '.repeat(2000); // 64 KB of UTF-16: a PC value in a subnode
  add(sub, 'Inbox/Ünïcode – 日本語', message('IPM.Note', 'Ωmega ünread', longBody, [int(0x0e07, 0)]), longBody);
  const meeting = [time(0x8004, '2024-03-05T09:00:00Z'), time(0x8005, '2024-03-05T10:00:00Z')];
  add(calendar, 'Calendar', message('IPM.Appointment', 'Team meeting', 'Agenda', meeting), 'Agenda');
  const person = [str(0x3a06, 'Ada'), str(0x3a11, 'Lovelace'), str(0x3001, 'Ada Lovelace')];
  add(contacts, 'Contacts', message('IPM.Contact', 'Ada Lovelace', 'Contact notes', person), 'Contact notes');
  add(tasks, 'Tasks', message('IPM.Task', 'Write the writer', 'Task notes'), 'Task notes');
  w.addMessage(inbox, message('IPM.Microsoft.FolderDesign.NamedView', 'Hidden view', ''), resolve, { fai: true });
  w.finish();
  return expected;
}

test('a written PST reads back identically in pffinfo, pffexport, readpst and pypff', async (t) => {
  const file = path.join(tempDir(t), 'corpus.pst');
  const expected = writeCorpus(file);

  const info = await pffinfo(file);
  assert.ok(info.ok, `pffinfo failed: ${info.stderr}`);
  assert.equal(info.fields['Encryption type'], 'compressible');

  const pff = await pffexportTree(file);
  assert.ok(pff.ok, `pffexport failed: ${pff.stderr}`);
  assert.deepEqual(pff.problems, []);
  const top = 'Top of Outlook data file';
  const count = (p: string) => pff.folders.find((f) => f.path === `${top}/${p}`)?.items;
  assert.equal(count('Inbox'), 2);
  assert.equal(count('Inbox/Ünïcode – 日本語'), 1);
  assert.equal(count('Calendar'), 1);
  assert.equal(count('Contacts'), 1);
  assert.equal(count('Tasks'), 1);
  assert.equal(count('Deleted Items'), 0);
  assert.deepEqual(pff.folders.find((f) => f.path === `${top}/Calendar`)?.kinds, { appointment: 1 });
  assert.deepEqual(pff.folders.find((f) => f.path === `${top}/Contacts`)?.kinds, { contact: 1 });
  assert.deepEqual(pff.folders.find((f) => f.path === `${top}/Tasks`)?.kinds, { task: 1 });

  // The embedded message comes out as a message inside the attachment, with its own body and attachment.
  const inboxDir = pff.folders.find((f) => f.path === `${top}/Inbox`)!.dir;
  const files = readdirSync(inboxDir, { recursive: true, encoding: 'utf8' });
  const inner = files.find((f) => f.endsWith(path.join('Attachments', 'Attachment00001', 'Message00001', 'Message.txt')));
  assert.ok(inner, 'pffexport exports the embedded message');
  assert.equal(readFileSync(path.join(inboxDir, inner), 'utf8').trim(), 'The embedded body');
  const innerAttachment = files.find((f) => f.endsWith(path.join('Message00001', 'Attachments', '1_inner.txt')));
  assert.ok(innerAttachment, 'and its attachment');
  assert.equal(readFileSync(path.join(inboxDir, innerAttachment), 'utf8'), 'inside');

  const rp = await readpstSummary(file);
  assert.ok(rp.ok, `readpst failed: ${rp.stderr}`);
  assert.deepEqual(rp.warnings, []);
  // readpst writes mail, appointments (recognised through the name map) and contacts; it has no task type
  // and reports the task, like the FAI item, as skipped.
  assert.equal(rp.perFolder.get('Writer test/Inbox'), 2);
  assert.equal(rp.perFolder.get('Writer test/Inbox/Ünïcode – 日本語'), 1);
  assert.equal(rp.perFolder.get('Writer test/Calendar'), 1);
  assert.equal(rp.perFolder.get('Writer test/Contacts'), 1);
  assert.deepEqual(rp.reports.find((r) => r.folder === 'Tasks'), { folder: 'Tasks', done: 0, skipped: 1 });

  const dump = await pypffDump(file);
  assert.ok(dump.ok, dump.error);
  assert.equal(dump.store?.displayName, 'Writer test');
  const messages = pypffMessages(dump);
  assertPypffReadsBack(messages, expected, top);
  const inbox = dump.folders.find((f) => f.path === `${top}/Inbox`)!;
  assert.equal(inbox.contentCount, 2);
  assert.equal(inbox.subMessages, 2);
  assert.equal(inbox.subFolders, 1);
  assert.equal(inbox.containerClass, 'IPF.Note');
});

test('a message with 700 attachments: its subnodes take an SIBLOCK over SLBLOCKs, and pypff reads every attachment', async (t) => {
  const file = path.join(tempDir(t), 'many-attachments.pst');
  const w = PstWriter.create(file, { displayName: 'Subnode tree', encoding: 'permute' });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, resolve, { containerClass: 'IPF.Note' });
  const msg = message('IPM.Note', 'Seven hundred attachments', 'See attached.', [int(0x0e07, 0x11)]);
  const datas = Array.from({ length: 700 }, (_, i) => bytes(100 + i, i));
  msg.attachments = datas.map((d, i) => ({ props: byValue(`part-${i}.bin`, d), embedded: null }));
  const nid = w.addMessage(inbox, msg, resolve);
  w.finish();

  // [MS-PST §2.2.2.8.3.3]: an SLBLOCK holds (8176 - 8) / 24 = 340 Unicode entries, so 700 attachment subnodes
  // (plus the attachment table's) need a level-1 SIBLOCK naming SLBLOCKs.
  const db = NodeDatabase.open(file);
  t.after(() => db.close());
  const top = db.block(db.node(nid)!.bidSub);
  assert.deepEqual([top[0], top[1]], [0x02, 1], 'the subnode tree starts with an SIBLOCK');

  const ours = Mailbox.open(file);
  t.after(() => ours.close());
  assert.equal(ours.item(nid).attachments.length, 700, 'our reader lists every attachment');
  assert.ok(Buffer.from(ours.attachmentContent(nid, 699)).equals(Buffer.from(datas[699]!)), 'and reads the last one');

  const dump = await pypffDump(file);
  assert.ok(dump.ok, dump.error);
  const got = pypffMessages(dump).find((m) => m.identifier === nid);
  assert.ok(got, 'pypff finds the message');
  assert.deepEqual(got.errors, []);
  assert.equal(got.attachments?.length, 700);
  got.attachments!.forEach((a, i) => {
    assert.deepEqual(a.errors, []);
    assert.deepEqual(a.data, { length: datas[i]!.length, sha256: sha256(datas[i]!) }, `attachment ${i}`);
  });
});

test('attachment data streamed in chunks is written as if in hand: a heap item up to 3580 bytes, a data tree past it', async (t) => {
  const file = path.join(tempDir(t), 'streamed.pst');
  const w = PstWriter.create(file, { displayName: 'Streamed', encoding: 'permute' });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, resolve, { containerClass: 'IPF.Note' });
  // Around a heap item's limit (3580 bytes [MS-PST §2.3.3.2]) and a Unicode block's (8176 bytes [§2.2.2.8]),
  // in chunks that straddle both.
  const sizes = [0, 1, 3580, 3581, 8176, 8177, 3 * 8176 + 100];
  const cases = sizes.flatMap((size) => [999, 7000].map((chunk) => ({ size, chunk, data: bytes(size, size + chunk) })));
  const nids = cases.map(({ size, chunk, data }) => {
    const msg = message('IPM.Note', `${size} bytes in chunks of ${chunk}`, 'Streamed.', [int(0x0e07, 0x11)]);
    const props = byValue(`${size}.bin`, data).filter((p) => p.id !== 0x3701);
    const dataStream = function* () {
      // One buffer reused for every chunk, as the reader's are: the writer must take each before the next.
      const scratch = new Uint8Array(chunk);
      for (let at = 0; at < data.length; at += chunk) {
        const n = Math.min(chunk, data.length - at);
        scratch.set(data.subarray(at, at + n));
        yield scratch.subarray(0, n);
      }
    };
    msg.attachments = [{ props, embedded: null, dataStream }];
    return w.addMessage(inbox, msg, resolve);
  });
  w.finish();

  const dump = await pypffDump(file);
  assert.ok(dump.ok, dump.error);
  const messages = pypffMessages(dump);
  const ours = Mailbox.open(file);
  t.after(() => ours.close());
  cases.forEach(({ size, chunk, data }, i) => {
    const got = messages.find((m) => m.identifier === nids[i]);
    assert.deepEqual(got?.attachments?.map((a) => a.data), [{ length: size, sha256: sha256(data) }], `pypff: ${size} bytes in chunks of ${chunk}`);
    const message = LtpNode.fromNid(ours.db, nids[i]!);
    const table = new TableContext(message.child(0x671));
    const hnid = new PropertyContext(message.child(table.rowId(0))).hnidOf(0x3701) ?? 0;
    const where = hnid === 0 ? 'empty' : isHid(hnid) ? 'heap' : 'subnode';
    assert.equal(where, size === 0 ? 'empty' : size <= 3580 ? 'heap' : 'subnode', `${size} bytes are stored in the ${where}`);
  });
});
