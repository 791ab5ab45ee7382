/**
 * The wizard's state and the actions that move it. Every async action captures the session epoch
 * and drops its result if the user opened another file or started over meanwhile, so nothing stale
 * lands on screen.
 */

import { create } from 'zustand';
import {
  OUTLOOK_EXTENSION,
  type AppInfo,
  type ConvertReport,
  type Failure,
  type FileInfo,
  type FolderInfo,
  type FoundFile,
  type ListFilter,
  type Progress,
  type SaveTarget,
  type ScanMode,
  type ScanSummary,
} from '../../electron/contract.js';
import { call, newRequestId, toFailure } from './bridge.js';

export type Step = 'locate' | 'scan' | 'preview' | 'export';
export const STEPS: readonly { id: Step; label: string }[] = [
  { id: 'locate', label: 'Locate' },
  { id: 'scan', label: 'Scan' },
  { id: 'preview', label: 'Preview' },
  { id: 'export', label: 'Export' },
];

export interface Run {
  requestId: string;
  startedAt: number;
  progress: Progress | null;
}

export interface ExportOptions {
  /** 0 = one file. */
  splitGb: number;
  dedupe: boolean;
}

interface Data {
  step: Step;
  epoch: number;
  app: AppInfo | null;
  found: FoundFile[] | null;
  /** The chosen file, while opening and once inspected. */
  file: { path: string; info: FileInfo | null; opening: boolean; error: Failure | null } | null;
  scanMode: ScanMode;
  scanRun: Run | null;
  scan: ScanSummary | null;
  scanError: Failure | null;
  folderId: number | null;
  /** Folders ticked for export: always a subset of the scan's exportable folders. */
  checked: ReadonlySet<number>;
  filter: ListFilter;
  itemId: number | null;
  target: SaveTarget | null;
  options: ExportOptions;
  exportRun: Run | null;
  report: ConvertReport | null;
  exportError: Failure | null;
}

interface Actions {
  init(): Promise<void>;
  go(step: Step): void;
  openFile(path: string): Promise<void>;
  browse(): Promise<void>;
  /** For a file whose header cannot be read: straight to a deep scan, which does not need it. */
  deepScanAnyway(): void;
  setScanMode(mode: ScanMode): void;
  startScan(): Promise<void>;
  cancelScan(): void;
  selectFolder(id: number): void;
  toggleChecked(id: number): void;
  setFilter(patch: Partial<ListFilter>): void;
  selectItem(id: number | null): void;
  chooseTarget(): Promise<void>;
  setOptions(patch: Partial<ExportOptions>): void;
  startExport(): Promise<void>;
  cancelExport(): void;
  startOver(): void;
  progress(requestId: string, p: Progress): void;
}

export type State = Data & Actions;

const DEFAULT_FILTER: ListFilter = { sort: 'date', descending: true, text: '', from: null, to: null, attachmentsOnly: false };

/** Everything that belongs to one file; replaced whole when a file is opened or on start over. */
function freshSession(): Omit<Data, 'epoch' | 'app' | 'found' | 'step'> {
  return {
    file: null,
    scanMode: 'quick',
    scanRun: null,
    scan: null,
    scanError: null,
    folderId: null,
    checked: new Set(),
    filter: DEFAULT_FILTER,
    itemId: null,
    target: null,
    options: { splitGb: 0, dedupe: true },
    exportRun: null,
    report: null,
    exportError: null,
  };
}

/** All descendants of a folder, the folder included. */
export function subtree(folders: readonly FolderInfo[], id: number): number[] {
  const out = [id];
  for (let i = 0; i < out.length; i++) for (const f of folders) if (f.parentId === out[i]) out.push(f.id);
  return out;
}

/** Kinds of failure to open a file after which a deep scan may still find mail in it. */
export const DEEP_SCAN_CAN_TRY: ReadonlySet<Failure['kind']> = new Set(['not-outlook', 'damaged', 'truncated', 'unsupported']);

