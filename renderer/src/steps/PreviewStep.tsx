/** Step 3: browse what the scan found: folders to tick, a sortable, searchable list, and the reader. */

import { useEffect, useState, type ReactElement } from 'react';
import type { SortKey } from '../../../electron/contract.js';
import { FolderTree } from '../components/FolderTree.js';
import { ItemList } from '../components/ItemList.js';
import { ReadingPane } from '../components/ReadingPane.js';
import { count } from '../format.js';
import { Icon } from '../icons.js';
import { useStore } from '../store.js';

const SORTS: { id: SortKey; label: string }[] = [
  { id: 'date', label: 'Date' },
  { id: 'sender', label: 'From' },
  { id: 'subject', label: 'Subject' },
  { id: 'size', label: 'Size' },
];

function FilterBar(): ReactElement {
  const { filter, setFilter } = useStore();
  // Typing is debounced so each keystroke does not re-sort a large folder.
  const [text, setText] = useState(filter.text);
  useEffect(() => setText(filter.text), [filter.text]);
  useEffect(() => {
    const t = setTimeout(() => text !== filter.text && setFilter({ text }), 200);
    return () => clearTimeout(t);
  }, [text, filter.text, setFilter]);

  return (
    <div className="filters" role="search">
      <label className="search">
        <Icon name="search" size={16} />
        <span className="sr-only">Search</span>
        <input type="search" placeholder="Search subject, sender, recipients" value={text} onChange={(e) => setText(e.target.value)} data-testid="search" />
      </label>
      <label className="field">
        <span className="sr-only">Sort by</span>
        <select value={filter.sort} onChange={(e) => setFilter({ sort: e.target.value as SortKey })} data-testid="sort">
          {SORTS.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        className="btn icon-only"
        onClick={() => setFilter({ descending: !filter.descending })}
        aria-label={filter.descending ? 'Descending; switch to ascending' : 'Ascending; switch to descending'}
        title={filter.descending ? 'Descending' : 'Ascending'}
      >
        <Icon name={filter.descending ? 'sortDown' : 'sortUp'} size={16} />
      </button>
      <label className="field">
        <span>From</span>
        <input type="date" value={filter.from ?? ''} onChange={(e) => setFilter({ from: e.target.value || null })} />
      </label>
      <label className="field">
        <span>To</span>
        <input type="date" value={filter.to ?? ''} onChange={(e) => setFilter({ to: e.target.value || null })} />
      </label>
      <label className="toggle">
        <input type="checkbox" checked={filter.attachmentsOnly} onChange={(e) => setFilter({ attachmentsOnly: e.target.checked })} />
        <Icon name="clip" size={14} /> With attachments
      </label>
    </div>
  );
}

export function PreviewStep(): ReactElement {
  const { scan, folderId, filter, itemId, checked } = useStore();
  if (!scan) return <p className="muted">Run a scan first.</p>;
  const tickedItems = scan.folders.filter((f) => checked.has(f.id)).reduce((n, f) => n + f.itemCount, 0);
  return (
    <div className="preview">
      <aside className="pane folders-pane">
        <div className="pane-head">
          <h2>Folders</h2>
          <span className="muted small" data-testid="ticked">
            {count(tickedItems)} items to export
          </span>
        </div>
        <FolderTree scan={scan} />
      </aside>
      <FilterBar />
      <section className="pane list-pane">
        {folderId !== null ? <ItemList folderId={folderId} filter={filter} /> : <p className="muted pad">Choose a folder.</p>}
      </section>
      <section className="pane read-pane">
        <ReadingPane itemId={itemId} />
      </section>
    </div>
  );
}
