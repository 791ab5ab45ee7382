// The generator (`ost-rescue synth`) checked by readers we did not write: pffinfo, pffexport, readpst and pypff
// find exactly the folders, item counts and kinds it reports, and the body forms a real mailbox has.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { synthesize, type SynthOptions, type SynthReport } from '../core/synth/generate.js';
import { checkWithReaders } from './synth-check.js';
import { requireShared, tempDir } from './support/fixtures.js';
import { cliOutput } from './support/cli.js';
import { pffexportTree, pypffDump } from './support/oracles.js';
import { compareLongsAsNumbers, peerFolderItems } from './support/peer.js';

const MB = 1024 * 1024;

test('synth --items through the CLI: every reader sees the reported folders and items', async (t) => {
  const file = path.join(tempDir(t), 'items.pst');
  const stdout = await cliOutput(['synth', file, '--items', '600', '--seed', 'readers', '--encoding', 'none', '--json']);
  const report = JSON.parse(stdout) as SynthReport;
  assert.equal(report.items, 600);
  assert.equal(report.folders.reduce((s, f) => s + f.items, 0), 600);
  assert.ok(report.folders.some((f) => f.items === 0), 'some folders are empty');
  await checkWithReaders(report);

  // The mix a real mailbox has, as pypff reads it: plain, HTML and RTF bodies, several scripts, attachments.
  const dump = await pypffDump(file);
  const messages = dump.folders.flatMap((f) => f.messages);
  const classes = new Set(messages.map((m) => m.messageClass));
  for (const c of ['IPM.Note', 'IPM.Appointment', 'IPM.Contact', 'IPM.Task', 'IPM.StickyNote', 'IPM.Activity']) assert.ok(classes.has(c), c);
  assert.ok(messages.filter((m) => m.plainBody).length > 100);
  assert.ok(messages.filter((m) => m.htmlBody).length > 50);
  assert.ok(messages.filter((m) => (m.rtfBody?.length ?? 0) > 0).length > 30, 'RTF bodies libpff decompresses');
  const subjects = messages.map((m) => m.subject ?? '').join('\n');
  for (const script of [/[\u0400-\u04ff]/, /[\u3040-\u30ff]/, /[\u4e00-\u9fff]/, /[\u0600-\u06ff]/, /[\u0590-\u05ff]/, /[\u0900-\u097f]/, /\p{Extended_Pictographic}/u]) {
    assert.match(subjects, script);
  }
  const attachments = messages.flatMap((m) => m.attachments ?? []);
  assert.ok(attachments.some((a) => a.method === 5), 'an embedded message');
  assert.ok(attachments.some((a) => (a.data?.length ?? 0) < 100), 'a tiny attachment');

  // Named properties as pffexport prints them for each calendar item, contact and task.
  const pff = await pffexportTree(file);
  const named: Array<[string, RegExp, string, string[]]> = [
    ['Calendar', /^Appointment\d+$/, 'Appointment.txt', ['Start time:', 'End time:', 'Location:', 'Busy status:']],
    ['Contacts', /^Contact\d+$/, 'Contact.txt', ['File under:', 'Email address 1:']],
    ['Tasks', /^Task\d+$/, 'Task.txt', ['Start date:', 'Due date:', 'Percentage complete:']],
  ];
  for (const [folder, dirName, txt, fields] of named) {
    const dir = pff.folders.find((f) => f.names.at(-1) === folder)!.dir;
    const itemDirs = readdirSync(dir).filter((d) => dirName.test(d));
    assert.equal(itemDirs.length, report.folders.find((f) => f.path.join('/') === folder)!.items);
    for (const d of itemDirs) {
      const text = readFileSync(path.join(dir, d, txt), 'utf8');
      for (const field of fields) assert.match(text, new RegExp(`^${field}\t+\\S`, 'm'), `${folder}/${d}: ${field}`);
    }
  }
});

// Every variant and client the writer has, each with an encoding it allows (OST 2013+ files are unencoded).
const VARIANTS: Array<Pick<SynthOptions, 'variant' | 'client' | 'encoding'>> = [
  { variant: 'ost2013', client: 'ost', encoding: 'none' },
  { variant: 'unicode', client: 'ost', encoding: 'permute' },
  { variant: 'ansi', client: 'pst', encoding: 'permute' },
  { variant: 'unicode', client: 'pst', encoding: 'cyclic' },
];
for (const v of VARIANTS) {
  test(`synth ${v.variant} ${v.client} (${v.encoding}): every reader sees the reported folders and items`, async (t) => {
    const report = synthesize(path.join(tempDir(t), `mailbox.${v.client}`), { ...v, seed: `variant-${v.variant}`, target: { items: 300 } });
    await checkWithReaders(report);
  });
}

