// Tests of the independent-truth harness itself (test/support/): each oracle must read the real files, refuse the
// fake one, and the independent tools must agree with each other and with facts stated in the fixtures' README.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fixtureFiles, outlookFixtures, pstExtractorFiles, requireShared, tempDir } from './support/fixtures.js';
import {
  pffexportTree,
  pffinfo,
  pypffDump,
  pypffMessages,
  readpstSummary,
  type PypffDump,
} from './support/oracles.js';

interface ReadmeRow {
  name: string;
  /** The "client, wVer, encoding" cell. */
  format: string;
}

/** Rows of the table in ../shared/fixtures/README.md, whose first cell is a file name. */
function readmeRows(dir: string): ReadmeRow[] {
  return readFileSync(path.join(dir, 'README.md'), 'utf8')
    .split('\n')
    .map((line) => line.split('|').map((cell) => cell.trim()))
    .filter((cells) => cells.length > 4 && /\.(pst|ost)$/.test(cells[1] ?? ''))
    .map((cells) => ({ name: cells[1] ?? '', format: cells[3] ?? '' }));
}

/** Every real Outlook file available: the shared fixtures (when present) and pst-extractor's files. */
function realFiles(): string[] {
  return [...outlookFixtures().map((fixture) => fixture.path), ...pstExtractorFiles()];
}

function fakeFixture(t: TestContext): string | null {
  if (requireShared(t) === null) return null;
  const fake = fixtureFiles().find((fixture) => !fixture.outlook);
  assert.ok(fake, 'the shared fixtures include the fake .pst');
  return fake.path;
}

/**
 * The path of the folder readpst writes as its top directory: the store's IPM subtree (PR_IPM_SUBTREE_ENTRYID);
 * the pst-extractor OSTs lack that property, and there the subtree is the IPM_SUBTREE folder of the mailbox root.
 */
function ipmSubtreePath(dump: PypffDump): string {
  const nid = dump.store?.ipmSubtree ?? null;
  const folder =
    nid !== null
      ? dump.folders.find((candidate) => candidate.identifier === nid)
      : dump.folders.find((candidate) => candidate.path === 'Root - Mailbox/IPM_SUBTREE');
  assert.ok(folder, 'pypff shows the IPM subtree folder');
  return folder.path;
}

test('fixtures: the shared folder holds exactly the files its README lists, one of them fake', (t) => {
  const dir = requireShared(t);
  if (dir === null) return;
  const rows = readmeRows(dir);
  assert.deepEqual(
    fixtureFiles().map((fixture) => fixture.name),
    rows.map((row) => row.name).sort(),
  );
  for (const fixture of fixtureFiles()) {
    const row = rows.find((candidate) => candidate.name === fixture.name);
    assert.equal(fixture.outlook, !row?.format.startsWith('not a PST'), fixture.name);
    assert.ok(path.isAbsolute(fixture.path) && existsSync(fixture.path), fixture.path);
  }
  assert.equal(fixtureFiles().filter((fixture) => !fixture.outlook).length, 1);
});

test('fixtures: pst-extractor provides two OSTs and enron.pst', () => {
  const files = pstExtractorFiles();
  assert.deepEqual(
    files.map((file) => path.basename(file)),
    ['enron.pst', 'pstextractortest@outlook.com.ost', 'pstextractortestpdf@outlook.com.ost'],
  );
  for (const file of files) assert.ok(path.isAbsolute(file) && existsSync(file), file);
});

test('fixtures: tempDir is removed when its test ends', async (t) => {
  let dir = '';
  await t.test('uses a temp dir', (sub) => {
    dir = tempDir(sub);
    writeFileSync(path.join(dir, 'file'), 'x');
    assert.ok(existsSync(dir));
  });
  assert.notEqual(dir, '');
  assert.equal(existsSync(dir), false);
});

test('pffinfo: file type and encryption agree with the README', async (t) => {
  const dir = requireShared(t);
  if (dir === null) return;
  const fileTypes: Record<string, string> = { '14': '32-bit', '23': '64-bit' };
  const encryptions: Record<string, string> = { permute: 'compressible', cyclic: 'high', none: 'none' };
  for (const row of readmeRows(dir)) {
    const info = await pffinfo(path.join(dir, row.name));
    const stated = /^PST, (\d+)\b.*, (permute|cyclic|none)\b/.exec(row.format);
    if (stated === null) {
      assert.equal(info.ok, false, `${row.name} is not a PST, pffinfo must refuse it`);
      continue;
    }
    assert.ok(info.ok, `${row.name}: ${info.stderr}`);
    assert.equal(info.fields['File content type'], 'Personal Storage Tables (PST)', row.name);
    assert.equal(info.fields['File type'], fileTypes[stated[1] ?? ''], row.name);
    assert.equal(info.fields['Encryption type'], encryptions[stated[2] ?? ''], row.name);
  }
});

