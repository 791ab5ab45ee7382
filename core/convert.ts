import { existsSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { errorText, offsetOf, RescueError } from './errors.js';
import { fileSha256, fileSha256OnThread } from './file-hash.js';
import { ChunkDigest, chunkedDigest, compareFingerprints, fingerprint, FingerprintLog, type Fingerprint } from './fingerprint.js';
import { FingerprintThread, outputPrint, type OutputPrint } from './verify-thread.js';
import { growHeapFor } from './heap-growth.js';
import { Mailbox } from './mailbox.js';
import { deepScan } from './recovery/index.js';
import type { ConvertOptions, ConvertReport, FolderInfo, FolderReport, ItemProblem, RunControl } from './model.js';
import { drain, partialLosses } from './messaging/message.js';
import type { MessageObject } from './messaging/objects.js';
import { int32Of, P } from './messaging/props.js';
import { cleanSubject, getterOf, stringOf } from './messaging/views.js';
import { PstWriter, type Durability, type FolderHandle } from './pst-writer.js';

/** Name of the IPM subtree in every PST we write (what Outlook 2013+ calls it). */
const TOP_NAME = 'Top of Outlook data file';
/** Headroom left under --split-size for what finish() still writes (tables, B-trees, maps). */
const SPLIT_RESERVE = 0.06;
/** Items between yields to the event loop, so a cancel request is seen promptly. */
const YIELD_EVERY = 16;
/** How often verification reports progress while it waits for the other thread's half. */
const PROGRESS_EVERY_MS = 250;

/** One folder to export: where it comes from and where it goes below the PST's top folder. */
interface PlannedFolder {
  source: FolderInfo;
  /** Path below the top folder, e.g. "Inbox/Projects". */
  relPath: string;
  parentRel: string | null;
  report: FolderReport;
  /** False for a folder kept only as the parent of selected ones. */
  exportItems: boolean;
  /** Fingerprints of exported items, with the output file each went to, for verification. */
  written: FingerprintLog;
  seen: Set<string>;
}

/**
 * Files at least this large get helper threads: the source is hashed, the output sealed (write-thread.ts)
 * and the written file verified on a second core. Each thread's start costs tens of milliseconds of CPU
 * and 12-20 MB of memory, which pay off only on a large file. Measured with and without them (CLI, same
 * runs interleaved): enron.pst (13 MB) 393 vs 347 ms; a 100 MB OST 1.17 vs 1.11 s at 130 vs 76 MB peak;
 * a 272 MB OST 2.41-2.62 vs 2.63-2.85 s at 136 vs 92 MB; a 1 GB OST 6.7-7.1 vs 8.6-8.8 s at 153-156 vs 105-110 MB.
 */
const THREADS_FROM = 256 << 20;

/** The folders under the IPM subtree, parents first, narrowed to `wanted` paths (and their subfolders). */
function planFolders(mb: Mailbox, options: ConvertOptions): PlannedFolder[] {
  const wanted = options.folders;
  const includeRecovered = options.includeRecovered ?? true;
  const all = mb.folders();
  const { top: topFolder, folders: exportable } = mb.exportableFolders();
  const prefix = topFolder ? `${topFolder.path}/` : '';
  // What a deep scan recovered ("Recovered Items/…") sits beside the user's folders in the new PST.
  const candidates = exportable.filter((f) => includeRecovered || f.source === 'live');
  const norm = (p: string) => p.replace(/^\/+|\/+$/g, '').toLowerCase();
  const wants = wanted?.map(norm);
  const picked = candidates.filter((f) => {
    if (!wants) return true;
    const p = norm(f.path);
    const rel = norm(f.path.slice(prefix.length));
    // A folder is kept when it is asked for, lies under one asked for, or leads to one (to keep the tree).
    return wants.some((w) => p === w || rel === w || p.startsWith(`${w}/`) || rel.startsWith(`${w}/`) || w.startsWith(`${p}/`) || w.startsWith(`${rel}/`));
  });
  if (wants && picked.length === 0) throw new RescueError('usage', `None of the folders ${wanted!.map((w) => `"${w}"`).join(', ')} exists in "${mb.info.fileName}"; run \`ost-rescue ls\` to see its folders.`);
  // An exact selection (the app's checkboxes): those folders' items, plus their ancestors, empty, to keep the tree.
  const chosen = options.folderIds ? new Set(options.folderIds) : null;
  const byId = new Map(all.map((f) => [f.id, f]));
  const keep = new Set<number>();
  for (const f of picked) {
    if (chosen && !chosen.has(f.id)) continue;
    for (let a: FolderInfo | undefined = f; a && !keep.has(a.id); a = a.parentId === null ? undefined : byId.get(a.parentId)) keep.add(a.id);
  }
  return picked.filter((f) => keep.has(f.id)).map((f) => {
    const relPath = f.source === 'live' ? f.path.slice(prefix.length) : f.path;
    const cut = relPath.lastIndexOf('/');
    return {
      source: f,
      relPath,
      parentRel: cut < 0 ? null : relPath.slice(0, cut),
      report: { path: f.path, source: f.source, expected: 0, exported: 0, failed: 0, duplicatesSkipped: 0 },
      written: new FingerprintLog(),
      seen: new Set(),
      exportItems: !chosen || chosen.has(f.id),
    };
  });
}

function outputName(output: string, index: number, split: boolean): string {
  if (!split) return output;
  const ext = extname(output) || '.pst';
  return join(dirname(output), `${basename(output, extname(output))}-${String(index + 1).padStart(3, '0')}${ext}`);
}

/** A finished output file: where it is (under its temporary name) and the name it will have. */
interface OutputFile {
  path: string;
  name: string;
}

/** The PST files being written: one, or a series when splitting by size; each gets the whole folder tree. */
class OutputSet {
  readonly finals: string[] = [];
  private readonly temps: string[] = [];
  private writer: PstWriter | null = null;
  private handles = new Map<string, FolderHandle>();
  /** The finished files' journeys to the disk, under way while they are read back (durability 'later'). */
  private readonly syncs: Array<Promise<void>> = [];

  constructor(
    private readonly output: string,
    private readonly options: ConvertOptions,
    private readonly plan: PlannedFolder[],
    private readonly mb: Mailbox,
    /** 'later' when the files are read back before they are kept: the disk catches up meanwhile. */
    private readonly durability: Durability,
  ) {}

  get index(): number {
    return this.finals.length - 1;
  }

  current(): PstWriter {
    return this.writer ?? this.start();
  }

  private start(): PstWriter {
    const split = this.options.splitSizeBytes !== undefined;
    const final = outputName(this.output, this.finals.length, split);
    if (existsSync(final) && !this.options.force) {
      throw new RescueError('output-exists', `"${basename(final)}" already exists; choose another name or pass --force to replace it.`);
    }
    const temp = join(dirname(final), `.${basename(final)}.partial`);
    const w = PstWriter.create(temp, {
      displayName: basename(final, extname(final)),
      encoding: this.options.encoding ?? 'permute',
      overwrite: true,
      sealThread: this.mb.info.sizeBytes >= THREADS_FROM,
    });
    this.writer = w;
    this.finals.push(final);
    this.temps.push(temp);
    this.handles = new Map();
    const resolver = this.mb.resolver();
    // Folder entry ids naming the source's IPM subtree name this PST's top folder.
    const top = this.mb.ipmSubtreeId();
    if (top !== null) w.aliasFolder(w.ipmSubtree, this.mb.folderObject(top));
    for (const f of this.plan) {
      const parent = f.parentRel === null ? w.ipmSubtree : this.handles.get(f.parentRel);
      if (parent === undefined) continue;
      // The source's own "Deleted Items" merges into the one every PST already has.
      let handle: FolderHandle;
      if (f.parentRel === null && f.source.name === 'Deleted Items') {
        handle = w.deletedItems;
        w.mergeFolder(handle, this.mb.folderObject(f.source.id), resolver);
      } else handle = w.addFolder(parent, this.mb.folderObject(f.source.id), resolver);
      this.handles.set(f.relPath, handle);
    }
    return w;
  }

  handle(f: PlannedFolder): FolderHandle {
    this.current();
    const h = this.handles.get(f.relPath);
    if (h === undefined) throw new Error(`folder ${f.relPath} was not created`);
    return h;
  }

  /** Starts the next file when this one is about to pass the split size. */
  maybeSplit(): void {
    const limit = this.options.splitSizeBytes;
    if (!limit || !this.writer || this.writer.sizeSoFar < limit * (1 - SPLIT_RESERVE)) return;
    this.finishCurrent();
  }

  /** Finishes the last file; all of them are complete, still under their temporary names. */
  finish(): OutputFile[] {
    this.current();
    this.finishCurrent();
    return this.temps.map((path, i) => ({ path, name: basename(this.finals[i]!) }));
  }

  private finishCurrent(): void {
    this.writer!.finish(this.durability);
    this.writer = null;
    if (this.durability === 'later') {
      const synced = PstWriter.sync(this.temps.at(-1)!);
      // Awaited by keep(); a failure meanwhile (the run is then aborted) must not go unhandled.
      synced.catch(() => undefined);
      this.syncs.push(synced);
    }
  }

  /** Puts the finished files under their names, on disk first. */
  async keep(): Promise<string[]> {
    await Promise.all(this.syncs);
    this.temps.forEach((t, i) => renameSync(t, this.finals[i]!));
    this.temps.length = 0;
    return this.finals;
  }

  abort(): void {
    this.writer?.abort();
    for (const t of this.temps) rmSync(t, { force: true });
  }
}

/** The key under which Outlook's "Do not import duplicates" would see two items as one. */
function duplicateKey(msg: MessageObject, print: () => Fingerprint): string {
  const get = getterOf(msg.props);
  const id = stringOf(get, P.InternetMessageId);
  if (id) return `id:${id}`;
  const key = get(P.SearchKey);
  if (key) return `key:${Buffer.from(key.data).toString('hex')}`;
  return `hash:${JSON.stringify(print())}`;
}

/** A data stream that hands over the digest of what it gave once it has given all of it. */
function digesting(stream: () => Iterable<Uint8Array>, done: (digest: string) => void): () => Iterable<Uint8Array> {
  return function* () {
    const digest = new ChunkDigest();
    for (const chunk of stream()) {
      digest.add(chunk);
      yield chunk;
    }
    done(digest.value);
  };
}

function subjectOf(msg: MessageObject): string {
  return cleanSubject(stringOf(getterOf(msg.props), P.Subject));
}

const tick = () => new Promise<void>((r) => setImmediate(r));

/**
 * Reads `input` and writes its mail to a new Unicode PST at `output` (or a series of them), then
 * re-reads what it wrote and reconciles it against the source. Nothing appears under the output
 * name until the file is complete; the input is only ever opened read-only.
 */
export async function convert(input: string, output: string, options: ConvertOptions, control: RunControl = {}): Promise<ConvertReport> {
  checkOutput(input, output);
  const mb = options.deep ? Mailbox.fromRecovery(await deepScan(input, control)) : Mailbox.open(input);
  try {
    return await convertMailbox(mb, output, options, control);
  } finally {
    mb.close();
  }
}

/** Refuses outputs that cannot work before any reading starts: the input itself, a folder, a missing folder. */
function checkOutput(input: string, output: string): void {
  const out = resolve(output);
  if (existsSync(input) && existsSync(out) && realpathSync(input) === realpathSync(out)) {
    throw new RescueError('usage', `The output "${basename(out)}" is the input file itself; choose another name.`);
  }
  // Found at the end, it would cost the whole conversion: the rename onto a folder fails.
  if (existsSync(out) && statSync(out).isDirectory()) {
    throw new RescueError('usage', `The output "${basename(out)}" is a folder; give the new PST a file name, such as "${join(output, 'recovered.pst')}", or pass the folder as --out-dir.`);
  }
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new RescueError('output-failed', `The folder "${dir}" for "${basename(out)}" does not exist; create it or choose another place.`);
  }
}

