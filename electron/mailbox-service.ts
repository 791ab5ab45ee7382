/**
 * What the worker does for each call: it owns the open mailbox, the item summaries loaded by the
 * scan and the list views over them. Long calls yield between pages so a cancel message is seen
 * and honoured mid-way, and they check the AbortSignal before every page.
 */

import { writeFile } from 'node:fs/promises';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { DataGap, ItemSummary, ItemView, ScanSummary, WorkerApi } from './contract.js';
import { deepScan, exportableFolders, exportMailbox, openMailbox, RescueError, textFromRtf, type OpenMailbox, type RunControl } from './core-adapter.js';
import { ItemViews } from './item-query.js';

const PAGE = 500;

export type Handlers = {
  [C in keyof WorkerApi]: (req: WorkerApi[C]['req'], control: RunControl) => Promise<WorkerApi[C]['res']>;
};

export function cancelled(): RescueError {
  return new RescueError('cancelled', 'Cancelled. Nothing was changed.');
}

export function createMailboxService(): Handlers {
  /** The chosen file: kept even when its header cannot be read, so a deep scan can still run on it. */
  let path: string | null = null;
  /** The file opened through its header and indexes; null when that failed. */
  let opened: OpenMailbox | null = null;
  /** What the last deep scan rebuilt; the preview and the export use it until the next scan. */
  let recovered: OpenMailbox | null = null;
  let views = new ItemViews(new Map());

  const noFile = () => new RescueError('usage', 'No file is open. Go back to the first step and choose an Outlook data file.');
  const current = (): OpenMailbox => {
    const mb = recovered ?? opened;
    if (!mb) throw noFile();
    return mb;
  };
  const dropRecovered = () => {
    recovered?.close();
    recovered = null;
  };
  const close = () => {
    dropRecovered();
    opened?.close();
    opened = null;
    path = null;
    views = new ItemViews(new Map());
  };

  return {
    async 'mailbox:open'(req) {
      close();
      path = req.path;
      opened = openMailbox(req.path);
      return opened.info;
    },

    async 'mailbox:scan'({ mode }, control) {
      if (!path) throw noFile();
      const started = Date.now();
      const problems: string[] = [];
      let orphans = 0;
      let deleted = 0;
      let carved = 0;
      let mb: OpenMailbox;
      if (mode === 'deep') {
        const scanned = path;
        const r = await deepScan(scanned, control);
        // Another file was opened while this one was being scanned: its findings are not wanted.
        if (path !== scanned) {
          r.mailbox.close();
          throw cancelled();
        }
        dropRecovered();
        recovered = mb = r.mailbox;
        ({ orphans, deleted, carved } = r);
        problems.push(...r.problems);
      } else {
        if (!opened) throw new RescueError('damaged', 'This file\'s header cannot be read, so a quick scan has nothing to start from. Run a deep scan instead.');
        dropRecovered();
        mb = opened;
      }
      views = new ItemViews(new Map());
      const folders = mb.folders();
      // What the folder tree could not give (a damaged index page or folder table), found while walking it.
      if (mode === 'quick') problems.push(...mb.problems());
      // The quick scan walks contents tables, not bytes; progress is reported as the share of the
      // file's size proportional to the items read so far, so one bar fits both scans.
      const expected = folders.reduce((n, f) => n + f.itemCount, 0);
      const fileSize = mb.info.sizeBytes;
      let items = 0;
      const byFolder = new Map<number, ItemSummary[]>();
      for (const folder of folders) {
        const list: ItemSummary[] = [];
        byFolder.set(folder.id, list);
        for (let offset = 0; ; offset += PAGE) {
          if (control.signal?.aborted) throw cancelled();
          let page: ItemSummary[];
          try {
            page = mb.items(folder.id, offset, PAGE);
          } catch (e) {
            problems.push(`${folder.path || folder.name}: only ${list.length} items could be listed (${(e as Error).message})`);
            break;
          }
          list.push(...page);
          items += page.length;
          control.onProgress?.({
            phase: `Reading ${folder.path || folder.name}`,
            bytesDone: Math.min(fileSize, Math.round((fileSize * items) / Math.max(1, expected))),
            bytesTotal: fileSize,
            items,
            itemsTotal: expected,
          });
          await yieldToEvents();
          if (page.length < PAGE) break;
        }
      }
      views = new ItemViews(byFolder);
      const { userRootId, ids } = exportableFolders(mb);
      const summary: ScanSummary = {
        mode,
        info: mb.info,
        storeName: mb.displayName(),
        folders,
        userRootId,
        exportable: ids,
        items,
        orphans,
        deleted,
        carved,
        problems,
        durationMs: Date.now() - started,
      };
      return summary;
    },

    async 'mailbox:list'(query) {
      current();
      return views.page(query);
    },

    async 'mailbox:item'({ id }) {
      const item = current().item(id);
      const { html, text, rtf } = item.body;
      const view: ItemView = html
        ? { item, bodyKind: 'html', body: html }
        : text
          ? { item, bodyKind: 'text', body: text }
          : rtf
            ? { item, bodyKind: 'rtf', body: textFromRtf(rtf) }
            : { item, bodyKind: 'none', body: '' };
      return view;
    },

    async 'mailbox:export'({ output, options }, control) {
      return exportMailbox(current(), output, options, control);
    },

    async 'mailbox:close'() {
      close();
    },

    async 'attachment:write'({ itemId, index, dest }) {
      // A damaged block costs only its bytes: the file is written at full length with them zeroed,
      // and the gaps go back so the user is told which bytes are blank.
      const gaps: DataGap[] = [];
      await writeFile(dest, current().attachmentContent(itemId, index, (gap) => gaps.push(gap)));
      return gaps;
    },
  };
}

