/**
 * The one IPC contract between the renderer, the preload bridge, main and the worker. Main's
 * handlers, the preload's bridge, the renderer's client and the worker's handlers are all typed
 * from these maps, so renaming a channel or changing a payload is a compile error on every side.
 */

import type { ConvertOptions, ConvertReport, FileInfo, FolderInfo, ItemDetail, ItemSummary, Progress, PropertyView } from '../core/model.js';
import type { ProblemKind } from '../core/errors.js';
import type { LostValue, PartialValue } from '../core/messaging/objects.js';
import type { DataGap } from '../core/ndb/salvage.js';

export type { ConvertOptions, ConvertReport, DataGap, FileInfo, FolderInfo, ItemDetail, ItemSummary, LostValue, PartialValue, Progress, PropertyView, ProblemKind };

export type ScanMode = 'quick' | 'deep';
export type SortKey = 'date' | 'sender' | 'subject' | 'size';

export interface ScanSummary {
  mode: ScanMode;
  /** What the scan read; after a deep scan, the rebuilt file (its header may have been inferred). */
  info: FileInfo;
  /** The mailbox's name, as Outlook shows it at the top of the folder pane. */
  storeName: string;
  folders: FolderInfo[];
  /** The top of the user's folders (a PST's "Top of Outlook data file", an OST's IPM_SUBTREE). */
  userRootId: number | null;
  /**
   * The folders an export can write items from: the user's folders and "Recovered Items". The rest
   * (Exchange's Finder, Views, Root - Public…) are only listed, never exported.
   */
  exportable: number[];
  items: number;
  /** Items that came back from orphaned or deleted structures, or were carved from loose blocks (deep scan only). */
  orphans: number;
  deleted: number;
  carved: number;
  problems: string[];
  durationMs: number;
}

/** How the item list is sorted and filtered (the renderer keeps one per session). */
export interface ListFilter {
  sort: SortKey;
  descending: boolean;
  /** Matched against subject, sender and recipients, case-insensitively. */
  text: string;
  /** Inclusive ISO dates (yyyy-mm-dd) or null. */
  from: string | null;
  to: string | null;
  attachmentsOnly: boolean;
}

/** One window of the item list: the worker sorts and filters; the renderer shows rows. */
export interface ListQuery extends ListFilter {
  folderId: number;
  offset: number;
  limit: number;
}

export interface ListPage {
  total: number;
  offset: number;
  rows: ItemSummary[];
}

/** An item as the reading pane shows it: the body already chosen and RTF turned into text. */
export interface ItemView {
  item: ItemDetail;
  bodyKind: 'html' | 'text' | 'rtf' | 'none';
  /** HTML for 'html', plain text otherwise. */
  body: string;
}

export interface FoundFile {
  path: string;
  name: string;
  sizeBytes: number;
  modified: string;
  /** Which usual place it was found in, e.g. "Outlook (Local AppData)". */
  place: string;
}

export interface AppInfo {
  version: string;
  platform: string;
  /** The bundled sample, when this build has one. */
  samplePath: string | null;
}

/** An attachment written where the user chose. */
export interface SavedAttachment {
  path: string;
  /** The stretches that could not be read: zeros in the saved file, which keeps its full length. Empty when it was read whole. */
  gaps: DataGap[];
}

export interface SaveTarget {
  path: string;
  /** The file is already there and the export will replace it. */
  exists: boolean;
}

export interface ExportRequest {
  requestId: string;
  output: string;
  options: ConvertOptions;
}

/** Renderer → main calls that main answers itself. */
export interface MainCalls {
  'app:info': { req: void; res: AppInfo };
  'files:find': { req: void; res: FoundFile[] };
  'dialog:openMailbox': { req: void; res: string | null };
  'dialog:exportTarget': { req: { suggestedName: string }; res: SaveTarget | null };
  'attachment:save': { req: { itemId: number; index: number; filename: string }; res: SavedAttachment | null };
  'report:save': { req: { report: ConvertReport; suggestedName: string }; res: string | null };
  'op:cancel': { req: { requestId: string }; res: void };
  'shell:showInFolder': { req: { path: string }; res: void };
  'shell:openLink': { req: { url: string }; res: void };
}