test('pffinfo: the pst-extractor OSTs are 4 KiB-page OSTs (wVer 36)', async () => {
  for (const file of pstExtractorFiles().filter((name) => name.endsWith('.ost'))) {
    const info = await pffinfo(file);
    assert.ok(info.ok, info.stderr);
    assert.equal(info.fields['File content type'], 'Offline Storage Tables (OST)');
    assert.equal(info.fields['File type'], '64-bit with 4k page');
  }
});

test('every oracle refuses the fake .pst with ok=false and says why', async (t) => {
  const fake = fakeFixture(t);
  if (fake === null) return;
  const exported = await pffexportTree(fake);
  assert.equal(exported.ok, false);
  assert.match(exported.stderr, /unable to read file header/);
  assert.deepEqual(exported.folders.map((folder) => folder.items), [0]);
  const dump = await pypffDump(fake);
  assert.equal(dump.ok, false);
  assert.match(dump.error ?? '', /unable to open file/);
  const readpst = await readpstSummary(fake);
  assert.equal(readpst.ok, false);
  assert.equal(readpst.items, 0);
  assert.ok(readpst.warnings.includes('Error opening File'), readpst.warnings.join('\n'));
  const info = await pffinfo(fake);
  assert.equal(info.ok, false);
});

test('pffexport and pypff see the same folder tree and the same items in every real file', async (t) => {
  const files = realFiles();
  assert.ok(files.length >= 3);
  for (const file of files) {
    await t.test(path.basename(file), async () => {
      const [tree, dump] = await Promise.all([pffexportTree(file), pypffDump(file)]);
      assert.ok(tree.ok, tree.stderr);
      assert.ok(dump.ok, dump.error);
      assert.deepEqual(
        tree.folders.map((folder) => folder.path),
        dump.folders.map((folder) => folder.path),
      );
      assert.deepEqual(
        tree.folders.slice(1).map((folder) => folder.identifier),
        dump.folders.slice(1).map((folder) => folder.identifier),
      );
      // pffexport 20180714 exports every item of a folder's contents table except IPM.Post, which it only logs as
      // skipped; pypff lists them all.
      let posts = 0;
      tree.folders.forEach((folder, index) => {
        const messages = dump.folders[index]?.messages ?? [];
        const exported = new Set(folder.identifiers);
        const notExported = messages.filter((message) => !exported.has(message.identifier ?? -1));
        for (const message of notExported) assert.match(message.messageClass ?? '', /^IPM\.Post\b/, folder.path);
        assert.equal(folder.items + notExported.length, messages.length, folder.path);
        posts += notExported.length;
      });
      assert.equal(tree.skipped.length, posts);
      assert.ok(tree.skipped.every((type) => type === 'IPM.Post'), tree.skipped.join(', '));
      assert.ok(
        dump.folders.every((folder) => folder.errors.length === 0 && folder.messages.every((m) => m.errors.length === 0)),
        'pypff read every item of these files without error',
      );
    });
  }
});

test("pffexport mode 'all' keeps the normal tree of mode 'items' and adds recovered items", async (t) => {
  for (const file of realFiles()) {
    await t.test(path.basename(file), async () => {
      const [items, all] = await Promise.all([pffexportTree(file, 'items'), pffexportTree(file, 'all')]);
      assert.ok(all.ok, all.stderr);
      assert.deepEqual(
        all.folders.map((folder) => [folder.path, folder.items]),
        items.folders.map((folder) => [folder.path, folder.items]),
      );
      assert.equal(items.recovered + items.orphans + items.recoveredFolders, 0);
      assert.ok(all.recovered >= 0 && all.orphans >= 0);
    });
  }
});