/**
 * Exports an already open mailbox (a file, or what a deep scan rebuilt): the app converts what it
 * has previewed without reading the file's structure a second time.
 */
export async function convertMailbox(mb: Mailbox, output: string, options: ConvertOptions, control: RunControl = {}): Promise<ConvertReport> {
  const started = new Date();
  const input = mb.info.path;
  checkOutput(input, output);
  const out = resolve(output);
  growHeapFor(mb.info.sizeBytes, 'convert');
  let set: OutputSet | null = null;
  try {
    // The source's SHA-256 for the report; on a large file, hashed on another thread while this one converts.
    const sha = mb.info.sizeBytes >= THREADS_FROM ? fileSha256OnThread(input) : Promise.resolve(fileSha256(input));
    const plan = planFolders(mb, options);
    const verifying = options.verify !== false;
    set = new OutputSet(out, options, plan, mb, verifying ? 'later' : 'sync');
    const problems: ItemProblem[] = [
      ...mb.findings.map((f) => ({ folder: '', itemId: 0, subject: f.object, offset: f.offset, problem: f.problem })),
      ...mb.problems().map((p) => ({ folder: '', itemId: 0, subject: '', offset: null, problem: p })),
    ];
    const itemsTotal = plan.reduce((n, f) => n + (f.exportItems ? f.source.itemCount : 0), 0);
    let done = 0;
    let bytesDone = 0;
    const resolver = mb.resolver();
    const report = (phase: string) => control.onProgress?.({ phase, bytesDone, bytesTotal: mb.info.sizeBytes, items: done, itemsTotal });
    for (const f of plan) {
      if (!f.exportItems) continue;
      const ids = mb.messageIds(f.source.id);
      f.report.expected = ids.length;
      for (const id of ids) {
        if (control.signal?.aborted) throw new RescueError('cancelled', 'The export was cancelled; no output file was left behind.');
        let msg: MessageObject;
        try {
          // Attachments are streamed from the source into the PST, never held whole (a mailbox may hold
          // attachments of hundreds of megabytes), and digested for verification as they pass.
          msg = mb.message(id, { attachmentData: 'stream' });
        } catch (e) {
          f.report.failed++;
          problems.push({ folder: f.source.path, itemId: id, subject: '', offset: offsetOf(e), problem: errorText(e) });
          continue;
        }
        const digests = new Map<number, string>();
        const streamed: MessageObject = { ...msg, attachments: msg.attachments.map((a, i) => (a.dataStream ? { ...a, dataStream: digesting(a.dataStream, (d) => digests.set(i, d)) } : a)) };
        const printOf = () => fingerprint(msg, (i) => digests.get(i) ?? chunkedDigest([]));
        if (options.dedupe) {
          const key = duplicateKey(msg, () => {
            for (const a of streamed.attachments) if (a.dataStream) drain(a.dataStream());
            return printOf();
          });
          if (f.seen.has(key)) {
            f.report.duplicatesSkipped++;
            continue;
          }
          f.seen.add(key);
        }
        set.current().addMessage(set.handle(f), streamed, resolver);
        const print = printOf();
        // What could not be read is all known now: a streamed attachment's losses are found as it is streamed.
        for (const p of msg.problems) problems.push({ folder: f.source.path, itemId: id, subject: subjectOf(msg), offset: p.offset, problem: `exported without: ${p.text}` });
        for (const l of partialLosses(msg)) problems.push({ folder: f.source.path, itemId: id, subject: subjectOf(msg), offset: l.offset, problem: l.text });
        f.written.push(set.index, id, print);
        f.report.exported++;
        bytesDone += int32Of(getterOf(msg.props)(P.MessageSize)) ?? 0;
        set.maybeSplit();
        if (++done % YIELD_EVERY === 0) {
          report('export');
          await tick();
        }
      }
      for (const id of mb.associatedIds(f.source.id)) {
        try {
          set.current().addMessage(set.handle(f), mb.message(id), resolver, { fai: true });
        } catch (e) {
          problems.push({ folder: f.source.path, itemId: id, subject: '(hidden item)', offset: offsetOf(e), problem: errorText(e) });
        }
      }
      set.current().completeFolder(set.handle(f));
    }
    report('finishing');
    const complete = set.finish();
    const verification = verifying ? await verify(complete, plan, control) : { verdict: 'skipped' as const, mismatches: [] };
    const files = await set.keep();
    const finished = new Date();
    return {
      source: { path: resolve(input), sizeBytes: mb.info.sizeBytes, sha256: await sha, variant: mb.info.variant, encoding: mb.info.encoding },
      outputs: files,
      folders: plan.map((f) => f.report),
      problems: withoutRepeats(problems),
      verification,
      startedAt: started.toISOString(),
      finishedAt: finished.toISOString(),
      durationMs: finished.getTime() - started.getTime(),
    };
  } catch (e) {
    set?.abort();
    throw asOutputProblem(e, out);
  }
}

