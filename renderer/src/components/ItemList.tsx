/**
 * The item list, virtualised: only the rows in view exist in the DOM, and rows are fetched from
 * the worker a page at a time as they scroll into view, so a 100 000-item folder scrolls smoothly.
 * Arrow keys, Page Up/Down, Home and End move the selection.
 */

import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { ItemSummary, ListFilter } from '../../../electron/contract.js';
import { call } from '../bridge.js';
import { bytes, count, listDate } from '../format.js';
import { itemKind } from '../../../core/messaging/item-kind.js';
import { Icon } from '../icons.js';
import { useStore } from '../store.js';

const ROW = 60;
const PAGE = 200;
const OVERSCAN = 8;
const FETCH_EVERY = 100;

export function ItemList({ folderId, filter }: { folderId: number; filter: ListFilter }): ReactElement {
  const { itemId, selectItem } = useStore();
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const [total, setTotal] = useState<number | null>(null);
  const [, redraw] = useState(0);
  const cache = useRef(new Map<number, ItemSummary>());
  /** Item id → row index, for the rows fetched so far (keyboard moves start from the selection). */
  const indexOf = useRef(new Map<number, number>());
  const requested = useRef(new Set<number>());
  const query = useRef(0);

  const fetchPage = useCallback(
    (page: number) => {
      if (requested.current.has(page)) return;
      requested.current.add(page);
      const q = query.current;
      void call('mailbox:list', { folderId, ...filter, offset: page * PAGE, limit: PAGE }).then(
        (res) => {
          if (q !== query.current) return;
          res.rows.forEach((row, i) => {
            cache.current.set(res.offset + i, row);
            indexOf.current.set(row.id, res.offset + i);
          });
          setTotal(res.total);
          redraw((n) => n + 1);
        },
        () => requested.current.delete(page),
      );
    },
    [folderId, filter],
  );

  // A new folder or filter is a new list: forget cached rows and start at the top.
  useLayoutEffect(() => {
    query.current += 1;
    cache.current = new Map();
    indexOf.current = new Map();
    requested.current = new Set();
    setTotal(null);
    if (box.current) box.current.scrollTop = 0;
    setView((v) => ({ ...v, top: 0 }));
    fetchPage(0);
  }, [fetchPage]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const n = total ?? 0;
  const first = Math.max(0, Math.floor(view.top / ROW) - OVERSCAN);
  const last = Math.min(n, Math.ceil((view.top + view.height) / ROW) + OVERSCAN);
  // Rows are asked for at most every FETCH_EVERY ms: a fast fling does not queue requests for
  // thousands of rows it flies past, and the rows where it stops arrive right after.
  const lastFetch = useRef(0);
  useEffect(() => {
    const run = () => {
      lastFetch.current = performance.now();
      for (let p = Math.floor(first / PAGE); p * PAGE < last; p++) fetchPage(p);
    };
    const wait = FETCH_EVERY - (performance.now() - lastFetch.current);
    if (wait <= 0) {
      run();
      return;
    }
    const t = setTimeout(run, wait);
    return () => clearTimeout(t);
  }, [first, last, fetchPage]);

  const selectedIndex = itemId === null ? -1 : (indexOf.current.get(itemId) ?? -1);

  const moveTo = (i: number) => {
    const target = Math.max(0, Math.min(n - 1, i));
    const row = cache.current.get(target);
    const el = box.current;
    if (el) {
      if (target * ROW < el.scrollTop) el.scrollTop = target * ROW;
      else if ((target + 1) * ROW > el.scrollTop + el.clientHeight) el.scrollTop = (target + 1) * ROW - el.clientHeight;
    }
    if (row) selectItem(row.id);
  };

  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(view.height / ROW) - 1);
    const at = selectedIndex;
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + page,
      PageUp: at - page,
      Home: 0,
      End: n - 1,
    };
    if (!(e.key in moves)) return;
    e.preventDefault();
    moveTo(moves[e.key]!);
  };

  const rowsInView: ReactElement[] = [];
  for (let i = first; i < last; i++) {
    const row = cache.current.get(i);
    const style = { transform: `translateY(${i * ROW}px)` };
    rowsInView.push(
      row ? (
        <div
          key={i}
          id={`item-${row.id}`}
          role="option"
          aria-selected={row.id === itemId}
          aria-posinset={i + 1}
          aria-setsize={n}
          className={`item-row ${row.id === itemId ? 'selected' : ''} ${row.read ? '' : 'unread'}`}
          style={style}
          onClick={() => selectItem(row.id)}
          data-testid="item-row"
        >
          <div className="line">
            <span className="sender">{row.senderName || row.senderEmail || itemKind(row.messageClass) || '(no sender)'}</span>
            <span className="date">{listDate(row.date)}</span>
          </div>
          <div className="line">
            <span className="subject">
              {row.source !== 'live' && <span className="tag recovered">Recovered</span>}
              {row.subject || '(no subject)'}
            </span>
            <span className="meta">
              {row.hasAttachments && <Icon name="clip" size={13} />}
              {bytes(row.size)}
            </span>
          </div>
        </div>
      ) : (
        <div key={i} className="item-row placeholder" style={style} aria-hidden="true">
          <div className="line">
            <span className="skeleton" style={{ width: '40%' }} />
          </div>
          <div className="line">
            <span className="skeleton" style={{ width: '70%' }} />
          </div>
        </div>
      ),
    );
  }

  return (
    <div className="item-list">
      <div className="list-status muted" aria-live="polite" data-testid="list-count">
        {total === null ? 'Loading…' : total === 0 ? 'No items match' : `${count(total)} ${total === 1 ? 'item' : 'items'}`}
      </div>
      <div
        ref={box}
        className="list-scroll"
        role="listbox"
        aria-label="Items"
        tabIndex={0}
        aria-activedescendant={itemId !== null && selectedIndex >= 0 ? `item-${itemId}` : undefined}
        onKeyDown={onKey}
        onScroll={(e) => setView({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })}
        data-testid="item-list"
      >
        <div className="list-spacer" style={{ height: n * ROW }}>
          {rowsInView}
        </div>
      </div>
    </div>
  );
}
