/** Step 2: choose quick or deep, watch it run (or cancel it), then read the summary. */

import type { ReactElement } from 'react';
import type { ScanMode } from '../../../electron/contract.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ProgressPanel } from '../components/ProgressPanel.js';
import { count, duration, plural } from '../format.js';
import { Icon } from '../icons.js';
import { useStore } from '../store.js';

const MODES: { id: ScanMode; title: string; text: string }[] = [
  {
    id: 'quick',
    title: 'Quick scan',
    text: 'Reads the folders and items through the file’s own index. Seconds to minutes; right for healthy files.',
  },
  {
    id: 'deep',
    title: 'Deep scan',
    text: 'Searches every block of the file for mail, including orphaned and deleted items. Slower; right for damaged files.',
  },
];

export function ScanStep(): ReactElement {
  const { file, scanMode, setScanMode, scanRun, scan, scanError, startScan, cancelScan, go } = useStore();
  const recovered = scan ? scan.orphans + scan.deleted + scan.carved : 0;
  const recoveredKinds = scan
    ? [
        scan.orphans > 0 && plural(scan.orphans, 'orphaned item'),
        scan.deleted > 0 && plural(scan.deleted, 'deleted item'),
        scan.carved > 0 && plural(scan.carved, 'item rebuilt from loose blocks', 'items rebuilt from loose blocks'),
      ].filter((k): k is string => typeof k === 'string')
    : [];
  // Without a readable header (the deep scan was chosen anyway) there is no index to start a quick scan from.
  const readable = !!file?.info;
  // A header and index roots that check out, until a quick scan runs into damage further in.
  const damageFound = scan?.mode === 'quick' && scan.problems.length > 0;
  const healthy = (file?.info?.healthy ?? false) && !damageFound;
  return (
    <div className="scan">
      <div className="intro">
        <h1>Scan the file</h1>
        <p className="muted">The scan finds the folders and items that can be recovered. It only reads the file.</p>
      </div>

      <fieldset className="modes" disabled={!!scanRun}>
        <legend className="sr-only">Scan type</legend>
        {MODES.map((m) => (
          <label key={m.id} className={`mode ${scanMode === m.id ? 'selected' : ''} ${m.id === 'quick' && !readable ? 'unavailable' : ''}`}>
            <input
              type="radio"
              name="mode"
              value={m.id}
              checked={scanMode === m.id}
              onChange={() => setScanMode(m.id)}
              disabled={m.id === 'quick' && !readable}
            />
            <span className="mode-title">
              {m.title}
              {(m.id === 'quick') === healthy && <span className="tag">Recommended</span>}
            </span>
            <span className="muted">{m.id === 'quick' && !readable ? 'Not available: the file’s header cannot be read, so its index cannot be found.' : m.text}</span>
          </label>
        ))}
      </fieldset>

      {!scanRun && !scan && (
        <div className="actions start">
          <button type="button" className="btn primary large" onClick={() => void startScan()}>
            Start {scanMode} scan
          </button>
        </div>
      )}

      {scanRun && <ProgressPanel run={scanRun} title={`${scanMode === 'quick' ? 'Quick' : 'Deep'} scan`} itemsLabel="Items found" onCancel={cancelScan} />}
      {scanError && (
        <ErrorNotice failure={scanError}>
          {/* Scanning again is the Start button above; the other way out is another file. */}
          <button type="button" className="btn" onClick={() => go('locate')}>
            Choose another file
          </button>
        </ErrorNotice>
      )}

      {scan && (
        <section className="card summary" aria-label="Scan summary" data-testid="scan-summary">
          <div className="summary-head">
            <Icon name="check" size={22} className="ok-icon" />
            <div>
              <h2>Scan complete</h2>
              <p className="muted">
                {scan.mode === 'quick' ? 'Quick' : 'Deep'} scan took {duration(scan.durationMs)}.
              </p>
            </div>
          </div>
          <dl className="tiles">
            <div>
              <dt>Folders</dt>
              <dd data-testid="summary-folders">{count(scan.folders.length)}</dd>
            </div>
            <div>
              <dt>Items</dt>
              <dd data-testid="summary-items">{count(scan.items)}</dd>
            </div>
            <div>
              <dt>Recovered</dt>
              <dd>{count(recovered)}</dd>
            </div>
            <div>
              <dt>Problems</dt>
              <dd>{count(scan.problems.length)}</dd>
            </div>
          </dl>
          {recovered > 0 && (
            <p className="muted">
              {recoveredKinds.length > 1 ? `${recoveredKinds.slice(0, -1).join(', ')} and ${recoveredKinds.at(-1)}` : recoveredKinds[0]}{' '}
              {recovered === 1 ? 'was recovered; it is' : 'were recovered; they are'} marked in the preview.
            </p>
          )}
          {damageFound && (
            <div className="notice warn" data-testid="suggest-deep">
              <Icon name="alert" size={16} />
              <div>
                <p>
                  <strong>This file is damaged.</strong> A quick scan reaches only what the file’s index still leads to. A deep scan reads every block of the
                  file and can recover more.
                </p>
                <button
                  type="button"
                  className="btn primary"
                  onClick={() => {
                    setScanMode('deep');
                    void startScan();
                  }}
                >
                  Run a deep scan
                </button>
              </div>
            </div>
          )}
          {scan.problems.length > 0 && (
            <details className="problems">
              <summary>{plural(scan.problems.length, 'problem')} found while reading</summary>
              <ul>
                {scan.problems.map((p, i) => (
                  <li key={i}>{p}</li>
                ))}
              </ul>
            </details>
          )}
          <div className="actions">
            {/* On a damaged file the deep scan is the next step to take; previewing what the quick scan reached is the other. */}
            <button type="button" className={damageFound ? 'btn' : 'btn primary'} onClick={() => go('preview')}>
              Preview items
            </button>
            <button type="button" className="btn ghost" onClick={() => void startScan()}>
              Scan again
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