/** Renderer → main calls that main hands to the worker unchanged. */
export interface WorkerCalls {
  'mailbox:open': { req: { path: string }; res: FileInfo };
  'mailbox:scan': { req: { requestId: string; mode: ScanMode }; res: ScanSummary };
  'mailbox:list': { req: ListQuery; res: ListPage };
  'mailbox:item': { req: { id: number }; res: ItemView };
  'mailbox:export': { req: ExportRequest; res: ConvertReport };
  'mailbox:close': { req: void; res: void };
}

export type Calls = MainCalls & WorkerCalls;
export type Channel = keyof Calls;
export type Req<C extends Channel> = Calls[C]['req'];
export type Res<C extends Channel> = Calls[C]['res'];

/** Calls only main makes to the worker (never reachable from the renderer). */
export interface WorkerOnlyCalls {
  /** Answers with the stretches that could not be read (written as zeros). */
  'attachment:write': { req: { itemId: number; index: number; dest: string }; res: DataGap[] };
}
export type WorkerApi = WorkerCalls & WorkerOnlyCalls;

// Records keyed by every channel, so a channel added to a call map without being listed here
// (and so never registered by main nor allowed by the preload) is a compile error.
const WORKER_CHANNEL_SET: Record<keyof WorkerCalls, true> = {
  'mailbox:open': true,
  'mailbox:scan': true,
  'mailbox:list': true,
  'mailbox:item': true,
  'mailbox:export': true,
  'mailbox:close': true,
};
const MAIN_CHANNEL_SET: Record<keyof MainCalls, true> = {
  'app:info': true,
  'files:find': true,
  'dialog:openMailbox': true,
  'dialog:exportTarget': true,
  'attachment:save': true,
  'report:save': true,
  'op:cancel': true,
  'shell:showInFolder': true,
  'shell:openLink': true,
};
export const WORKER_CHANNELS = Object.keys(WORKER_CHANNEL_SET) as (keyof WorkerCalls)[];
export const MAIN_CHANNELS = Object.keys(MAIN_CHANNEL_SET) as (keyof MainCalls)[];

/** Every call answers with a result, never a thrown IPC error, so the renderer gets sentences. */
export interface Failure {
  kind: ProblemKind | 'internal';
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: Failure };

/** Main → renderer pushes. */
export interface Events {
  progress: { requestId: string; progress: Progress };
  /** A file arrived from the OS: double-click, "Open with", a second launch or File ▸ Open. */
  'open-file': { path: string };
  'menu:open': void;
  'menu:start-over': void;
}
export type EventName = keyof Events;

/** The end of an Outlook data file's name: what main takes from the command line, the usual places list and the renderer's hints test. */
export const OUTLOOK_EXTENSION = /\.(ost|pst)$/i;

/** IPC channel names: one invoke channel per call, one for pushes. */
export const INVOKE_PREFIX = 'rescue:';
export const EVENT_CHANNEL = 'rescue:event';
export interface EventEnvelope<E extends EventName = EventName> {
  name: E;
  payload: Events[E];
}

/** What the preload exposes as `window.rescue`. */
export interface Bridge {
  call<C extends Channel>(channel: C, req: Req<C>): Promise<Result<Res<C>>>;
  on<E extends EventName>(name: E, listener: (payload: Events[E]) => void): () => void;
  /** The filesystem path of a dropped File (Electron's webUtils). */
  pathForFile(file: File): string;
}

/** Main ↔ worker messages (the worker protocol, pdf.js-style: ids, streamed progress, cancel). */
export type ToWorker =
  | { type: 'call'; id: number; channel: keyof WorkerApi; req: unknown }
  | { type: 'cancel'; id: number };
export type FromWorker =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'progress'; id: number; progress: Progress };
