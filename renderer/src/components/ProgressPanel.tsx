/** A long operation's progress: the bar, bytes and items so far, rate, time left, and Cancel. */

import { useEffect, useRef, useState, type ReactElement } from 'react';
import { bytes, count, duration } from '../format.js';
import type { Run } from '../store.js';

/** The core's phase names, as a person would say them; folder phases come worded already. */
const PHASES: Record<string, string> = {
  scan: 'Searching the whole file for mail',
  index: 'Rebuilding the file’s indexes',
  items: 'Placing recovered items in folders',
  export: 'Writing items to the new file',
  finishing: 'Writing the new file’s indexes and tables',
  verify: 'Reading the new file back to verify it',
};

export function ProgressPanel({ run, title, itemsLabel, onCancel }: { run: Run; title: string; itemsLabel: string; onCancel: () => void }): ReactElement {
  // Re-render every second so elapsed time moves even between progress messages.
  const [, tick] = useState(0);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, []);
  const p = run.progress;
  // The share done counts items where the run knows how many there are: an export's bytes are its items'
  // sizes, which do not add up to the source file's (compression, free space), so as a share of the file
  // they stopped short of 100 % or passed it.
  const byItems = !!p?.itemsTotal;
  const fraction = !p ? null : byItems ? Math.min(1, p.items / p.itemsTotal!) : p.bytesTotal > 0 ? Math.min(1, p.bytesDone / p.bytesTotal) : null;
  // Rate and time left are of the pass under way: a convert counts its items twice, writing them and then
  // verifying them, and a share that falls back to the start begins a new pass.
  const pass = useRef({ run: run.startedAt, startedAt: run.startedAt, last: 0 });
  if (pass.current.run !== run.startedAt) pass.current = { run: run.startedAt, startedAt: run.startedAt, last: 0 };
  if (fraction !== null) {
    if (fraction < pass.current.last) pass.current = { run: run.startedAt, startedAt: Date.now(), last: fraction };
    else pass.current.last = fraction;
  }
  const elapsed = Date.now() - pass.current.startedAt;
  const rate = p && elapsed > 500 ? (p.bytesDone / elapsed) * 1000 : null;
  const left = fraction !== null && fraction > 0 && elapsed > 500 ? (elapsed * (1 - fraction)) / fraction : null;
  return (
    <section className="card progress-card" aria-label={title}>
      <div className="progress-head">
        <h2>{title}</h2>
        <span className="pct">{fraction === null ? '' : `${Math.floor(fraction * 100)} %`}</span>
      </div>
      <div
        className={`bar ${fraction === null ? 'indeterminate' : ''}`}
        role="progressbar"
        aria-label={title}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.floor(fraction * 100)}
      >
        <span style={{ width: `${(fraction ?? 0.3) * 100}%` }} />
      </div>
      <p className="phase">{p ? (PHASES[p.phase] ?? p.phase) : 'Starting…'}</p>
      <dl className="stats">
        <div>
          <dt>Read</dt>
          <dd>{p ? (byItems ? bytes(p.bytesDone) : `${bytes(p.bytesDone)} of ${bytes(p.bytesTotal)}`) : '—'}</dd>
        </div>
        <div>
          <dt>{itemsLabel}</dt>
          <dd data-testid="progress-items">{p ? (p.itemsTotal ? `${count(p.items)} of ${count(p.itemsTotal)}` : count(p.items)) : '0'}</dd>
        </div>
        <div>
          <dt>Rate</dt>
          <dd>{rate ? `${bytes(rate)}/s` : '—'}</dd>
        </div>
        <div>
          <dt>Time left</dt>
          <dd>{left !== null ? duration(left) : '—'}</dd>
        </div>
      </dl>
      <div className="actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </section>
  );
}