/**
 * A deep scan reports an item whose properties do not read, and still places it (its table row, recipients
 * and attachments may survive); the export then reports the same loss for that item, with its folder. Each
 * loss is listed once: the file-level entry goes where an item's own entry says the same at the same offset.
 */
function withoutRepeats(problems: ItemProblem[]): ItemProblem[] {
  const key = (p: ItemProblem) => `${p.offset}\n${p.problem}`;
  const perItem = new Set(problems.filter((p) => p.itemId !== 0).map(key));
  return problems.filter((p) => p.itemId !== 0 || !perItem.has(key(p)));
}

/** Write failures (disk full, permission) become a sentence about the output, not a system error. */
function asOutputProblem(e: unknown, out: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (e instanceof RescueError || typeof code !== 'string') return e;
  const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' ? 'permission was denied' : `the system said ${code}`;
  return new RescueError('output-failed', `"${basename(out)}" could not be written: ${why}. Nothing was left under that name.`);
}

const cancelled = () => new RescueError('cancelled', 'Verification was cancelled.');

/** Rejects once `signal` aborts (never, without one). */
function whenCancelled(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, fail) => signal?.addEventListener('abort', () => fail(cancelled()), { once: true }));
}

/**
 * Fingerprints items `ids` of the written file `file` and hands each to `visit` with its index in `ids`, in
 * increasing order, telling `onCount` now and then how many are done. With `twoThreads` (a large file) a
 * second thread reads the second half while this one reads the first; if that thread fails, this one reads
 * its half too. Each print is compared as it comes rather than kept: a mailbox may hold a million items.
 */
