// Carving (issue 4): a message that no node index entry names any more (its entry removed from the live NBT leaf
// and from every stale NBT page that still listed it) comes back from the block its properties sit in, under
// "Recovered Items/Carved": pffexport -m all does not get it back, convert --deep does, with the subject, sender and
// message class pypff reads from the undamaged file; and the superseded copies Outlook leaves behind in healthy
// files never come back as second copies of live items.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { convert } from '../core/convert.js';
import { PstWriter } from '../core/pst-writer.js';
import type { MessageObject } from '../core/messaging/objects.js';
import { getterOf, stringOf, cleanSubject } from '../core/messaging/views.js';
import { btPageLayout, decodeNodeEntry, type NodeEntry } from '../core/ndb/btree.js';
import { NodeDatabase } from '../core/ndb/database.js';
import { PType } from '../core/ndb/geometry.js';
import { isInternalBid } from '../core/ndb/ids.js';
import { pageFault } from '../core/ndb/page.js';
import { checkFile, deepScan, RecoveredFolderId } from '../core/recovery/index.js';
import { outlookFixtures, pstExtractorFiles, requireShared, tempDir } from './support/fixtures.js';
import { rewritePage, scratchCopy } from './support/corrupt.js';
import { pffexportTree, pypffDump, pypffMessages, readpstSummary, type PypffMessage } from './support/oracles.js';
import { int, str, time } from './support/props.js';

/**
 * Removes `nid` from every sound NBT leaf page of the file, live or stale (the later entries move up one slot,
 * cEnt drops by one, the CRC is fixed), so that no index page names the node any more. Returns the pages changed.
 */
function removeNodeEverywhere(file: string, nid: number): number[] {
  const db = NodeDatabase.open(file);
  const g = db.geometry;
  const changed: number[] = [];
  try {
    for (let ib = 0; ib + g.page.size <= db.src.size; ib += g.page.size) {
      const page = db.src.read(ib, g.page.size);
      if (pageFault(g, page, ib, null, PType.NBT) !== null) continue;
      const { level, count, cbEnt } = btPageLayout(g, page, ib, PType.NBT);
      if (level !== 0) continue;
      const i = Array.from({ length: count }, (_, k) => decodeNodeEntry(g, page, k * cbEnt).nid).indexOf(nid);
      if (i < 0) continue;
      rewritePage(file, db, ib, (p) => {
        p.copyWithin(i * cbEnt, (i + 1) * cbEnt, count * cbEnt);
        p.fill(0, (count - 1) * cbEnt, count * cbEnt);
        const view = new DataView(p.buffer, p.byteOffset);
        if (g.btPage.countSize === 1) view.setUint8(g.btPage.cEnt, count - 1);
        else view.setUint16(g.btPage.cEnt, count - 1, true);
      });
      changed.push(ib);
    }
  } finally {
    db.close();
  }
  return changed;
}

/** The subject of every item pffexport -m all writes out (folders, orphans, recovered), from its OutlookHeaders.txt. */
async function pffexportSubjects(t: TestContext, file: string): Promise<string[]> {
  const target = path.join(tempDir(t), 'pff');
  await new Promise<void>((done) => execFile('pffexport', ['-q', '-m', 'all', '-t', target, file], { timeout: 180_000, maxBuffer: 64 << 20 }, () => done()));
  const subjects: string[] = [];
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name === 'OutlookHeaders.txt') for (const m of readFileSync(full, 'utf8').matchAll(/^Subject:\t+(.*)$/gm)) subjects.push(m[1]!);
    }
  };
  for (const suffix of ['.export', '.recovered', '.orphans']) if (existsSync(target + suffix)) walk(target + suffix);
  return subjects;
}

const countBy = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

/** The one message pypff finds under "Recovered Items/Carved" of a written PST. */
function carvedInOutput(messages: Array<PypffMessage & { folder: string }>): PypffMessage & { folder: string } {
  const carved = messages.filter((m) => m.folder.endsWith('Recovered Items/Carved'));
  assert.equal(carved.length, 1, `one carved message in the output: ${JSON.stringify(carved.map((m) => m.subject))}`);
  return carved[0]!;
}

/**
 * One of pst-extractor's files (enron.pst unless named), pypff's reading of it, and the first message with a
 * subject of its own that `wanted` takes (given its node entry and the file's block index); null, the test
 * skipped, where pst-extractor's test data is not installed.
 */
async function realMessage(t: TestContext, what: string, wanted: (m: PypffMessage, node: NodeEntry, db: NodeDatabase) => boolean, name = 'enron.pst') {
  const source = pstExtractorFiles().find((f) => path.basename(f) === name);
  if (source === undefined) {
    t.skip(`pst-extractor (${name}) is not installed`);
    return null;
  }
  const before = pypffMessages(await pypffDump(source));
  const subjects = countBy(before.map((m) => m.subject ?? ''));
  const db = NodeDatabase.open(source);
  let target: PypffMessage | undefined;
  try {
    target = before.find((m) => {
      const e = m.identifier === null ? undefined : db.node(m.identifier);
      return e !== undefined && !!m.subject && subjects.get(m.subject) === 1 && wanted(m, e, db);
    });
  } finally {
    db.close();
  }
  assert.ok(target && target.identifier !== null, `enron.pst has ${what}`);
  return { source, before, subjects, target: { ...target, identifier: target.identifier } };
}

