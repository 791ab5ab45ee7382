/** A long operation's progress: the bar, bytes and items so far, rate, time left, and Cancel. */

import { useEffect, useRef, useState, type ReactElement } from 'react';
import { PassClock, shareDone } from '../../../core/progress-pass.js';
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
  const byItems = !!p?.itemsTotal;
  const fraction = p ? shareDone(p) : null;
  // Rate and time left are of the pass under way (a convert writes its items, then verifies them).
  const clock = useRef({ run: run.startedAt, clock: new PassClock(run.startedAt) });
  if (clock.current.run !== run.startedAt) clock.current = { run: run.startedAt, clock: new PassClock(run.startedAt) };
  const now = Date.now();
  const elapsed = now - (p ? clock.current.clock.passStart(p, now) : run.startedAt);
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