async function forEachOutputPrint(
  mb: Mailbox,
  file: string,
  twoThreads: boolean,
  ids: Uint32Array,
  control: RunControl,
  visit: (j: number, print: OutputPrint) => void,
  onCount: (done: number) => void,
): Promise<void> {
  const helper = twoThreads ? FingerprintThread.start() : null;
  const split = helper ? ids.length >> 1 : ids.length;
  const theirDone = new Int32Array(helper ? new SharedArrayBuffer(4) : new ArrayBuffer(4));
  const theirs = helper?.prints(file, Array.from(ids.subarray(split)), theirDone).catch(() => null) ?? null;
  let mine = 0;
  // Once this thread reads the other half itself, what the failed thread had counted no longer counts.
  let theirsCount = true;
  const count = () => onCount(mine + (theirsCount ? Atomics.load(theirDone, 0) : 0));
  const readHere = async (from: number, to: number) => {
    for (let k = from; k < to; k++) {
      if (control.signal?.aborted) throw cancelled();
      visit(k, outputPrint(mb, ids[k]!));
      mine++;
      if (k % YIELD_EVERY === 0) {
        count();
        await tick();
      }
    }
  };
  try {
    await readHere(0, split);
    // This half is done; the other thread's count goes on moving while it finishes its own.
    const timer = setInterval(count, PROGRESS_EVERY_MS);
    let rest: OutputPrint[] | null = null;
    try {
      rest = theirs && (await Promise.race([theirs, whenCancelled(control.signal)]));
    } finally {
      clearInterval(timer);
    }
    if (rest) rest.forEach((print, k) => visit(split + k, print));
    else {
      theirsCount = false;
      await readHere(split, ids.length);
    }
    count();
  } finally {
    helper?.close();
  }
}