test('carving: a message no index page names any more comes back from its block, which pffexport -m all does not do', { timeout: 600_000 }, async (t) => {
  // A message with a sender, and properties in one block (not an XBLOCK).
  const found = await realMessage(t, 'a message with a unique subject held in one block', (m, e) => !isInternalBid(e.bidData) && !!m.senderName && !!m.messageClass);
  if (found === null) return;
  const { source, before, subjects, target } = found;
  assert.ok((await pffexportSubjects(t, source)).includes(target.subject!), 'pffexport exports it from the undamaged file');

  const copy = scratchCopy(t, source);
  const changed = removeNodeEverywhere(copy, target.identifier);
  assert.ok(changed.length >= 1, 'the live NBT leaf listed it');

  // What pffexport -m all gets out of the damaged copy: not this message, from any of its trees.
  assert.ok(!(await pffexportSubjects(t, copy)).includes(target.subject!), 'pffexport -m all does not recover it');

  const out = path.join(tempDir(t), 'carved.pst');
  const report = await convert(copy, out, { deep: true });
  assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
  const carvedFolder = report.folders.find((f) => f.path === 'Recovered Items/Carved');
  assert.deepEqual(carvedFolder && { source: carvedFolder.source, exported: carvedFolder.exported }, { source: 'carved', exported: 1 });
  const notes = report.problems.filter((p) => p.folder === 'Recovered Items/Carved' && /carved from a loose block/.test(p.problem));
  assert.equal(notes.length, 1, 'the carved item says once what it lost with its node');

  const tree = await pffexportTree(out);
  assert.ok(tree.ok && tree.problems.length === 0, `pffexport reads the output (${tree.stderr} ${tree.problems.join('; ')})`);
  const rp = await readpstSummary(out);
  assert.ok(rp.ok, 'readpst reads the output');
  assert.deepEqual(rp.warnings, []);

  const after = pypffMessages(await pypffDump(out));
  const carved = carvedInOutput(after);
  assert.deepEqual(
    { subject: carved.subject, senderName: carved.senderName, messageClass: carved.messageClass },
    { subject: target.subject, senderName: target.senderName, messageClass: target.messageClass },
  );
  // The live items (all but the one whose node is gone) plus the carved one, and no subject more often than before:
  // no superseded copy of a live message came back beside it.
  assert.equal(after.length, before.length - 1 + 1);
  assert.deepEqual(countBy(after.map((m) => m.subject ?? '')), subjects);

  const check = await checkFile(copy, { deep: true });
  assert.equal(check.recovery?.items.carved, 1, 'check --deep counts the carved item');
});

test('carving in an OST 2013+ file: a message whose node is gone comes back from its compressed block', { timeout: 600_000 }, async (t) => {
  // Its properties in one zlib-compressed block, which the block index still names where it lies: the scan
  // inflates only the head of such a block, and must still see a property context's heap start there.
  const compressed = (m: PypffMessage, e: NodeEntry, db: NodeDatabase) => {
    if (isInternalBid(e.bidData) || !m.messageClass) return false;
    const block = db.blockEntry(e.bidData);
    return block.cbInflated !== block.cb;
  };
  const found = await realMessage(t, 'a message held in one compressed block', compressed, 'pstextractortest@outlook.com.ost');
  if (found === null) return;
  const { source, before, target } = found;
  const copy = scratchCopy(t, source);
  assert.ok(removeNodeEverywhere(copy, target.identifier).length >= 1, 'the live NBT leaf listed it');

  const out = path.join(tempDir(t), 'carved.pst');
  const report = await convert(copy, out, { deep: true });
  assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
  const tree = await pffexportTree(out);
  assert.ok(tree.ok && tree.problems.length === 0, `pffexport reads the output (${tree.stderr} ${tree.problems.join('; ')})`);
  const after = pypffMessages(await pypffDump(out));
  const carved = carvedInOutput(after);
  assert.deepEqual({ subject: carved.subject, messageClass: carved.messageClass }, { subject: target.subject, messageClass: target.messageClass });
  // (What the deep scan finds deleted in unallocated space, beside them, pypff does not read from the source.)
  const kept = after.filter((m) => !m.folder.endsWith('Recovered Items/Deleted'));
  assert.equal(kept.length, before.length, 'every other item once, and this one carved');
});

