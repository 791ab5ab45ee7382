// Folder entry ids in a converted file (issue 3): the special-folder ids of the store, root and Inbox
// (0x35E0–0x35E7, 0x36D0–0x36D7, 0x36D8, 0x36D9, 0x36E4) and PidTagParentEntryId must be PST entry ids
// {00000000, the new store's record key, NID} of folders that exist in the output, or be absent. Converted: an OST
// whose Inbox names its special folders with Exchange long-term ids, enron.pst, and (when the shared fixtures are
// present) an Outlook 97 PST whose Inbox names them with PST entry ids.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { convert } from '../core/convert.js';
import { Mailbox } from '../core/mailbox.js';
import { folderPc } from '../core/messaging/folders.js';
import { Nid } from '../core/ndb/ids.js';
import { requireShared, pstExtractorDir, tempDir } from './support/fixtures.js';

const SINGLE = [0x0e09, 0x35e0, 0x35e1, 0x35e2, 0x35e3, 0x35e4, 0x35e5, 0x35e6, 0x35e7, 0x36d0, 0x36d1, 0x36d2, 0x36d3, 0x36d4, 0x36d5, 0x36d6, 0x36d7];
const LISTS = [0x36d8, 0x36e4];
const PERSIST = 0x36d9;

/** PidTag → the folder it names [MS-OXOSFLD §2.2.1–2.2.4]. */
const SPECIAL: Record<number, string> = { 0x36d0: 'Calendar', 0x36d1: 'Contacts', 0x36d2: 'Journal', 0x36d3: 'Notes', 0x36d4: 'Tasks', 0x36d7: 'Drafts' };

interface Refs {
  /** Every folder entry id in the output, with where it was found. */
  ids: Array<{ where: string; id: Buffer }>;
  /** The Inbox's single-valued special-folder ids, by tag, as NIDs. */
  inbox: Map<number, number>;
}

function collect(mb: Mailbox): Refs {
  const ids: Refs['ids'] = [];
  const inbox = new Map<number, number>();
  const objects = [
    { where: 'store', props: folderPc(mb.db, Nid.MESSAGE_STORE).all(() => {}) },
    ...mb.folders().map((f) => ({ where: f.path, props: mb.folderObject(f.id).props })),
  ];
  for (const { where, props } of objects) {
    for (const p of props) {
      const data = Buffer.from(p.data);
      if (SINGLE.includes(p.id)) {
        ids.push({ where: `${where} 0x${p.id.toString(16)}`, id: data });
        if (where.endsWith('/Inbox')) inbox.set(p.id, data.readUInt32LE(20));
      } else if (LISTS.includes(p.id)) {
        const count = data.readUInt32LE(0);
        for (let i = 0; i < count; i++) {
          const end = i + 1 < count ? data.readUInt32LE(8 + 4 * i) : data.length;
          const v = data.subarray(data.readUInt32LE(4 + 4 * i), end);
          if (v.length > 0) ids.push({ where: `${where} 0x${p.id.toString(16)}[${i}]`, id: v });
        }
      } else if (p.id === PERSIST) {
        for (let at = 0; at + 4 <= data.length && data.readUInt16LE(at) !== 0; at += 4 + data.readUInt16LE(at + 2)) {
          const end = at + 4 + data.readUInt16LE(at + 2);
          for (let e = at + 4; e < end; e += 4 + data.readUInt16LE(e + 2)) {
            if (data.readUInt16LE(e) === 1) ids.push({ where: `${where} 0x36d9`, id: data.subarray(e + 4, e + 4 + data.readUInt16LE(e + 2)) });
          }
        }
      }
    }
  }
  return { ids, inbox };
}

async function convertAndCheck(t: TestContext, input: string): Promise<Refs> {
  const out = path.join(tempDir(t), 'out.pst');
  await convert(input, out, { verify: false });
  const mb = Mailbox.open(out);
  t.after(() => mb.close());
  const recordKey = Buffer.from(folderPc(mb.db, Nid.MESSAGE_STORE).get(0x0ff9)!.data);
  const folders = new Set(mb.folders().map((f) => f.id));
  const refs = collect(mb);
  for (const { where, id } of refs.ids) {
    assert.equal(id.length, 24, `${where} is a PST entry id`);
    assert.equal(id.readUInt32LE(0), 0, `${where}: flags`);
    assert.deepEqual(id.subarray(4, 20), recordKey, `${where}: this store's record key`);
    assert.ok(folders.has(id.readUInt32LE(20)), `${where} names a folder of the output (0x${id.readUInt32LE(20).toString(16)})`);
  }
  // The store's own ids are always there: IPM subtree and Deleted Items.
  assert.ok(refs.ids.some((r) => r.where === 'store 0x35e0') && refs.ids.some((r) => r.where === 'store 0x35e3'));
  const byNid = new Map(mb.folders().map((f) => [f.id, f.path]));
  for (const [tag, nid] of refs.inbox) {
    if (SPECIAL[tag]) assert.ok(byNid.get(nid)?.endsWith(`/${SPECIAL[tag]}`), `Inbox 0x${tag.toString(16)} names ${SPECIAL[tag]}, not ${byNid.get(nid)}`);
  }
  return refs;
}

test('an OST: Exchange folder ids on the Inbox become PST entry ids of the converted folders', async (t) => {
  const dir = pstExtractorDir();
  if (!dir) return t.skip('pst-extractor test data absent');
  const refs = await convertAndCheck(t, path.join(dir, 'pstextractortest@outlook.com.ost'));
  // The source Inbox names Calendar, Contacts, Journal, Notes, Tasks and Drafts (all exported), and two reminder
  // folders outside the IPM subtree (not exported: dropped).
  assert.deepEqual([...refs.inbox.keys()].sort(), [0x36d0, 0x36d1, 0x36d2, 0x36d3, 0x36d4, 0x36d7]);
  assert.ok(refs.ids.some((r) => r.where.endsWith('/Inbox 0x36d9')), 'additional REN ids (Ex) rewritten');
  assert.ok(refs.ids.some((r) => r.where.includes('/Inbox 0x36d8[')), 'additional REN ids rewritten');
});

test('enron.pst: no folder entry id in the output points outside it', async (t) => {
  const dir = pstExtractorDir();
  if (!dir) return t.skip('pst-extractor test data absent');
  await convertAndCheck(t, path.join(dir, 'enron.pst'));
});

test('an Outlook 97 PST: PST entry ids on the Inbox are renumbered to the new store', async (t) => {
  const shared = requireShared(t);
  if (!shared) return;
  const refs = await convertAndCheck(t, path.join(shared, 'simiden__pst2john__97_outlook_pass12345.pst'));
  assert.ok(refs.inbox.size > 0, 'the Inbox keeps its special-folder ids');
});