test('readpst writes, folder by folder, the IPM-subtree items pypff lists (IPM.Post excepted)', async (t) => {
  for (const file of realFiles()) {
    await t.test(path.basename(file), async () => {
      const [readpst, dump] = await Promise.all([readpstSummary(file), pypffDump(file)]);
      assert.ok(readpst.ok, readpst.warnings.join('\n'));
      assert.deepEqual(readpst.warnings, []);
      assert.ok(dump.ok, dump.error);
      const tops = new Set([...readpst.perFolder.keys()].map((key) => key.split('/')[0]));
      assert.equal(tops.size, 1, `one top directory: ${[...tops].join(', ')}`);
      const [top = ''] = tops;
      const subtree = ipmSubtreePath(dump);
      const expected = new Map<string, number>();
      for (const folder of dump.folders) {
        if (folder.path !== subtree && !folder.path.startsWith(`${subtree}/`)) continue;
        const count = folder.messages.filter((message) => !/^IPM\.Post\b/.test(message.messageClass ?? '')).length;
        if (count > 0) expected.set(top + folder.path.slice(subtree.length), count);
      }
      const written = new Map([...readpst.perFolder].filter(([, count]) => count > 0));
      assert.deepEqual(written, expected);
      assert.equal(readpst.items, [...expected.values()].reduce((sum, count) => sum + count, 0));
    });
  }
});

test('pypff dump: bodies, senders and attachments of the pstsdk sample message', async (t) => {
  const dir = requireShared(t);
  if (dir === null) return;
  // sample1 (Unicode) and sample2 (ANSI) hold the same message with one attachment (README: "a message and an
  // attachment"); the attachment bytes must come out identical from both encodings.
  const [unicode, ansi] = await Promise.all(
    ['farnulfo__pst-exp__sample1.pst', 'farnulfo__pst-exp__sample2.pst'].map((name) => pypffDump(path.join(dir, name))),
  );
  const messages = [unicode, ansi].map((dump) => pypffMessages(dump!));
  for (const list of messages) {
    assert.equal(list.length, 1);
    const [message] = list;
    assert.equal(message?.messageClass, 'IPM.Note');
    assert.equal(message?.attachments?.length, 1);
    assert.ok((message?.plainBody?.length ?? 0) > 0);
    assert.ok((message?.transportHeaders?.length ?? 0) > 0);
    assert.ok((message?.recipients?.headerTo.length ?? 0) > 0, 'To: taken from the transport headers');
  }
  const [first, second] = messages.map((list) => list[0]);
  assert.equal(first?.subject, second?.subject);
  assert.equal(first?.senderName, second?.senderName);
  assert.deepEqual(first?.attachments?.[0]?.data, second?.attachments?.[0]?.data);
  assert.equal(first?.attachments?.[0]?.data?.length, first?.attachments?.[0]?.size);
});

test('pffexport folder names map back through its sanitising and duplicate renaming', async (t) => {
  const dir = requireShared(t);
  if (dir === null) return;
  // A copy of the unencoded 2003 PST with two folder names rewritten in place (same UTF-16 length): one full of
  // characters pffexport cannot use in a directory name, and one made equal to its sibling "Search Root" (padded
  // with NULs, at which names end).
  const special = 'A/B~C*D:E?\\é\u0001';
  let bytes = readFileSync(path.join(dir, 'simiden__pst2john__2003_no-encryption_quickquick.pst'));
  for (const [from, to] of [
    ['Deleted Items', special],
    ['Content.Filter', 'Search Root\u0000\u0000\u0000'],
  ] as const) {
    const needle = Buffer.from(from, 'utf16le');
    assert.ok(bytes.includes(needle), `the fixture names a folder ${from}`);
    const replacement = Buffer.from(to, 'utf16le');
    assert.equal(replacement.length, needle.length);
    const parts: Buffer[] = [];
    let at = 0;
    for (let hit = bytes.indexOf(needle); hit !== -1; hit = bytes.indexOf(needle, at)) {
      parts.push(bytes.subarray(at, hit), replacement);
      at = hit + needle.length;
    }
    parts.push(bytes.subarray(at));
    bytes = Buffer.concat(parts);
  }
  const copy = path.join(tempDir(t), 'renamed.pst');
  writeFileSync(copy, bytes);

  const [tree, dump] = await Promise.all([pffexportTree(copy), pypffDump(copy)]);
  assert.ok(tree.ok, tree.stderr);
  assert.deepEqual(
    tree.folders.map((folder) => folder.path),
    dump.folders.map((folder) => folder.path),
  );
  const odd = tree.folders.find((folder) => folder.names.at(-1) === special);
  assert.ok(odd, 'the renamed folder is found under its real name');
  assert.equal(odd.path, `Top of Personal Folders/${special}`);
  assert.equal(path.basename(odd.dir), 'A_B_C_D_E__é_');
  assert.equal(odd.items, dump.folders.find((folder) => folder.path === odd.path)?.subMessages);
  assert.ok(odd.items > 0);
  const twins = tree.folders.filter((folder) => folder.path === 'Search Root');
  assert.equal(twins.length, 2);
  assert.deepEqual(
    twins.map((folder) => path.basename(folder.dir)),
    ['Search Root', 'Folder00003'],
  );
});
