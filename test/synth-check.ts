// What the independent readers must see in a file the generator wrote: exactly the folders and item counts its
// report lists, every item of the right kind, nothing they complain about. Shared by the default synth tests and
// the large ones (test/large/).
import assert from 'node:assert/strict';
import type { SynthFolder, SynthReport } from '../core/synth/generate.js';
import { pffexportTree, pffinfo, pypffDump, readpstSummary } from './support/oracles.js';

/** pffexport's kind for the items of each container class the generator fills. */
const PFF_KIND: Record<string, string> = {
  'IPF.Note': 'email',
  'IPF.Appointment': 'appointment',
  'IPF.Contact': 'contact',
  'IPF.Task': 'task',
  'IPF.StickyNote': 'note',
  'IPF.Journal': 'activity',
};

/** readpst 0.6.76 writes no tasks and no sticky notes: it counts them as "skipped" (readpst.c, process()). */
const READPST_SKIPS = new Set(['IPF.Task', 'IPF.StickyNote']);

/** The folder path prefix of the IPM subtree: the parent of the shallowest "Inbox". */
function ipmPrefix(paths: readonly string[][]): string[] {
  const inbox = paths.filter((p) => p.at(-1) === 'Inbox').sort((a, b) => a.length - b.length)[0];
  assert.ok(inbox, 'no Inbox folder');
  return inbox.slice(0, -1);
}

export interface ReaderCheckOptions {
  /** pypff walks every item and attachment; skip it for multi-GB files where pffexport already exports them all. */
  pypff?: boolean;
}

export async function checkWithReaders(report: SynthReport, opts: ReaderCheckOptions = {}): Promise<void> {
  const { file } = report;
  const info = await pffinfo(file);
  assert.ok(info.ok, info.stderr);
  const expectedType = report.client === 'ost' ? 'Offline Storage Tables (OST)' : 'Personal Storage Tables (PST)';
  assert.equal(info.fields['File content type'], expectedType);
  const fileType = { ansi: '32-bit', unicode: '64-bit', ost2013: '64-bit with 4k page' }[report.variant];
  assert.equal(info.fields['File type'], fileType);
  const encryption = { none: 'none', permute: 'compressible', cyclic: 'high' }[report.encoding];
  assert.equal(info.fields['Encryption type'], encryption);

  const pff = await pffexportTree(file);
  assert.ok(pff.ok, pff.stderr);
  assert.deepEqual(pff.problems, []);
  assert.deepEqual(pff.skipped, []);
  // pffexport numbers item directories with five digits: each item of a folder past the 99 999th fails for that alone.
  assert.equal(pff.pastNameLimit, report.folders.reduce((n, f) => n + Math.max(0, f.items - 99_999), 0), 'items pffexport cannot name');
  const prefix = ipmPrefix(pff.folders.map((f) => f.names));
  const below = pff.folders.filter((f) => f.names.length > prefix.length && prefix.every((n, i) => f.names[i] === n));
  assert.deepEqual(
    below.map((f) => f.names.slice(prefix.length).join('/')).sort(),
    report.folders.map((f) => f.path.join('/')).sort(),
    'pffexport finds exactly the generated folders below the IPM subtree',
  );
  for (const f of report.folders) {
    const seen = below.find((p) => p.names.slice(prefix.length).join('/') === f.path.join('/'))!;
    assert.equal(seen.items, f.items, `pffexport items in ${f.path.join('/')}`);
    const kinds = f.items === 0 ? {} : { [PFF_KIND[f.containerClass]!]: f.items };
    assert.deepEqual(seen.kinds, kinds, `pffexport kinds in ${f.path.join('/')}`);
  }

  const rp = await readpstSummary(file);
  assert.ok(rp.ok, rp.stderr);
  assert.deepEqual(rp.warnings, []);
  // readpst makes a directory only for a folder with items or sub-folders, but names every folder it processes.
  const subfoldersOf = (f: SynthFolder) => report.folders.filter((g) => g.path.length === f.path.length + 1 && f.path.every((n, i) => g.path[i] === n)).length;
  const processed = [...rp.stdout.matchAll(/^Processing Folder "(.*)"$/gm)].map((m) => m[1]!);
  assert.deepEqual(processed.sort(), report.folders.map((f) => f.path.at(-1)!).sort(), 'readpst processes exactly the generated folders');
  const rpPrefix = ipmPrefix([...rp.perFolder.keys()].map((k) => k.split('/')));
  const rpBelow = [...rp.perFolder.keys()].filter((k) => k.split('/').length > rpPrefix.length);
  assert.deepEqual(
    rpBelow.map((k) => k.split('/').slice(rpPrefix.length).join('/')).sort(),
    report.folders.filter((f) => f.items > 0 || subfoldersOf(f) > 0).map((f) => f.path.join('/')).sort(),
  );
  for (const f of report.folders) {
    const written = rp.perFolder.get([...rpPrefix, ...f.path].join('/')) ?? 0;
    const subfolders = subfoldersOf(f);
    const line = rp.reports.find((r) => r.folder === f.path.at(-1));
    if (READPST_SKIPS.has(f.containerClass)) {
      assert.equal(written, 0, `readpst writes no items of ${f.containerClass}`);
      if (f.items > 0) assert.equal(line?.skipped, f.items, `readpst skips every item of ${f.path.join('/')}`);
    } else {
      assert.equal(written, f.items, `readpst items in ${f.path.join('/')}`);
      if (f.items + subfolders > 0) assert.equal(line?.done, f.items + subfolders, `readpst report for ${f.path.join('/')}`);
    }
  }

  if (opts.pypff === false) return;
  const dump = await pypffDump(file);
  assert.ok(dump.ok, dump.error);
  assert.deepEqual(dump.errors, []);
  const messages = dump.folders.flatMap((f) => f.messages);
  assert.equal(messages.length, report.items);
  for (const m of messages) assert.deepEqual(m.errors, [], `pypff on item ${m.identifier}`);
  for (const a of messages.flatMap((m) => m.attachments ?? [])) assert.deepEqual(a.errors, []);
  const sizes = messages.flatMap((m) => m.attachments ?? []).map((a) => a.data?.length ?? 0);
  assert.equal(Math.max(...sizes), report.largestAttachment, 'largest attachment as pypff reads it');
}