// pst-extractor lists the same items per folder as pffexport. 150 items give the Inbox 60 rows: one row block as
// pst-extractor computes it (8176 bytes), which is all it reads right in ANSI and 4K files (test/support/peer.ts).
// It refuses cyclic ("high") encoding outright, Outlook's files included.
const PEER_VARIANTS: Array<Pick<SynthOptions, 'variant' | 'client' | 'encoding'>> = [
  { variant: 'ansi', client: 'pst', encoding: 'permute' },
  { variant: 'unicode', client: 'pst', encoding: 'permute' },
  { variant: 'ost2013', client: 'ost', encoding: 'none' },
];
for (const v of PEER_VARIANTS) {
  test(`pst-extractor reads synth ${v.variant} ${v.client} as pffexport does`, async (t) => {
    const report = synthesize(path.join(tempDir(t), `peer.${v.client}`), { ...v, seed: `peer-${v.variant}`, target: { items: 150 } });
    assert.equal(report.folders.find((f) => f.path.join('/') === 'Inbox')?.items, 60);
    const pff = await pffexportTree(report.file);
    assert.ok(pff.ok, pff.stderr);
    const expected = new Map(pff.folders.map((f) => [f.path, f.items]));
    if (v.variant !== 'ansi') {
      assert.deepEqual(peerFolderItems(report.file), expected);
      return;
    }
    assert.deepEqual(compareLongsAsNumbers(() => peerFolderItems(report.file)), expected);
    // Unaided, pst-extractor fails on our ANSI file exactly as on one Outlook wrote.
    const dir = requireShared(t);
    if (dir === null) return;
    const failure = (file: string) => assert.throws(() => peerFolderItems(file), /findBtreeItem Unable to find 97 is desc: true/);
    failure(report.file);
    failure(path.join(dir, 'farnulfo__pst-exp__sample2.pst'));
  });
}

test('synth --size hits the size within 10 % and puts an attachment on an XXBLOCK tree', async (t) => {
  const file = path.join(tempDir(t), 'size.pst');
  const target = 72 * MB;
  const report = synthesize(file, { variant: 'unicode', client: 'pst', encoding: 'permute', seed: 'size', target: { bytes: target } });
  const size = statSync(file).size;
  assert.equal(report.bytes, size);
  assert.ok(Math.abs(size - target) <= target * 0.1, `${size} bytes for a ${target}-byte target`);
  // One XBLOCK maps at most (8192 - 8 - 16) / 8 = 1021 blocks of 8176 bytes [MS-PST §2.2.2.8.3.2]; past that
  // the data tree needs an XXBLOCK.
  assert.ok(report.largestAttachment > 1021 * 8176);
  await checkWithReaders(report);
});

test('the same seed gives the same mailbox; another seed another', async (t) => {
  const dir = tempDir(t);
  const make = (name: string, seed: string) =>
    synthesize(path.join(dir, name), { variant: 'unicode', client: 'pst', encoding: 'permute', seed, target: { items: 200 } });
  const a = make('a.pst', 's');
  const b = make('b.pst', 's');
  const c = make('c.pst', 't');
  const [da, db, dc] = await Promise.all([pypffDump(a.file), pypffDump(b.file), pypffDump(c.file)]);
  const items = (d: typeof da) => d.folders.map((f) => ({ path: f.path, messages: f.messages.map(({ identifier, ...m }) => m) }));
  assert.deepEqual(items(da), items(db));
  assert.notDeepEqual(items(da), items(dc));
  assert.equal(statSync(a.file).size, statSync(b.file).size);
});

for (const v of [VARIANTS[0]!, VARIANTS[2]!]) {
  test(`the same seed gives a byte-identical ${v.variant} file`, (t) => {
    const dir = tempDir(t);
    const make = (name: string) => synthesize(path.join(dir, name), { ...v, seed: 'bytes', target: { items: 100 } }).file;
    assert.ok(readFileSync(make('a')).equals(readFileSync(make('b'))));
  });
}
