// The read commands through the real CLI, typed as a person types them. pffexport decides what a folder holds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { pstExtractorDir } from './support/fixtures.js';
import { pffexportTree, type PffFolder } from './support/oracles.js';
import { cliOutput, runCli } from './support/cli.js';

/** The Inbox of one of pst-extractor's Outlook.com OSTs, as pffexport exports it; null when the package is absent. */
async function pffInbox(name: string): Promise<{ file: string; inbox: PffFolder } | null> {
  const dir = pstExtractorDir();
  if (dir === null) return null;
  const file = path.join(dir, name);
  const pff = await pffexportTree(file);
  assert.ok(pff.ok, pff.stderr);
  // An OST's own folders sit below its Exchange root's IPM subtree [MS-PST §2.4.3: the OST has no subtree entry id].
  const inbox = pff.folders.find((f) => f.names.at(-1) === 'Inbox' && f.names.includes('IPM_SUBTREE'));
  assert.ok(inbox && inbox.items > 0, 'pffexport finds a non-empty Inbox');
  return { file, inbox };
}

test('items --folder takes a folder by its path below the top of the mailbox, in any case, or by its full path', async (t) => {
  const found = await pffInbox('pstextractortest@outlook.com.ost');
  if (found === null) return t.skip('pst-extractor is not installed (npm install)');
  const { file, inbox } = found;
  const ids = async (folder: string) => {
    const out = JSON.parse(await cliOutput(['items', file, '--folder', folder, '--json'])) as { items: Array<{ id: number }> };
    return out.items.map((i) => i.id).sort((a, b) => a - b);
  };
  const truth = [...inbox.identifiers].sort((a, b) => a - b);
  assert.deepEqual(await ids('Inbox'), truth);
  assert.deepEqual(await ids('inbox/'), truth);
  assert.deepEqual(await ids(inbox.names.join('/')), truth);
});

test('show prints an HTML-only mail as its text: no markup, no styles, entities and the 1252 dash decoded', async (t) => {
  const found = await pffInbox('pstextractortestpdf@outlook.com.ost');
  if (found === null) return t.skip('pst-extractor is not installed (npm install)');
  const { file, inbox } = found;
  const shown = await Promise.all(inbox.identifiers.map((id) => cliOutput(['show', file, '--item', String(id)])));
  const welcome = shown.find((s) => s.startsWith('Subject:     Welcome to your new Outlook.com account'));
  assert.ok(welcome, 'the Welcome mail pffexport exports from the Inbox is shown');
  const body = welcome.slice(welcome.indexOf('\n\n') + 2);
  // What the mail says, as a mail client shows it; the HTML has "top of it all \x97 whether" in Windows-1252.
  assert.match(body, /Welcome to your new Outlook\.com account\. Outlook lets you stay connected/);
  assert.match(body, /on top of it all — whether/);
  assert.doesNotMatch(body, /<[a-z/!]|font-family|&[a-z]+;|[\x00-\x08\x80-\x9f]/i);
});

test('show prints each recipient as pffexport reads it, a name that is only the address once', async (t) => {
  const found = await pffInbox('pstextractortestpdf@outlook.com.ost');
  if (found === null) return t.skip('pst-extractor is not installed (npm install)');
  const { file, inbox } = found;
  for (const [k, id] of inbox.identifiers.entries()) {
    const recipients = readFileSync(path.join(inbox.dir, `Message${String(k + 1).padStart(5, '0')}`, 'Recipients.txt'), 'utf8');
    const names = [...recipients.matchAll(/^Display name:\t+(.*)$/gm)].map((m) => m[1]!);
    const emails = [...recipients.matchAll(/^Email address:\t+(.*)$/gm)].map((m) => m[1]!);
    const types = [...recipients.matchAll(/^Recipient type:\t+(.*)$/gm)].map((m) => m[1]!);
    const to = names.map((name, i) => ({ name: name.trim(), email: emails[i]!, type: types[i] })).filter((r) => r.type === 'To');
    const shown = (/^To:\s+(.*)$/m.exec(await cliOutput(['show', file, '--item', String(id)]))?.[1] ?? '').split('; ');
    assert.equal(shown.length, to.length, `item ${id}`);
    to.forEach((r, i) => {
      // An Internet address as pffexport gives it; where pffexport gives the Exchange-internal (X.500) one, which
      // means nothing to a reader, the name leads and whatever follows it is not that address.
      if (r.email.includes('@')) assert.equal(shown[i], r.name === r.email ? r.email : `${r.name} <${r.email}>`, `item ${id}`);
      else assert.ok(shown[i]!.startsWith(r.name) && !shown[i]!.includes(r.email), `item ${id}: ${shown[i]}`);
    });
  }
});

test('check names the file\'s variant the way a person reads it, from the version its header holds', async (t) => {
  const dir = pstExtractorDir();
  if (dir === null) return t.skip('pst-extractor is not installed (npm install)');
  const file = path.join(dir, 'pstextractortest@outlook.com.ost');
  // wVer at offset 10 [MS-PST §2.2.2.6]: 36 is the OST 2013+ layout of 4 KiB pages and compressed blocks.
  assert.equal(readFileSync(file).readUInt16LE(10), 36);
  const r = await runCli(['check', file]);
  assert.ok(r.code === 0 || r.code === 4, r.stderr);
  assert.match(r.stdout.split('\n')[0]!, /, OST 2013\+ \(4 KiB pages, compressed\)$/);
});

test('show prints a calendar item\'s start and end as pffexport reads them', async (t) => {
  const dir = pstExtractorDir();
  if (dir === null) return t.skip('pst-extractor is not installed (npm install)');
  const file = path.join(dir, 'pstextractortest@outlook.com.ost');
  const pff = await pffexportTree(file);
  const calendar = pff.folders.find((f) => f.names.at(-1) === 'Calendar' && f.names.includes('IPM_SUBTREE'));
  assert.ok(calendar && calendar.items > 0, 'pffexport finds appointments in the Calendar');
  const iso = (text: string | undefined) => (text ? new Date(text.replace(/(\d\d:\d\d:\d\d)\.\d+ UTC$/, '$1Z')).toISOString() : undefined);
  for (const [k, id] of calendar.identifiers.entries()) {
    const exported: string = readFileSync(path.join(calendar.dir, `Appointment${String(k + 1).padStart(5, '0')}`, 'Appointment.txt'), 'utf8');
    const shown = await cliOutput(['show', file, '--item', String(id)]);
    assert.equal(/^Starts:\s+(.*)$/m.exec(shown)?.[1], iso(/^Start time:\t+(.*)$/m.exec(exported)?.[1]), `item ${id} start`);
    assert.equal(/^Ends:\s+(.*)$/m.exec(shown)?.[1], iso(/^End time:\t+(.*)$/m.exec(exported)?.[1]), `item ${id} end`);
  }
});
