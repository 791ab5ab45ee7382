// Independent readers run as child processes: libpff's pffexport/pffinfo (pff-tools), libpst's readpst
// (pst-utils) and libpff's Python binding pypff (python3-pypff). Tests compare our reader and writer against what
// these tools see. Every oracle copes with files the tool rejects (ok=false plus the tool's own words) and never
// throws for a bad input file. Results are cached per (file, size, mtime, mode) for the life of the process, since
// many tests ask about the same files. See test/support/README.md for what each tool counts and names.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

// The large tests (npm run test:large) raise it: pffexport needs minutes for a 2 GB file.
const TIMEOUT_MS = Number(process.env.ORACLE_TIMEOUT_MS ?? 180_000);
const MAX_OUTPUT_BYTES = 512 * 1024 * 1024;
const PYTHON = '/usr/bin/python3';

interface Run {
  /** Exit code, or null when the process was killed or never started. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error === null) {
          resolve({ exitCode: 0, stdout, stderr });
          return;
        }
        // execFile reports a non-zero exit as an error carrying the numeric code; a spawn failure carries a string
        // code (ENOENT...), a timeout a signal. Both are turned into text the test can print.
        const code = (error as NodeJS.ErrnoException).code;
        const signal = (error as { signal?: NodeJS.Signals | null }).signal;
        const note = typeof code === 'number' ? '' : `\n[${command}: ${signal ? `killed by ${signal}` : error.message}]`;
        resolve({ exitCode: typeof code === 'number' ? code : null, stdout: stdout ?? '', stderr: (stderr ?? '') + note });
      },
    );
  });
}

// One scratch folder per process for the tools' output; removed when the process exits, so callers may look at
// exported files (e.g. PffFolder.dir) for as long as the test process lives.
let scratchRoot: string | undefined;

function scratchDir(label: string): string {
  if (scratchRoot === undefined) {
    const root = mkdtempSync(path.join(tmpdir(), 'ost-rescue-oracles-'));
    process.on('exit', () => rmSync(root, { recursive: true, force: true }));
    scratchRoot = root;
  }
  return mkdtempSync(path.join(scratchRoot, `${label}-`));
}

const cache = new Map<string, Promise<unknown>>();

/** Runs `compute` once per (tool, mode, file identity); a rewritten file (new size or mtime) is read again. */
function cached<T>(tool: string, mode: string, file: string, compute: (absolute: string) => Promise<T>): Promise<T> {
  const absolute = path.resolve(file);
  let identity = 'missing';
  try {
    const stat = statSync(absolute);
    identity = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // Let the tool itself report the missing file.
  }
  const key = [tool, mode, absolute, identity].join('\0');
  let result = cache.get(key) as Promise<T> | undefined;
  if (result === undefined) {
    result = compute(absolute);
    cache.set(key, result);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// pffexport
// ---------------------------------------------------------------------------------------------------------------

export type PffExportMode = 'items' | 'all';

export interface PffFolder {
  /** Folder display names below the root folder joined by '/'; '' for the root folder itself. */
  path: string;
  /** The same names, unjoined (a display name may itself contain '/'). A folder without a name has ''. */
  names: string[];
  /** The folder's node identifier (NID); null for the root folder, which pffexport never logs. */
  identifier: number | null;
  /** The folder's own exported items (messages, appointments, meetings, contacts, tasks, notes...). */
  items: number;
  /** Node identifiers of those items, in export order. */
  identifiers: number[];
  /** Those items by pffexport's kind: email, appointment, meeting, contact, task, note, activity, document... */
  kinds: Record<string, number>;
  /** Absolute path of the folder's export directory (exists until this process exits). */
  dir: string;
}

export interface PffExportTree {
  /** pffexport exited with 0. */
  ok: boolean;
  exitCode: number | null;
  /** Every folder of the normal tree, in pffexport's order; the root folder (path '') comes first. */
  folders: PffFolder[];
  /** Items exported from the orphans tree (mode 'all' only). */
  orphans: number;
  /** Items exported from the recovered tree (mode 'all' only). */
  recovered: number;
  /** Folders found in the recovered tree (mode 'all' only). */
  recoveredFolders: number;
  /** Message classes of items pffexport saw but did not export (IPM.Post in this version), per item. */
  skipped: string[];
  /** pffexport's own "Unable to ..." complaints from its log and stdout. */
  problems: string[];
  /**
   * Items pffexport could not export only because of their position: it names item directories with five digits
   * ("Message%05d"), so the 100 000th item of a folder fails with "unable to set item directory name" whatever
   * it holds (export_handle_create_default_item_directory). Counted here, not among the problems.
   */
  pastNameLimit: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `pffexport -q -m <mode> -l <log> -t <dir>/out <file>` and maps its export back to folder paths.
 *
 * Layout pffexport 20180714 writes (observed on the fixtures, pst-extractor's files and patched copies):
 * - `<target>.export/` is the root folder; each sub-folder becomes a directory named after its display name, so
 *   the path below `.export/` is the folder path below the root ("Top of Personal Folders/Inbox" in a PST,
 *   "Root - Mailbox/IPM_SUBTREE/Inbox" in an OST). Search roots and other non-IPM folders are exported too.
 * - Folder names are sanitised: '/', '\\', '~', '*', ':', '?', '!', '$', '%', '&', '+', ';', '<', '>', '|', control
 *   characters and 0x7F each become '_'; '"', '.', spaces and non-ASCII (UTF-8) are kept. Names stop at the first
 *   NUL. A name whose (sanitised) directory already exists, including '.' and '..', becomes `FolderNNNNN`, and a
 *   folder without a name also becomes `FolderNNNNN`, NNNNN being the folder's 1-based position among its siblings.
 * - A folder's sub-folders are exported before its items. Each item gets a directory `<Kind>NNNNN` where Kind is
 *   Message (email), Meeting, Appointment, Contact, Task, Note, Activity, Document, DistributionList..., and NNNNN is
 *   its 1-based position in the folder's contents table (shared by all kinds, so skipped items leave gaps).
 *   IPM.Post items are skipped ("Skipped export of item ... IPM.Post") and get no directory.
 * - Attachments go to `<item>/Attachments/` as `N_filename` (or `AttachmentNNNNN` without a file name); an embedded
 *   message becomes `Attachments/AttachmentNNNNN/Message00001/`. Those are not folder items.
 * - Mode 'all' adds `<target>.recovered/` and `<target>.orphans/` (only when there is something to put there),
 *   holding recovered folders (same naming) and items.
 * Since a folder directory cannot be told from an item directory by its name alone (a folder may be called
 * "Message00001"), the mapping is read from pffexport's log (-l), which records for each folder its parent path,
 * display name and directory, and for each item its kind, identifier and the folder directory it went to.
 */
export function pffexportTree(file: string, mode: PffExportMode = 'items'): Promise<PffExportTree> {
  return cached('pffexport', mode, file, async (absolute) => {
    const work = scratchDir('pffexport');
    const target = path.join(work, 'out');
    const logFile = path.join(work, 'log.txt');
    const result = await run('pffexport', ['-q', '-m', mode, '-l', logFile, '-t', target, absolute]);
    let log = '';
    try {
      log = readFileSync(logFile, 'utf8');
    } catch {
      // pffexport rejected the file before writing a log.
    }
    const parsed = parsePffLog(log, target);
    const stdoutProblems = result.stdout.split('\n').filter((line) => /^Unable /.test(line) && !pastNameLimit(line));
    return {
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      ...parsed,
      problems: [...parsed.problems, ...stdoutProblems],
      stdout: result.stdout,
      stderr: result.stderr,
    };
  });
}

/** Whether a pffexport complaint is about an item numbered past its five-digit directory names (see pastNameLimit). */
function pastNameLimit(line: string): boolean {
  const m = /^Unable to export \w+ item: (\d+) out of: \d+\.$/.exec(line);
  return m !== null && Number(m[1]) > 99_999;
}

type PffTreeKind = 'items' | 'recovered' | 'orphans';

interface PffDirectory {
  tree: PffTreeKind;
  /** The folder record for directories of the normal tree; undefined for recovered/orphan folders. */
  folder?: PffFolder;
}

// The log records pffexport writes with -l, read as a token stream because a display name may contain a line
// break: the sanitised name after " as: " cannot contain ':' or control characters, which bounds the raw name.
const LOG_RECORDS: ReadonlyArray<[string, RegExp]> = [
  ['folder', /Processing folder: \d+ \(identifier: (\d+)\) in path: ([^\n]*)\n/y],
  ['name', /Saving folder with name: ([\s\S]*?) as: [^\n:]*\n/y],
  ['unnamed', /Missing folder name defaulting to: [^\n]*\n/y],
  ['dir', /Created directory: ([^\n]*)\.\n/y],
  ['item', /Processing ([A-Za-z ]+): \d+ \(identifier: (\d+)\) in path: ([^\n]*)\n/y],
  ['skipped', /Skipped export of item: \d+ out of: \d+ of type: ([^\n]*) \(0x[0-9a-f]+\)\.\n/y],
  ['problem', /(Unable [^\n]*)\n/y],
  ['other', /[^\n]*\n?/y],
];

function trimSeparator(dir: string): string {
  return dir.endsWith('/') ? dir.slice(0, -1) : dir;
}

function parsePffLog(
  log: string,
  target: string,
): Pick<PffExportTree, 'folders' | 'orphans' | 'recovered' | 'recoveredFolders' | 'skipped' | 'problems' | 'pastNameLimit'> {
  const root: PffFolder = { path: '', names: [], identifier: null, items: 0, identifiers: [], kinds: {}, dir: `${target}.export` };
  const folders: PffFolder[] = [root];
  const dirs = new Map<string, PffDirectory>([
    [`${target}.export`, { tree: 'items', folder: root }],
    [`${target}.recovered`, { tree: 'recovered' }],
    [`${target}.orphans`, { tree: 'orphans' }],
  ]);
  const counts = { orphans: 0, recovered: 0, recoveredFolders: 0 };
  const skipped: string[] = [];
  const problems: string[] = [];
  let pastLimit = 0;
  // The folder announced by "Processing folder" whose directory has not been created yet.
  let pending: { parent: string; identifier: number; name: string } | null = null;

  let position = 0;
  while (position < log.length) {
    let kind = 'other';
    let match: RegExpExecArray | null = null;
    for (const [name, pattern] of LOG_RECORDS) {
      pattern.lastIndex = position;
      match = pattern.exec(log);
      if (match !== null) {
        kind = name;
        break;
      }
    }
    if (match === null || match[0].length === 0) break;
    position += match[0].length;
    const [, first = '', second = '', third = ''] = match;

    switch (kind) {
      case 'folder':
        pending = { parent: trimSeparator(second), identifier: Number(first), name: '' };
        break;
      case 'name':
        if (pending !== null) pending.name = first;
        break;
      case 'unnamed':
        if (pending !== null) pending.name = '';
        break;
      case 'dir': {
        if (pending === null || path.dirname(first) !== pending.parent) break;
        const parent = dirs.get(pending.parent);
        const folderInfo = pending;
        pending = null;
        if (parent === undefined) break;
        if (parent.tree !== 'items') {
          dirs.set(first, { tree: parent.tree });
          if (parent.tree === 'recovered') counts.recoveredFolders += 1;
          break;
        }
        const names = [...(parent.folder?.names ?? []), folderInfo.name];
        const folder: PffFolder = {
          path: names.join('/'),
          names,
          identifier: folderInfo.identifier,
          items: 0,
          identifiers: [],
          kinds: {},
          dir: first,
        };
        folders.push(folder);
        dirs.set(first, { tree: 'items', folder });
        break;
      }
      case 'item': {
        // Items logged in a path that is not a folder directory are embedded messages inside attachments.
        const where = dirs.get(trimSeparator(third));
        if (where === undefined) break;
        if (where.tree === 'recovered') counts.recovered += 1;
        else if (where.tree === 'orphans') counts.orphans += 1;
        else if (where.folder !== undefined) {
          where.folder.items += 1;
          where.folder.identifiers.push(Number(second));
          where.folder.kinds[first] = (where.folder.kinds[first] ?? 0) + 1;
        }
        break;
      }
      case 'skipped':
        skipped.push(first);
        break;
      case 'problem':
        if (pastNameLimit(first)) pastLimit += 1;
        else problems.push(first);
        break;
      default:
        break;
    }
  }
  return { folders, ...counts, skipped, problems, pastNameLimit: pastLimit };
}

// ---------------------------------------------------------------------------------------------------------------
// pypff
// ---------------------------------------------------------------------------------------------------------------

export interface Digest {
  length: number;
  sha256: string;
}

export interface PypffAttachment {
  index: number;
  identifier?: number | null;
  /** PR_ATTACH_LONG_FILENAME, PR_ATTACH_FILENAME and PR_DISPLAY_NAME, when set. */
  longFilename?: string | null;
  filename?: string | null;
  displayName?: string | null;
  /** PR_ATTACH_METHOD: 1 by value, 5 embedded message (whose data here is libpff's raw view, not a message)... */
  method?: number | null;
  size?: number | null;
  data?: Digest | null;
  errors: string[];
}

export interface PypffMessage {
  /** Position in the folder's contents table. */
  index: number;
  /** Node identifier (NID), the same number pffexport logs; null when pypff could not open the item. */
  identifier: number | null;
  /** pypff's Python type for the item ("message" for every kind in this version). */
  kind?: string;
  /** PR_MESSAGE_CLASS, e.g. IPM.Note, IPM.Appointment, IPM.Contact, IPM.Post. */
  messageClass?: string | null;
  /** Subject without the 2-character prefix marker (pypff strips it). */
  subject?: string | null;
  senderName?: string | null;
  senderAddrType?: string | null;
  senderEmail?: string | null;
  senderSmtp?: string | null;
  /** FILETIME values as decimal strings (they exceed 2^53). */
  clientSubmitTime?: string | null;
  deliveryTime?: string | null;
  creationTime?: string | null;
  modificationTime?: string | null;
  /** The plain text body as the UTF-8 bytes libpff returns. */
  plainBody?: Digest | null;
  /** The HTML body bytes as stored. */
  htmlBody?: Digest | null;
  /** Presence (and decompressed length) of the RTF body. */
  rtfBody?: { length: number } | null;
  /** The transport headers (UTF-8 of the string pypff returns). */
  transportHeaders?: Digest | null;
  /** pypff 20180714 has no recipient table API: display properties and transport header To:/Cc: values instead. */
  recipients?: {
    displayTo: string | null;
    displayCc: string | null;
    displayBcc: string | null;
    headerTo: string[];
    headerCc: string[];
  };
  attachments?: PypffAttachment[];
  errors: string[];
}

export interface PypffFolder {
  /** Display names below the root joined by '/'; '' for the root folder, which comes first. */
  path: string;
  names: string[];
  /** The folder's own display name as pypff returns it (null for the root folder of most files). */
  name: string | null;
  identifier: number | null;
  containerClass: string | null;
  /** PR_CONTENT_COUNT and PR_ASSOC_CONTENT_COUNT as stored in the folder's properties. */
  contentCount: number | null;
  assocContentCount: number | null;
  subFolders: number | null;
  /** Rows of the contents table: the folder's normal (non-FAI) items. */
  subMessages: number | null;
  /** Every child node in libpff's item tree: sub-folders, messages and associated (FAI) items. */
  subItems: number | null;
  messages: PypffMessage[];
  errors: string[];
}

export interface PypffDump {
  /** pypff opened the file and read its root folder. */
  ok: boolean;
  /** Why not, when ok is false. */
  error?: string;
  version?: string;
  contentType?: number | null;
  encryptionType?: number | null;
  size?: number | null;
  orphanItems?: number | null;
  /**
   * The message store's display name and the NIDs its entry IDs point at (IPM subtree, Deleted Items, search root);
   * null values where the store lacks them (the pst-extractor OSTs have none of these properties).
   */
  store?: { displayName: string | null; ipmSubtree: number | null; deletedItems: number | null; searchRoot: number | null } | null;
  /** Every folder, depth first, root first. */
  folders: PypffFolder[];
  errors: string[];
  exitCode: number | null;
  stderr: string;
}

/** Path of the Python helper; the build does not copy it to dist/, so it is found from the repository root. */
export function pypffScript(): string {
  return path.join(repoRoot(), 'test', 'support', 'pypff_dump.py');
}

/** Runs test/support/pypff_dump.py on `file` and returns its JSON document (see PypffDump). */
export function pypffDump(file: string): Promise<PypffDump> {
  return cached('pypff', '', file, async (absolute) => {
    const result = await run(PYTHON, [pypffScript(), absolute]);
    let document: Partial<PypffDump>;
    try {
      document = JSON.parse(result.stdout) as Partial<PypffDump>;
    } catch {
      // No JSON at all: Python or libpff died (e.g. a crash inside libpff on a damaged file).
      return {
        ok: false,
        error: `pypff_dump.py printed no JSON (exit ${result.exitCode}): ${result.stderr.trim()}`,
        folders: [],
        errors: [],
        exitCode: result.exitCode,
        stderr: result.stderr,
      };
    }
    return {
      ...document,
      ok: document.ok === true,
      folders: document.folders ?? [],
      errors: document.errors ?? [],
      exitCode: result.exitCode,
      stderr: result.stderr,
    };
  });
}

/**
 * One attachment's bytes as pypff reads them (test/support/pypff_attachment.py), found by the message's NID and
 * the attachment's index; `data` is null and `error` says why when pypff cannot read it.
 */
export async function pypffAttachment(file: string, messageNid: number, index: number): Promise<{ data: Buffer | null; error: string }> {
  const script = path.join(repoRoot(), 'test', 'support', 'pypff_attachment.py');
  const result = await run(PYTHON, [script, path.resolve(file), String(messageNid), String(index)]);
  return result.exitCode === 0 ? { data: Buffer.from(result.stdout, 'base64'), error: '' } : { data: null, error: result.stderr.trim() };
}

/** All messages of a pypff dump, each with the path of its folder. */
export function pypffMessages(dump: PypffDump): Array<PypffMessage & { folder: string }> {
  return dump.folders.flatMap((folder) => folder.messages.map((message) => ({ ...message, folder: folder.path })));
}

// ---------------------------------------------------------------------------------------------------------------
// readpst
// ---------------------------------------------------------------------------------------------------------------

export interface ReadpstSummary {
  /** readpst exited with 0 (it also does so for truncated files it reads partially). */
  ok: boolean;
  exitCode: number | null;
  /** Items written, over all folders. */
  items: number;
  /**
   * Items written per folder directory, keyed by the directory path below the output folder joined by '/'. The top
   * directory is named after the store's display name ("Personal Folders", or the account name of an OST) and
   * stands for the IPM subtree; folders outside it (search roots...) are not written. Empty folders appear with 0.
   */
  perFolder: Map<string, number>;
  /** readpst's end-of-folder reports: '"Inbox" - 10 items done, 13 items skipped.' (done includes sub-folders). */
  reports: Array<{ folder: string; done: number; skipped: number }>;
  /** stderr lines and stdout lines that are not progress reports (readpst prints its errors on stdout). */
  warnings: string[];
  stdout: string;
  stderr: string;
}

const READPST_PROGRESS = /^(Opening PST file and indexes\.\.\.|Processing Folder ".*"|\t".*" - \d+ items done, \d+ items skipped\.)$/;
const READPST_REPORT = /^\t"(.*)" - (\d+) items done, (\d+) items skipped\.$/;

/**
 * Runs `readpst -j 0 -D -M -o <dir> <file>`: -D keeps the Deleted Items folder (skipped by default), -M writes each
 * item as one MH file named by its number (attachments stay inside the MIME text), in one directory per folder, so
 * the item count of a folder is the number of digit-named files in its directory. -j 0 turns off readpst's default
 * parallel mode, which forks per folder and loses items at random (about one run in ten dropped the last items of
 * a folder of enron.pst or of the 2003 "high" PST; sequential runs never did in 60 tries each).
 */
export function readpstSummary(file: string): Promise<ReadpstSummary> {
  return cached('readpst', '', file, async (absolute) => {
    const out = scratchDir('readpst');
    const result = await run('readpst', ['-j', '0', '-D', '-M', '-o', out, absolute]);
    const perFolder = new Map<string, number>();
    countMhFiles(out, '', perFolder);
    const stdoutLines = result.stdout.split('\n').filter((line) => line !== '');
    const reports = stdoutLines.flatMap((line) => {
      const match = READPST_REPORT.exec(line);
      return match === null ? [] : [{ folder: match[1] ?? '', done: Number(match[2]), skipped: Number(match[3]) }];
    });
    const warnings = [
      ...stdoutLines.filter((line) => !READPST_PROGRESS.test(line)),
      ...result.stderr.split('\n').filter((line) => line.trim() !== ''),
    ];
    let items = 0;
    for (const count of perFolder.values()) items += count;
    return {
      ok: result.exitCode === 0,
      exitCode: result.exitCode,
      items,
      perFolder,
      reports,
      warnings,
      stdout: result.stdout,
      stderr: result.stderr,
    };
  });
}

function countMhFiles(dir: string, relative: string, perFolder: Map<string, number>): void {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      countMhFiles(path.join(dir, entry.name), relative === '' ? entry.name : `${relative}/${entry.name}`, perFolder);
    } else if (entry.isFile() && /^\d+$/.test(entry.name)) {
      count += 1;
    }
  }
  if (relative !== '') perFolder.set(relative, count);
}

// ---------------------------------------------------------------------------------------------------------------
// pffinfo
// ---------------------------------------------------------------------------------------------------------------

export interface PffInfo {
  ok: boolean;
  exitCode: number | null;
  /** "Key: value" lines of the report, e.g. "File content type" -> "Offline Storage Tables (OST)". */
  fields: Record<string, string>;
  stdout: string;
  stderr: string;
}

/** Runs `pffinfo <file>`. */
export function pffinfo(file: string): Promise<PffInfo> {
  return cached('pffinfo', '', file, async (absolute) => {
    const result = await run('pffinfo', [absolute]);
    const fields: Record<string, string> = {};
    for (const line of result.stdout.split('\n')) {
      const match = /^\t([^:\t]+):\t+(.*)$/.exec(line);
      if (match !== null) fields[match[1] ?? ''] = match[2] ?? '';
    }
    return { ok: result.exitCode === 0, exitCode: result.exitCode, fields, stdout: result.stdout, stderr: result.stderr };
  });
}
