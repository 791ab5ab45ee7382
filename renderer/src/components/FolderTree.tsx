/**
 * The folder tree: click a folder to list its items, tick folders to export them (ticking a folder
 * ticks its subfolders). Arrow keys move between folders, Space ticks, Left/Right fold.
 */

import { useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { FolderInfo } from '../../../electron/contract.js';
import { count } from '../format.js';
import { Icon } from '../icons.js';
import { subtree, useStore } from '../store.js';

interface Row {
  folder: FolderInfo;
  depth: number;
  hasChildren: boolean;
}

function rows(folders: readonly FolderInfo[], collapsed: ReadonlySet<number>): Row[] {
  const children = new Map<number | null, FolderInfo[]>();
  const ids = new Set(folders.map((f) => f.id));
  for (const f of folders) {
    const parent = f.parentId !== null && ids.has(f.parentId) ? f.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), f]);
  }
  const out: Row[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const f of children.get(parent) ?? []) {
      const kids = children.get(f.id) ?? [];
      out.push({ folder: f, depth, hasChildren: kids.length > 0 });
      if (!collapsed.has(f.id)) walk(f.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

export function FolderTree({ folders }: { folders: readonly FolderInfo[] }): ReactElement {
  const { folderId, selectFolder, checked, toggleChecked } = useStore();
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const visible = useMemo(() => rows(folders, collapsed), [folders, collapsed]);

  const fold = (id: number, open: boolean) => {
    const next = new Set(collapsed);
    if (open) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };

  const onKey = (e: KeyboardEvent, i: number) => {
    const row = visible[i]!;
    const focus = (j: number) => {
      const target = visible[j];
      if (!target) return;
      selectFolder(target.folder.id);
      document.getElementById(`folder-${target.folder.id}`)?.focus();
    };
    if (e.key === 'ArrowDown') focus(i + 1);
    else if (e.key === 'ArrowUp') focus(i - 1);
    else if (e.key === 'ArrowRight' && row.hasChildren) fold(row.folder.id, true);
    else if (e.key === 'ArrowLeft' && row.hasChildren) fold(row.folder.id, false);
    else if (e.key === ' ') toggleChecked(row.folder.id);
    else return;
    e.preventDefault();
  };

  return (
    <ul className="tree" role="tree" aria-label="Folders">
      {visible.map((row, i) => {
        const { folder: f } = row;
        const ids = subtree(folders, f.id);
        const ticked = ids.filter((id) => checked.has(id)).length;
        const selected = f.id === folderId;
        return (
          <li
            key={f.id}
            id={`folder-${f.id}`}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-label={`${f.name || 'Top of data file'}, ${count(f.itemCount)} items`}
            aria-selected={selected}
            aria-expanded={row.hasChildren ? !collapsed.has(f.id) : undefined}
            tabIndex={selected || (folderId === null && i === 0) ? 0 : -1}
            className={`tree-row ${selected ? 'selected' : ''}`}
            style={{ paddingLeft: 8 + row.depth * 16 }}
            onClick={() => selectFolder(f.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            <button
              type="button"
              tabIndex={-1}
              className={`twisty ${row.hasChildren ? '' : 'none'} ${collapsed.has(f.id) ? '' : 'open'}`}
              aria-hidden="true"
              onClick={(e) => {
                e.stopPropagation();
                if (row.hasChildren) fold(f.id, collapsed.has(f.id));
              }}
            >
              <Icon name="chevron" size={14} />
            </button>
            <input
              type="checkbox"
              tabIndex={-1}
              aria-label={`Export ${f.name}`}
              checked={ticked === ids.length}
              ref={(el) => {
                if (el) el.indeterminate = ticked > 0 && ticked < ids.length;
              }}
              onClick={(e) => e.stopPropagation()}
              onChange={() => toggleChecked(f.id)}
            />
            <Icon name={f.source === 'live' ? 'folder' : 'sparkle'} size={16} className="folder-icon" />
            <span className="tree-name">{f.name || 'Top of data file'}</span>
            {f.itemCount > 0 && <span className="badge">{count(f.itemCount)}</span>}
          </li>
        );
      })}
    </ul>
  );
}
