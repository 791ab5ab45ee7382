// The reader against independent readers, on every real Outlook file we have: folder names and per-folder items
// as pffexport exports them, and item by item subjects, senders, bodies and attachment bytes as pypff reads them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { test } from 'node:test';
import { Mailbox } from '../core/mailbox.js';
import { P } from '../core/messaging/props.js';
import { outlookFixtures, pstExtractorFiles, sharedFixturesDir } from './support/fixtures.js';
import { pffexportTree, pypffDump, pypffMessages, readpstSummary } from './support/oracles.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function realFiles(): string[] {
  if (sharedFixturesDir() === null) console.log('# shared fixtures absent: reading only pst-extractor files');
  return [...outlookFixtures().map((f) => f.path), ...pstExtractorFiles()];
}

for (const file of realFiles()) {
  const name = path.basename(file);

  test(`${name}: folders and per-folder items equal pffexport's export`, async () => {
    const pff = await pffexportTree(file);
    assert.ok(pff.ok, `pffexport failed: ${pff.stderr}`);
    const mb = Mailbox.open(file);
    try {
      const ours = new Map(mb.folders().map((f) => [f.id, f]));
      const theirs = pff.folders.filter((f) => f.identifier !== null);
      assert.deepEqual([...ours.keys()].sort(), theirs.map((f) => f.identifier!).sort(), 'the same folders');
      let extra = 0;
      for (const pf of theirs) {
        const f = ours.get(pf.identifier!)!;
        assert.equal(f.path, pf.names.join('/'), 'folder path');
        const ids = new Set(mb.messageIds(f.id));
        for (const id of pf.identifiers) assert.ok(ids.has(id), `${f.path}: item ${id} that pffexport exports is listed`);
        assert.equal(f.itemCount, ids.size);
        extra += ids.size - pf.items;
      }
      // pffexport leaves out only the items it says it skipped (IPM.Post in this version).
      assert.equal(extra, pff.skipped.length, 'items beyond pffexport are exactly the ones it skipped');
    } finally {
      mb.close();
    }
  });

  test(`${name}: every item's subject, sender, bodies and attachments equal pypff's`, async () => {
    const dump = await pypffDump(file);
    assert.ok(dump.ok, `pypff failed: ${dump.error}`);
    const mb = Mailbox.open(file);
    try {
      const messages = pypffMessages(dump).filter((m) => m.identifier !== null);
      for (const m of messages) {
        const id = m.identifier!;
        const d = mb.item(id);
        const raw = mb.message(id);
        const where = `${m.folder} item ${id}`;
        if (m.subject != null) assert.equal(d.subject, m.subject, `${where} subject`);
        if (m.senderName != null) assert.equal(d.senderName, m.senderName, `${where} sender`);
        if (m.messageClass != null) assert.equal(d.messageClass, m.messageClass, `${where} class`);
        if (m.plainBody) assert.equal(sha256(Buffer.from(d.body.text ?? '', 'utf8')), m.plainBody.sha256, `${where} plain body`);
        const html = raw.props.find((p) => p.id === P.Html);
        if (m.htmlBody) assert.equal(html && sha256(html.data), m.htmlBody.sha256, `${where} HTML body bytes`);
        // libpff returns the decompressed RTF with a terminating NUL of its own, one byte past the stream's size.
        if (m.rtfBody) assert.equal((d.body.rtf?.length ?? 0) + 1, m.rtfBody.length, `${where} RTF length`);
        const atts = m.attachments ?? [];
        assert.equal(d.attachments.length, atts.length, `${where} attachment count`);
        for (const a of atts) {
          if (a.method !== 1 || !a.data) continue;
          const bytes = mb.attachmentContent(id, a.index);
          assert.equal(bytes.length, a.data.length, `${where} attachment ${a.index} size`);
          assert.equal(sha256(bytes), a.data.sha256, `${where} attachment ${a.index} bytes`);
          const fname = a.longFilename ?? a.filename;
          if (fname) assert.equal(d.attachments[a.index]!.filename, fname, `${where} attachment ${a.index} name`);
        }
        assert.deepEqual(d.problems, [], `${where} reads cleanly`);
      }
    } finally {
      mb.close();
    }
  });
}

for (const file of realFiles()) {
  test(`${path.basename(file)}: the items readpst writes, folder by folder, are ours under the IPM subtree`, async () => {
    const readpst = await readpstSummary(file);
    assert.ok(readpst.ok, readpst.warnings.join('\n'));
    const mb = Mailbox.open(file);
    try {
      // readpst writes the IPM subtree as one top directory named after the store, and leaves IPM.Post out.
      const top = mb.folder(mb.ipmSubtreeId()!);
      const [root = ''] = new Set([...readpst.perFolder.keys()].map((k) => k.split('/')[0]));
      const ours = new Map<string, number>();
      for (const f of mb.folders()) {
        if (f.id !== top.id && !f.path.startsWith(`${top.path}/`)) continue;
        const n = mb.items(f.id).filter((s) => !/^IPM\.Post\b/.test(s.messageClass)).length;
        if (n > 0) ours.set(root + f.path.slice(top.path.length), n);
      }
      assert.deepEqual(new Map([...readpst.perFolder].filter(([, n]) => n > 0)), ours);
    } finally {
      mb.close();
    }
  });
}