test('carving: a carved message gets back the recipients and attachments of the loose subnode tree that agrees with it', { timeout: 600_000 }, async (t) => {
  // Recipients and attachments by value: both live in its subnode tree.
  const found = await realMessage(t, 'a message with recipients and an attachment', (m, e) => {
    const byValue = (m.attachments ?? []).filter((a) => a.method === 1 && (a.size ?? 0) > 0);
    return e.bidSub !== 0 && !!m.recipients?.displayTo && byValue.length > 0;
  });
  if (found === null) return;
  const { source, target } = found;

  const copy = scratchCopy(t, source);
  assert.ok(removeNodeEverywhere(copy, target.identifier).length >= 1);
  const out = path.join(tempDir(t), 'carved.pst');
  const report = await convert(copy, out, { deep: true });
  assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
  const notes = report.problems.filter((p) => p.folder === 'Recovered Items/Carved');
  assert.equal(notes.length, 1, `one note, and nothing lost: ${JSON.stringify(notes)}`);
  assert.match(notes[0]!.problem, /carved from a loose block .* loose subnode tree at offset \d+/);

  // As pypff reads them: the display lists, and every attachment's name, method, size and bytes.
  const carved = carvedInOutput(pypffMessages(await pypffDump(out)));
  const atts = (m: PypffMessage) => (m.attachments ?? []).map((a) => ({ name: a.longFilename ?? a.filename ?? null, method: a.method, size: a.size, data: a.data }));
  assert.deepEqual(
    { subject: carved.subject, recipients: carved.recipients, attachments: atts(carved), plainBody: carved.plainBody },
    { subject: target.subject, recipients: target.recipients, attachments: atts(target), plainBody: target.plainBody },
  );
});

test('carving: a property context whose heap spans blocks is read through the XBLOCK that lists them', { timeout: 300_000 }, async (t) => {
  const dir = tempDir(t);
  const source = path.join(dir, 'written.pst');
  // Five values of 1500 characters (3000 bytes each) stay in the heap but fill more than one 8 KiB heap block.
  const long = (seed: string) => Array.from({ length: 1500 }, (_, i) => seed[i % seed.length]).join('');
  const message = (subject: string, big: boolean): MessageObject => ({
    sourceNid: 0,
    props: [
      str(0x001a, 'IPM.Note'),
      str(0x0037, subject),
      str(0x0c1a, 'Carve Sender'),
      str(0x0042, 'Carve Sender'),
      time(0x0039, '2024-05-01T09:00:00Z'),
      int(0x0e07, 0x01),
      ...(big ? [str(0x1000, long('body ')), str(0x007d, long('Received: test\r\n')), str(0x0e04, long('To Someone; ')), str(0x0070, long('topic ')), str(0x3fd9, long('preview '))] : []),
    ],
    recipients: [],
    attachments: [],
    problems: [],
  });
  const w = PstWriter.create(source, { displayName: 'Carve test', encoding: 'permute' });
  const inbox = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Inbox')] }, () => null, { containerClass: 'IPF.Note' });
  w.addMessage(inbox, message('small one', false), () => null);
  w.addMessage(inbox, message('spread over heap blocks', true), () => null);
  w.completeFolder(inbox);
  w.finish();

  const before = pypffMessages(await pypffDump(source));
  const target = before.find((m) => m.subject === 'spread over heap blocks');
  assert.ok(target && target.identifier !== null);
  const db = NodeDatabase.open(source);
  const root = db.node(target.identifier)!.bidData;
  db.close();
  assert.ok(isInternalBid(root), 'its properties are an XBLOCK-rooted data tree');

  const copy = scratchCopy(t, source);
  assert.ok(removeNodeEverywhere(copy, target.identifier).length >= 1);
  const out = path.join(dir, 'carved.pst');
  const report = await convert(copy, out, { deep: true });
  assert.equal(report.verification.verdict, 'passed', report.verification.mismatches.join('\n'));
  const carved = carvedInOutput(pypffMessages(await pypffDump(out)));
  // Values from every heap block came back: the body, the transport headers and Display-To, as pypff reads them.
  assert.deepEqual(
    [carved.subject, carved.senderName, carved.messageClass, carved.plainBody, carved.transportHeaders, carved.recipients?.displayTo],
    [target.subject, target.senderName, target.messageClass, target.plainBody, target.transportHeaders, target.recipients?.displayTo],
  );
});

test('carving: deep-scanning an undamaged real file carves no copy of a live item', { timeout: 600_000 }, async (t) => {
  if (requireShared(t) === null) return;
  for (const file of [...outlookFixtures().map((f) => f.path), ...pstExtractorFiles()]) {
    const live = pypffMessages(await pypffDump(file));
    const store = await deepScan(file);
    try {
      const duplicates = store.messageIds(RecoveredFolderId.carved).filter((nid) => {
        const get = getterOf(store.message(nid).props);
        const subject = cleanSubject(stringOf(get, 0x0037));
        const sent = get(0x0039);
        const submit = sent ? Buffer.from(sent.data).readBigUInt64LE().toString() : null;
        return live.some((m) => (m.subject ?? '') === subject && (m.clientSubmitTime ?? null) === submit);
      });
      assert.equal(duplicates.length, 0, `${path.basename(file)}: carved copies of live items`);
    } finally {
      store.close();
    }
  }
});
