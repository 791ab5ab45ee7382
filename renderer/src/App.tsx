/**
 * The wizard's frame: header with the steps, the current step, and the Back/Next bar. It also owns
 * the window-wide drop target and the events main pushes (a file from the OS, menu commands).
 */

import { useEffect, useState, type DragEvent, type ReactElement } from 'react';
import { on, pathForFile } from './bridge.js';
import { Icon } from './icons.js';
import { useStore, STEPS, type Step } from './store.js';
import { LocateStep } from './steps/LocateStep.js';
import { ScanStep } from './steps/ScanStep.js';
import { PreviewStep } from './steps/PreviewStep.js';
import { ExportStep } from './steps/ExportStep.js';

function Stepper({ step }: { step: Step }): ReactElement {
  const index = STEPS.findIndex((s) => s.id === step);
  return (
    <ol className="stepper" aria-label="Steps">
      {STEPS.map((s, i) => (
        <li key={s.id} className={i < index ? 'done' : i === index ? 'current' : ''} aria-current={i === index ? 'step' : undefined}>
          <span className="dot">{i < index ? <Icon name="check" size={13} /> : i + 1}</span>
          <span className="label">{s.label}</span>
        </li>
      ))}
    </ol>
  );
}

/** Whether Next is allowed from a step, and why not. */
function nextState(s: ReturnType<typeof useStore.getState>): { ok: boolean; hint: string } {
  switch (s.step) {
    case 'locate':
      return s.file?.info ? { ok: true, hint: '' } : { ok: false, hint: 'Choose an Outlook data file to continue.' };
    case 'scan':
      return s.scan ? { ok: true, hint: '' } : { ok: false, hint: s.scanRun ? 'Scanning…' : 'Run a scan to continue.' };
    case 'preview':
      return s.checked.size > 0 ? { ok: true, hint: '' } : { ok: false, hint: 'Tick at least one folder to export.' };
    case 'export':
      return { ok: false, hint: '' };
  }
}

export function App(): ReactElement {
  const state = useStore();
  const { step, go, openFile, browse, startOver, progress, init } = state;
  const [dragging, setDragging] = useState(false);
  const busy = !!(state.scanRun || state.exportRun);

  useEffect(() => {
    void init();
    const offs = [
      on('progress', ({ requestId, progress: p }) => progress(requestId, p)),
      on('open-file', ({ path }) => void openFile(path)),
      on('menu:open', () => void browse()),
      on('menu:start-over', () => startOver()),
    ];
    return () => offs.forEach((off) => off());
  }, [init, progress, openFile, browse, startOver]);

  // Dropping anywhere on the window opens the file; the browser's own "navigate to the file" is off.
  const onDragOver = (e: DragEvent) => {
    if (!e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = busy ? 'none' : 'copy';
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (!file || busy) return;
    const path = pathForFile(file);
    if (path) void openFile(path);
  };

  const index = STEPS.findIndex((s) => s.id === step);
  const next = nextState(state);
  const canBack = index > 0 && !busy;

  return (
    <div
      className="app"
      onDragOver={onDragOver}
      onDragLeave={(e) => e.relatedTarget === null && setDragging(false)}
      onDrop={onDrop}
    >
      <header className="titlebar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            <Icon name="shield" size={18} />
          </span>
          <span>OST Rescue</span>
        </div>
        <Stepper step={step} />
        <div className="titlebar-end">
          {state.file?.path && (state.file.info || state.scan) && (
            <span className="current-file" title={state.file.path}>
              <Icon name="file" size={14} /> {(state.file.info ?? state.scan!.info).fileName}
            </span>
          )}
        </div>
      </header>

      <main className={`content step-${step}`}>
        {step === 'locate' && <LocateStep />}
        {step === 'scan' && <ScanStep />}
        {step === 'preview' && <PreviewStep />}
        {step === 'export' && <ExportStep />}
      </main>

      <footer className="navbar">
        <button type="button" className="btn ghost" onClick={() => go(STEPS[index - 1]!.id)} disabled={!canBack}>
          <Icon name="back" size={16} /> Back
        </button>
        <span className="nav-hint" aria-live="polite">{next.hint}</span>
        {step === 'export' ? (
          <button type="button" className={`btn ${state.report ? 'primary' : 'ghost'}`} onClick={startOver} disabled={busy}>
            Start over
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => go(STEPS[index + 1]!.id)} disabled={!next.ok || busy}>
            Next <Icon name="next" size={16} />
          </button>
        )}
      </footer>

      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-card">
            <Icon name="upload" size={36} />
            <p>Drop the Outlook data file to open it</p>
          </div>
        </div>
      )}
    </div>
  );
}