/** One folder's run of a written file's items, in the order verification reads them. */
interface FolderRun {
  folder: PlannedFolder;
  path: string;
  /** Where each of the folder's items was logged in `folder.written`, in the order they were written. */
  positions: Uint32Array;
  /** Index of the folder's first item among all the file's items. */
  start: number;
}

/**
 * Re-opens every written file with our own reader and checks each folder holds exactly the items
 * written to it, in order, with the same subject, bodies and attachments as the source.
 */
async function verify(files: OutputFile[], plan: PlannedFolder[], control: RunControl): Promise<ConvertReport['verification']> {
  const mismatches: string[] = [];
  const itemsTotal = plan.reduce((n, f) => n + f.report.exported, 0);
  const sizes = files.map((f) => statSync(f.path).size);
  const bytesTotal = sizes.reduce((n, size) => n + size, 0);
  let before = 0;
  // Items are counted; bytes are given as the same share of what was written, since two readers at once
  // read it and neither counts the other's bytes.
  const progress = (done: number) => {
    const items = before + done;
    control.onProgress?.({ phase: 'verify', items, itemsTotal, bytesDone: Math.round((bytesTotal * items) / Math.max(1, itemsTotal)), bytesTotal });
  };
  for (let i = 0; i < files.length; i++) {
    const { path: file, name } = files[i]!;
    const mb = Mailbox.open(file);
    try {
      const runs: FolderRun[] = [];
      const folderIds: number[][] = [];
      let total = 0;
      for (const f of plan) {
        const positions = f.written.positions(i);
        const path = f.parentRel === null && f.source.name === 'Deleted Items' ? `${TOP_NAME}/Deleted Items` : `${TOP_NAME}/${f.relPath}`;
        const folder = mb.folderByPath(path);
        if (!folder) {
          mismatches.push(`${name}: folder "${path}" is missing`);
          continue;
        }
        const ids = mb.messageIds(folder.id);
        if (ids.length !== positions.length) mismatches.push(`${name}: "${path}" holds ${ids.length} items, ${positions.length} were written`);
        const n = Math.min(ids.length, positions.length);
        runs.push({ folder: f, path, positions, start: total });
        folderIds.push(ids.length > n ? ids.slice(0, n) : ids);
        total += n;
      }
      const ids = new Uint32Array(total);
      runs.forEach((run, k) => ids.set(folderIds[k]!, run.start));
      folderIds.length = 0;
      // Items come in increasing order, so the folder of each is found by walking forward.
      let r = 0;
      await forEachOutputPrint(mb, file, sizes[i]! >= THREADS_FROM, ids, control, (j, got) => {
        while (r + 1 < runs.length && j >= runs[r + 1]!.start) r++;
        const { folder, path, positions, start } = runs[r]!;
        const k = j - start;
        const pos = positions[k]!;
        const diffs = 'unreadable' in got ? [`unreadable in the output (${got.unreadable})`] : compareFingerprints(folder.written.print(pos), got);
        for (const d of diffs) mismatches.push(`${name}: "${path}" item ${k + 1} (source id ${folder.written.sourceId(pos)}): ${d}`);
      }, progress);
      before += total;
    } finally {
      mb.close();
    }
  }
  return { verdict: mismatches.length === 0 ? 'passed' : 'failed', mismatches };
}