export const useStore = create<State>()((set, get) => {
  /** Runs `fn` and applies its result only if the session is still the one it started in. */
  const current = (epoch: number) => get().epoch === epoch;

  return {
    step: 'locate',
    epoch: 0,
    app: null,
    found: null,
    ...freshSession(),

    async init() {
      const [app, found] = await Promise.all([call('app:info', undefined), call('files:find', undefined).catch(() => [])]);
      set({ app, found });
    },

    go(step) {
      set({ step });
    },

    async openFile(path) {
      const epoch = get().epoch + 1;
      set({ ...freshSession(), epoch, step: 'locate', file: { path, info: null, opening: true, error: null } });
      try {
        const info = await call('mailbox:open', { path });
        if (current(epoch)) set({ file: { path, info, opening: false, error: null }, scanMode: info.healthy ? 'quick' : 'deep' });
      } catch (e) {
        if (current(epoch)) set({ file: { path, info: null, opening: false, error: toFailure(e) } });
      }
    },

    async browse() {
      try {
        const path = await call('dialog:openMailbox', undefined);
        if (path) await get().openFile(path);
      } catch (e) {
        set({ file: { path: '', info: null, opening: false, error: toFailure(e) } });
      }
    },

    deepScanAnyway() {
      set({ scanMode: 'deep', scan: null, scanError: null, step: 'scan' });
    },

    setScanMode(scanMode) {
      set({ scanMode, scan: null, scanError: null });
    },

    async startScan() {
      const { epoch, scanMode } = get();
      const run: Run = { requestId: newRequestId(), startedAt: Date.now(), progress: null };
      set({ scanRun: run, scan: null, scanError: null, itemId: null, folderId: null });
      try {
        const scan = await call('mailbox:scan', { requestId: run.requestId, mode: scanMode });
        if (!current(epoch)) return;
        const exportable = new Set(scan.exportable);
        const first = scan.folders.find((f) => exportable.has(f.id) && f.itemCount > 0) ?? scan.folders.find((f) => exportable.has(f.id)) ?? scan.folders[0];
        set({ scan, scanRun: null, checked: new Set(scan.exportable), folderId: first?.id ?? null, filter: DEFAULT_FILTER });
      } catch (e) {
        if (current(epoch)) set({ scanRun: null, scanError: toFailure(e) });
      }
    },

    cancelScan() {
      const run = get().scanRun;
      if (run) void call('op:cancel', { requestId: run.requestId });
    },

    selectFolder(folderId) {
      set({ folderId, itemId: null });
    },

    toggleChecked(id) {
      const { scan, checked } = get();
      if (!scan) return;
      // A folder's box stands for the exportable folders in its subtree: ticked when all of them are.
      const exportable = new Set(scan.exportable);
      const ids = subtree(scan.folders, id).filter((f) => exportable.has(f));
      const on = !ids.every((f) => checked.has(f));
      const next = new Set(checked);
      for (const f of ids) if (on) next.add(f); else next.delete(f);
      set({ checked: next });
    },

    setFilter(patch) {
      // The open item stays open while the list is narrowed or re-sorted around it.
      set({ filter: { ...get().filter, ...patch } });
    },

    selectItem(itemId) {
      set({ itemId });
    },

    async chooseTarget() {
      const { scan } = get();
      const base = (scan?.info.fileName ?? 'mailbox').replace(OUTLOOK_EXTENSION, '');
      try {
        const target = await call('dialog:exportTarget', { suggestedName: `${base} (recovered).pst` });
        if (target) set({ target, exportError: null, report: null });
      } catch (e) {
        set({ exportError: toFailure(e) });
      }
    },

    setOptions(patch) {
      set({ options: { ...get().options, ...patch } });
    },

    async startExport() {
      const { epoch, target, options, scan, checked } = get();
      if (!target || !scan) return;
      const run: Run = { requestId: newRequestId(), startedAt: Date.now(), progress: null };
      set({ exportRun: run, report: null, exportError: null });
      try {
        const report = await call('mailbox:export', {
          requestId: run.requestId,
          output: target.path,
          options: {
            // Exactly the ticked folders: "this folder but not that subfolder" is kept as ticked.
            folderIds: [...checked],
            splitSizeBytes: options.splitGb > 0 ? options.splitGb * 1024 ** 3 : undefined,
            dedupe: options.dedupe,
            force: target.exists,
            verify: true,
          },
        });
        if (current(epoch)) set({ report, exportRun: null });
      } catch (e) {
        if (current(epoch)) set({ exportRun: null, exportError: toFailure(e) });
      }
    },

    cancelExport() {
      const run = get().exportRun;
      if (run) void call('op:cancel', { requestId: run.requestId });
    },

    startOver() {
      const { scanRun, exportRun } = get();
      for (const run of [scanRun, exportRun]) if (run) void call('op:cancel', { requestId: run.requestId });
      void call('mailbox:close', undefined);
      set({ ...freshSession(), epoch: get().epoch + 1, step: 'locate' });
      void call('files:find', undefined).then((found) => set({ found }), () => undefined);
    },

    progress(requestId, progress) {
      const { scanRun, exportRun } = get();
      if (scanRun?.requestId === requestId) set({ scanRun: { ...scanRun, progress } });
      else if (exportRun?.requestId === requestId) set({ exportRun: { ...exportRun, progress } });
    },
  };
});
