/** Step 4: where to write the new PST and how, the export's progress, then its verified result. */

import { useState, type ReactElement } from 'react';
import type { ConvertReport } from '../../../electron/contract.js';
import { call, toFailure } from '../bridge.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { ProgressPanel } from '../components/ProgressPanel.js';
import { count, duration, plural } from '../format.js';
import { Icon } from '../icons.js';
import { useStore } from '../store.js';

const SPLITS = [0, 2, 4, 10, 20];

/** "2 item problems", "2 problems in the file", or "3 problems, 1 in the file". */
function problemsLabel(problems: ConvertReport['problems']): string {
  const inFile = problems.filter((p) => p.itemId === 0).length;
  if (inFile === 0) return plural(problems.length, 'item problem');
  if (inFile === problems.length) return `${plural(inFile, 'problem')} in the file`;
  return `${plural(problems.length, 'problem')}, ${inFile} in the file`;
}

function Result({ report }: { report: ConvertReport }): ReactElement {
  const [note, setNote] = useState<string | null>(null);
  // Folders read as in the new file: below the top of the user's folders ("Inbox", not "Root - Mailbox/IPM_SUBTREE/Inbox").
  const scan = useStore((s) => s.scan);
  const top = scan?.folders.find((f) => f.id === scan.userRootId)?.path;
  const shown = (path: string) => (top && path.startsWith(`${top}/`) ? path.slice(top.length + 1) : path || 'Top of data file');
  const exported = report.folders.reduce((n, f) => n + f.exported, 0);
  const failed = report.folders.reduce((n, f) => n + f.failed, 0);
  const verdict = report.verification.verdict;
  const saveReport = async () => {
    try {
      const name = (report.outputs[0] ?? 'export').split(/[\\/]/).pop()!.replace(/\.pst$/i, '');
      const path = await call('report:save', { report, suggestedName: `${name} report.json` });
      if (path) setNote(`Report saved to ${path}.`);
    } catch (e) {
      setNote(toFailure(e).message);
    }
  };
  return (
    <section className="card result" aria-label="Export result" data-testid="export-result">
      <div className={`verdict ${verdict}`} data-testid="verdict">
        <Icon name={verdict === 'failed' ? 'alert' : 'check'} size={24} />
        <div>
          <h2>
            {verdict === 'passed'
              ? 'Export complete and verified'
              : verdict === 'failed'
                ? 'Export finished, but verification found differences'
                : 'Export complete'}
          </h2>
          <p className="muted">
            {plural(exported, 'item')} written to {plural(report.outputs.length, 'file')} in {duration(report.durationMs)}
            {failed > 0 ? `; ${plural(failed, 'item')} could not be exported` : ''}.
          </p>
        </div>
      </div>
      <ul className="outputs">
        {report.outputs.map((o) => (
          <li key={o}>
            <Icon name="file" size={16} /> <span className="path">{o}</span>
          </li>
        ))}
      </ul>
      {/* Above the table: with many folders the table and the problems pushed them below the window's edge. */}
      <div className="actions">
        <button type="button" className="btn primary" onClick={() => void call('shell:showInFolder', { path: report.outputs[0] ?? '' })}>
          Show in folder
        </button>
        <button type="button" className="btn" onClick={() => void saveReport()}>
          Save report…
        </button>
      </div>
      {note && (
        <p className="muted small" role="status">
          {note}
        </p>
      )}
      <div className="table-wrap">
        <table className="folders-table">
          <thead>
            <tr>
              <th scope="col">Folder</th>
              <th scope="col" className="num">Found</th>
              <th scope="col" className="num">Exported</th>
              <th scope="col" className="num">Failed</th>
              <th scope="col" className="num">Duplicates skipped</th>
            </tr>
          </thead>
          <tbody>
            {report.folders.map((f) => (
              <tr key={f.path}>
                <td>{shown(f.path)}</td>
                <td className="num">{count(f.expected)}</td>
                <td className="num">{count(f.exported)}</td>
                <td className={`num ${f.failed ? 'bad' : ''}`}>{count(f.failed)}</td>
                <td className="num">{count(f.duplicatesSkipped)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {report.verification.mismatches.length > 0 && (
        <details className="problems" open>
          <summary>{plural(report.verification.mismatches.length, 'verification difference')}</summary>
          <ul>
            {report.verification.mismatches.map((m, i) => (
              <li key={i}>{m}</li>
            ))}
          </ul>
        </details>
      )}
      {report.problems.length > 0 && (
        <details className="problems" data-testid="export-problems">
          <summary>{problemsLabel(report.problems)}</summary>
          <ul>
            {report.problems.map((p, i) => (
              // A problem of the file itself (its header, an index page) has no item: it names what it is in.
              <li key={i}>{p.itemId === 0 ? `${p.subject ? `${p.subject}: ` : ''}${p.problem}` : `${p.folder}: “${p.subject || '(no subject)'}” — ${p.problem}`}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

export function ExportStep(): ReactElement {
  const { scan, checked, target, chooseTarget, options, setOptions, exportRun, report, exportError, startExport, cancelExport } = useStore();
  const folders = scan?.folders ?? [];
  const ticked = folders.filter((f) => checked.has(f.id));
  const items = ticked.reduce((n, f) => n + f.itemCount, 0);
  const locked = !!exportRun;

  return (
    <div className="export">
      <div className="intro">
        <h1>Export to a new Outlook data file</h1>
        <p className="muted">
          {report
            ? 'Open the new file in Outlook with File ▸ Open & Export ▸ Open Outlook Data File.'
            : `${plural(ticked.length, 'folder')} with ${plural(items, 'item')} will be written to a Unicode .pst that Outlook opens.`}
        </p>
      </div>

      {!report && (
        <section className="card form" aria-label="Export settings">
          <div className="row">
            <span className="row-label" id="dest-label">
              Destination
            </span>
            <div className="dest">
              <span className={`path ${target ? '' : 'muted'}`} aria-labelledby="dest-label" data-testid="destination">
                {target?.path ?? 'Not chosen yet'}
              </span>
              <button type="button" className="btn" onClick={() => void chooseTarget()} disabled={locked}>
                Choose…
              </button>
            </div>
          </div>
          {target?.exists && (
            <p className="notice warn slim" role="alert">
              <Icon name="alert" size={16} /> A file with this name already exists. Exporting will replace it.
            </p>
          )}
          <div className="row">
            <label className="row-label" htmlFor="split">
              Split into files of
            </label>
            <select id="split" value={options.splitGb} onChange={(e) => setOptions({ splitGb: Number(e.target.value) })} disabled={locked}>
              {SPLITS.map((gb) => (
                <option key={gb} value={gb}>
                  {gb === 0 ? 'Don’t split (one file)' : `${gb} GB`}
                </option>
              ))}
            </select>
          </div>
          <div className="row">
            <span className="row-label">Options</span>
            <div className="checks-col">
              <label className="toggle">
                <input type="checkbox" checked={options.dedupe} onChange={(e) => setOptions({ dedupe: e.target.checked })} disabled={locked} />
                Skip duplicate items
              </label>
            </div>
          </div>
          {!exportRun && (
            <div className="actions end">
              <button type="button" className="btn primary large" onClick={() => void startExport()} disabled={!target || ticked.length === 0}>
                {target?.exists ? 'Replace and export' : 'Export'}
              </button>
            </div>
          )}
        </section>
      )}

      {exportRun && <ProgressPanel run={exportRun} title="Exporting" itemsLabel="Items written" onCancel={cancelExport} />}
      {exportError && <ErrorNotice failure={exportError} />}
      {report && <Result report={report} />}
    </div>
  );
}
