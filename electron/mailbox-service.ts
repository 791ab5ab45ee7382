/**
 * What the worker does for each call: it owns the open mailbox, the item summaries loaded by the
 * scan and the list views over them. Long calls yield between pages so a cancel message is seen
 * and honoured mid-way, and they check the AbortSignal before every page.
 */

import { writeFile } from 'node:fs/promises';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import type { FolderInfo, ItemSummary, ItemView, ScanSummary, WorkerApi } from './contract.js';
import { deepScan, exportPst, openMailbox, RescueError, type OpenMailbox, type RunControl } from './core-adapter.js';
import { ItemViews } from './item-query.js';
import { rtfToText } from './rtf-text.js';

const PAGE = 500;

export type Handlers = {
  [C in keyof WorkerApi]: (req: WorkerApi[C]['req'], control: RunControl) => Promise<WorkerApi[C]['res']>;
};

export function cancelled(): RescueError {
  return new RescueError('cancelled', 'Cancelled. Nothing was changed.');
}

export function createMailboxService(): Handlers {
  let mailbox: OpenMailbox | null = null;
  let views = new ItemViews(new Map());

  const current = (): OpenMailbox => {
    if (!mailbox) throw new RescueError('usage', 'No file is open. Go back to the first step and choose an Outlook data file.');
    return mailbox;
  };
  const close = () => {
    mailbox?.close();
    mailbox = null;
    views = new ItemViews(new Map());
  };

  return {
    async 'mailbox:open'({ path }) {
      close();
      mailbox = openMailbox(path);
      return mailbox.info;
    },

    async 'mailbox:scan'({ mode }, control) {
      const mb = current();
      const started = Date.now();
      let folders: FolderInfo[] = mb.folders();
      const summary: ScanSummary = { mode, folders, items: 0, orphans: 0, deleted: 0, problems: [], durationMs: 0 };
      if (mode === 'deep') {
        const r = await deepScan(mb.info.path, control);
        folders = summary.folders = r.folders;
        Object.assign(summary, { orphans: r.orphans, deleted: r.deleted, problems: [...r.problems] });
      }
      // The quick scan walks contents tables, not bytes; progress is reported as the share of the
      // file's size proportional to the items read so far, so one bar fits both scans.
      const expected = folders.reduce((n, f) => n + f.itemCount, 0);
      const fileSize = mb.info.sizeBytes;
      const live = new Set(mb.folders().map((f) => f.id));
      const byFolder = new Map<number, ItemSummary[]>();
      for (const folder of folders) {
        const list: ItemSummary[] = [];
        byFolder.set(folder.id, list);
        // Folders only the deep scan found are counted but cannot be listed yet (core-adapter.ts).
        if (!live.has(folder.id)) {
          summary.items += folder.itemCount;
          continue;
        }
        for (let offset = 0; ; offset += PAGE) {
          if (control.signal?.aborted) throw cancelled();
          let page: ItemSummary[];
          try {
            page = mb.items(folder.id, offset, PAGE);
          } catch (e) {
            summary.problems.push(`${folder.path || folder.name}: only ${list.length} items could be listed (${(e as Error).message})`);
            break;
          }
          list.push(...page);
          summary.items += page.length;
          control.onProgress?.({
            phase: `Reading ${folder.path || folder.name}`,
            bytesDone: Math.min(fileSize, Math.round((fileSize * summary.items) / Math.max(1, expected))),
            bytesTotal: fileSize,
            items: summary.items,
            itemsTotal: expected,
          });
          await yieldToEvents();
          if (page.length < PAGE) break;
        }
      }
      views = new ItemViews(byFolder);
      summary.durationMs = Date.now() - started;
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
            ? { item, bodyKind: 'rtf', body: rtfToText(rtf) }
            : { item, bodyKind: 'none', body: '' };
      return view;
    },

    async 'mailbox:export'({ output, options }, control) {
      const source = current().info.path;
      return exportPst(source, output, options, control);
    },

    async 'mailbox:close'() {
      close();
    },

    async 'attachment:write'({ itemId, index, dest }) {
      await writeFile(dest, current().attachmentContent(itemId, index));
    },
  };
}

