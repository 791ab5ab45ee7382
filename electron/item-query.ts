/**
 * Sorting, searching and filtering a folder's item summaries for the list view. It runs in the
 * worker next to the summaries, so a 100 000-item folder never crosses IPC whole: the renderer asks
 * for windows of rows and the last view is cached so scrolling is a slice.
 */

import type { ItemSummary, ListPage, ListQuery, SortKey } from './contract.js';

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const compare: Record<SortKey, (a: ItemSummary, b: ItemSummary) => number> = {
  // ISO 8601 strings order like the times they spell; undated items sort as oldest.
  date: (a, b) => (a.date ?? '').localeCompare(b.date ?? ''),
  sender: (a, b) => collator.compare(a.senderName || a.senderEmail, b.senderName || b.senderEmail),
  subject: (a, b) => collator.compare(a.subject, b.subject),
  size: (a, b) => a.size - b.size,
};

function matches(item: ItemSummary, q: ListQuery, needle: string): boolean {
  if (q.attachmentsOnly && !item.hasAttachments) return false;
  if (q.from || q.to) {
    const day = item.date?.slice(0, 10);
    if (!day) return false;
    if (q.from && day < q.from) return false;
    if (q.to && day > q.to) return false;
  }
  if (!needle) return true;
  return (
    item.subject.toLowerCase().includes(needle) ||
    item.senderName.toLowerCase().includes(needle) ||
    item.senderEmail.toLowerCase().includes(needle) ||
    item.to.toLowerCase().includes(needle)
  );
}

export class ItemViews {
  private cacheKey = '';
  private cached: ItemSummary[] = [];

  constructor(private readonly byFolder: ReadonlyMap<number, readonly ItemSummary[]>) {}

  page(q: ListQuery): ListPage {
    const key = JSON.stringify([q.folderId, q.sort, q.descending, q.text, q.from, q.to, q.attachmentsOnly]);
    if (key !== this.cacheKey) {
      const needle = q.text.trim().toLowerCase();
      const cmp = compare[q.sort];
      const dir = q.descending ? -1 : 1;
      this.cached = (this.byFolder.get(q.folderId) ?? [])
        .filter((it) => matches(it, q, needle))
        .sort((a, b) => dir * cmp(a, b) || a.id - b.id);
      this.cacheKey = key;
    }
    const offset = Math.max(0, Math.min(q.offset, this.cached.length));
    return { total: this.cached.length, offset, rows: this.cached.slice(offset, offset + Math.max(0, q.limit)) };
  }
}
