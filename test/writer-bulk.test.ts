// A folder with thousands of items: the NBT and BBT need several index levels (15 and 20 entries per leaf
// page), the contents table's row matrix no longer fits a heap item and moves to a subnode of row blocks, and its
// row index BTH needs an index level. Independent readers must still see every item, pst-extractor (a port of
// java-libpst, which expects each table's BTH header as the heap's first item and full-size row blocks) included.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import extractor, { type PSTFolder, type PSTMessage } from 'pst-extractor';
import { PstWriter } from '../core/pst-writer.js';
import type { MessageObject } from '../core/messaging/objects.js';
import { tempDir } from './support/fixtures.js';
import { str } from './support/props.js';
import { pffexportTree, pffinfo, pypffDump, readpstSummary } from './support/oracles.js';

const COUNT = 6000;

function item(i: number): MessageObject {
  return {
    sourceNid: i,
    props: [str(0x001a, 'IPM.Note'), str(0x0037, `Bulk item ${i} – ✓`), str(0x1000, `body ${i}`)],
    recipients: [],
    attachments: [],
    problems: [],
  };
}

test(`a folder of ${COUNT} items reads back complete`, async (t) => {
  const file = path.join(tempDir(t), 'bulk.pst');
  const w = PstWriter.create(file, { displayName: 'Bulk', encoding: 'none' });
  const folder = w.addFolder(w.ipmSubtree, { props: [str(0x3001, 'Bulk')] }, () => null, { containerClass: 'IPF.Note' });
  for (let i = 0; i < COUNT; i++) w.addMessage(folder, item(i), () => null);
  w.finish();

  const info = await pffinfo(file);
  assert.ok(info.ok, info.stderr);
  assert.equal(info.fields['Encryption type'], 'none');

  const pff = await pffexportTree(file);
  assert.ok(pff.ok, pff.stderr);
  assert.deepEqual(pff.problems, []);
  assert.equal(pff.folders.find((f) => f.path === 'Top of Outlook data file/Bulk')?.items, COUNT);

  const rp = await readpstSummary(file);
  assert.ok(rp.ok, rp.stderr);
  assert.deepEqual(rp.warnings, []);
  assert.equal(rp.perFolder.get('Bulk/Bulk'), COUNT);

  const dump = await pypffDump(file);
  assert.ok(dump.ok, dump.error);
  const bulk = dump.folders.find((f) => f.path === 'Top of Outlook data file/Bulk')!;
  assert.equal(bulk.contentCount, COUNT);
  assert.equal(bulk.subMessages, COUNT);
  const subjects = new Set(bulk.messages.map((m) => m.subject));
  for (let i = 0; i < COUNT; i += 997) assert.ok(subjects.has(`Bulk item ${i} – ✓`), `item ${i}`);
  assert.equal(subjects.size, COUNT);

  const pst = new extractor.PSTFile(file);
  const found: string[] = [];
  const walk = (folder: PSTFolder, path: string[]): void => {
    if (folder.hasSubfolders) for (const child of folder.getSubFolders()) walk(child, [...path, child.displayName]);
    if (path.join('/') !== 'Top of Outlook data file/Bulk') return;
    for (let m = folder.getNextChild() as PSTMessage | null; m; m = folder.getNextChild() as PSTMessage | null) found.push(m.subject);
  };
  walk(pst.getRootFolder(), []);
  pst.close();
  assert.deepEqual(
    found.sort(),
    Array.from({ length: COUNT }, (_, i) => `Bulk item ${i} – ✓`).sort(),
  );
});
