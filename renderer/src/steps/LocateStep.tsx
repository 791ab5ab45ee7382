/** Step 1: pick a file (drop, Browse…, one found on this computer, or the sample) and inspect it. */

import type { ReactElement } from 'react';
import { OUTLOOK_EXTENSION, type FileInfo } from '../../../electron/contract.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { bytes, when } from '../format.js';
import { Icon } from '../icons.js';
import { DEEP_SCAN_CAN_TRY, useStore } from '../store.js';

const ENCODING: Record<FileInfo['encoding'], string> = {
  none: 'No encoding',
  permute: 'Compressible encoding',
  cyclic: 'High encoding',
};

function Check({ ok, label }: { ok: boolean; label: string }): ReactElement {
  return (
    <li className={ok ? 'ok' : 'bad'}>
      <Icon name={ok ? 'check' : 'alert'} size={15} />
      {label} {ok ? 'OK' : 'damaged'}
    </li>
  );
}

function FileCard({ info }: { info: FileInfo }): ReactElement {
  const headerOk = info.headerCrc.partial && info.headerCrc.full !== false;
  return (
    <section className="card file-card" aria-label="Chosen file" data-testid="file-card">
      <div className="file-head">
        <span className={`file-badge ${info.client}`}>{info.client.toUpperCase()}</span>
        <div className="file-name">
          <h2>{info.fileName}</h2>
          <p className="muted path" title={info.path}>
            {info.path}
          </p>
        </div>
        <span className={`health ${info.healthy ? 'ok' : 'bad'}`}>{info.healthy ? 'Healthy' : 'Damaged'}</span>
      </div>
      <dl className="facts">
        <div>
          <dt>Format</dt>
          <dd>{info.variantLabel}</dd>
        </div>
        <div>
          <dt>Encoding</dt>
          <dd>{ENCODING[info.encoding]}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>{bytes(info.sizeBytes)}</dd>
        </div>
        <div>
          <dt>Checks</dt>
          <dd>
            <ul className="checks">
              <Check ok={headerOk} label="Header" />
              <Check ok={info.rootPages.nbt && info.rootPages.bbt} label="Root" />
              <Check ok={!info.truncated} label="Length" />
            </ul>
          </dd>
        </div>
      </dl>
      <div className={`recommend ${info.healthy ? '' : 'warn'}`} data-testid="recommendation">
        <Icon name={info.healthy ? 'info' : 'alert'} size={18} />
        {info.healthy ? (
          <p>
            <strong>Recommended: quick scan.</strong> The file's header and indexes check out, so its folders can be read
            the way Outlook reads them.
          </p>
        ) : (
          <p>
            <strong>Recommended: deep scan.</strong>{' '}
            {info.truncated ? 'The file ends before the end its header gives: it was cut short' : 'The header or root index is damaged'}, so the
            whole file will be searched for mail instead of trusting its index.
          </p>
        )}
      </div>
    </section>
  );
}

export function LocateStep(): ReactElement {
  const { file, found, app, browse, openFile, deepScanAnyway } = useStore();
  return (
    <div className="locate">
      <div className="intro">
        <h1>Recover mail from an Outlook data file</h1>
        <p className="muted">Open an .ost or .pst file, even one Outlook refuses. Nothing is changed in the original.</p>
      </div>

      <section className={`dropzone ${file ? 'compact' : ''}`} aria-label="Choose a file">
        <Icon name="upload" size={file ? 22 : 32} />
        <p className="drop-title">{file ? 'Drop another file on the window, or' : 'Drop an .ost or .pst file anywhere on this window'}</p>
        <div className="actions">
          <button type="button" className="btn primary" onClick={() => void browse()}>
            Browse…
          </button>
          {app?.samplePath && (
            <button type="button" className="btn" onClick={() => void openFile(app.samplePath!)}>
              Try with a sample file
            </button>
          )}
        </div>
      </section>

      {file?.opening && (
        <section className="card loading" aria-live="polite">
          <span className="spinner" aria-hidden="true" /> Checking {file.path}…
        </section>
      )}
      {file?.error && (
        // "Choose a file with the .ost or .pst extension" is no help when that is what was chosen.
        <ErrorNotice failure={file.error} hint={!(file.error.kind === 'not-outlook' && OUTLOOK_EXTENSION.test(file.path ?? ''))}>
          {file.path && DEEP_SCAN_CAN_TRY.has(file.error.kind) && (
            <div className="anyway">
              <p>
                A deep scan does not need the file's header: it searches every block of the file for folders and mail.
              </p>
              <button type="button" className="btn" onClick={deepScanAnyway}>
                Deep scan anyway
              </button>
            </div>
          )}
        </ErrorNotice>
      )}
      {file?.info && <FileCard info={file.info} />}

      <section className="found" aria-labelledby="found-title">
        <h2 id="found-title">Outlook data files on this computer</h2>
        {found === null ? (
          <p className="muted">Looking…</p>
        ) : found.length === 0 ? (
          <p className="muted">
            None in the usual places (Outlook's folder in Local AppData, and Documents ▸ Outlook Files). Use Browse… to
            pick one from elsewhere.
          </p>
        ) : (
          <ul className="found-list">
            {found.map((f) => (
              <li key={f.path}>
                <button
                  type="button"
                  className={`found-item ${file?.path === f.path ? 'selected' : ''}`}
                  onClick={() => void openFile(f.path)}
                  title={f.path}
                >
                  <Icon name="file" size={20} />
                  <span className="found-name">{f.name}</span>
                  <span className="muted">{f.place}</span>
                  <span className="muted num">{bytes(f.sizeBytes)}</span>
                  <span className="muted num">{when(f.modified)}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
