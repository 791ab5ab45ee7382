/**
 * The folder pane. On top, the tree people know from Outlook: the mailbox with its folders (the
 * IPM subtree) and "Recovered Items"; ticking a folder ticks its subfolders, and each folder can
 * be unticked on its own ("this folder but not that subfolder"). Below, collapsed and without
 * boxes, the folders an export never writes (Exchange's Finder, Views, Root - Public…): they can
 * be opened and read, but they are plainly not part of the export. Arrow keys move between
 * folders, Space ticks, Left/Right fold.
 */

import { useMemo, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { FolderInfo, ScanSummary } from '../../../electron/contract.js';
import { count } from '../format.js';
import { Icon } from '../icons.js';
import { subtree, useStore } from '../store.js';

interface Row {
  folder: FolderInfo;
  depth: number;
  hasChildren: boolean;
}

/** The members as a forest (a member whose parent is not a member is a root), depth first. */
function rows(members: readonly FolderInfo[], collapsed: ReadonlySet<number>): Row[] {
  const children = new Map<number | null, FolderInfo[]>();
  const ids = new Set(members.map((f) => f.id));
  for (const f of members) {
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

interface TreeProps {
  label: string;
  rows: Row[];
  collapsed: ReadonlySet<number>;
  fold(id: number, open: boolean): void;
  /** The name to show for a folder (the mailbox's own name for the top of its folders). */
  nameOf(f: FolderInfo): string;
  /** The exportable folders a row's box stands for; none for folders that are never exported. */
  boxOf(f: FolderInfo): number[];
  testId: string;
}

function Tree({ label, rows: visible, collapsed, fold, nameOf, boxOf, testId }: TreeProps): ReactElement {
  const { folderId, selectFolder, checked, toggleChecked } = useStore();

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
    else if (e.key === ' ' && boxOf(row.folder).length > 0) toggleChecked(row.folder.id);
    else return;
    e.preventDefault();
  };

  return (
    <ul className="tree" role="tree" aria-label={label} data-testid={testId}>
      {visible.map((row, i) => {
        const { folder: f } = row;
        const name = nameOf(f);
        const box = boxOf(f);
        const ticked = box.filter((id) => checked.has(id)).length;
        const selected = f.id === folderId;
        return (
          <li
            key={f.id}
            id={`folder-${f.id}`}
            role="treeitem"
            aria-level={row.depth + 1}
            aria-label={`${name}, ${count(f.itemCount)} items`}
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
            {box.length > 0 && (
              <input
                type="checkbox"
                tabIndex={-1}
                aria-label={`Export ${name}`}
                checked={ticked === box.length}
                ref={(el) => {
                  if (el) el.indeterminate = ticked > 0 && ticked < box.length;
                }}
                onClick={(e) => e.stopPropagation()}
                onChange={() => toggleChecked(f.id)}
              />
            )}
            <Icon name={f.source === 'live' ? 'folder' : 'rescue'} size={16} className="folder-icon" />
            <span className="tree-name" title={name}>{name}</span>
            {f.itemCount > 0 && <span className="badge">{count(f.itemCount)}</span>}
          </li>
        );
      })}
    </ul>
  );
}

export function FolderTree({ scan }: { scan: ScanSummary }): ReactElement {
  const { folders, userRootId, exportable, storeName } = scan;
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(new Set());
  const [showOthers, setShowOthers] = useState(false);

  const { mine, others, exportableSet } = useMemo(() => {
    const exportableSet = new Set(exportable);
    const inTree = (f: FolderInfo) => exportableSet.has(f.id) || f.id === userRootId;
    return { mine: folders.filter(inTree), others: folders.filter((f) => !inTree(f)), exportableSet };
  }, [folders, exportable, userRootId]);
  const mineRows = useMemo(() => rows(mine, collapsed), [mine, collapsed]);
  const otherRows = useMemo(() => rows(others, collapsed), [others, collapsed]);

  const fold = (id: number, open: boolean) => {
    const next = new Set(collapsed);
    if (open) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };
  const nameOf = (f: FolderInfo) => (f.id === userRootId ? storeName : f.name || 'Top of data file');
  const boxOf = (f: FolderInfo) => subtree(folders, f.id).filter((id) => exportableSet.has(id));
  const none = () => [];

  return (
    <div className="trees">
      <Tree label="Folders to export" rows={mineRows} collapsed={collapsed} fold={fold} nameOf={nameOf} boxOf={boxOf} testId="export-tree" />
      {others.length > 0 && (
        <section className="other-folders" aria-label="Other folders">
          <button type="button" className="other-toggle" aria-expanded={showOthers} onClick={() => setShowOthers(!showOthers)}>
            <span className={`twisty ${showOthers ? 'open' : ''}`} aria-hidden="true">
              <Icon name="chevron" size={14} />
            </span>
            <span className="other-label">
              Other folders <span className="muted">(not exported)</span>
            </span>
            <span className="badge">{count(others.length)}</span>
          </button>
          {showOthers && (
            <>
              <p className="muted small other-note">
                Outlook and Exchange keep these for themselves (search folders, views, shortcuts). You can look inside;
                they are not written to the new file.
              </p>
              <Tree label="Other folders, not exported" rows={otherRows} collapsed={collapsed} fold={fold} nameOf={nameOf} boxOf={none} testId="other-tree" />
            </>
          )}
        </section>
      )}
    </div>
  );
}
