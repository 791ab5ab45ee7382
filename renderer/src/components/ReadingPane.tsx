/**
 * The reading pane: headers, recipients, attachments (each can be saved), the main fields of
 * calendar, contact and task items, and the body. HTML bodies are shown in a sandboxed frame with
 * no scripts and no remote loads; links open in the system browser only when clicked.
 */

import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { Failure, ItemDetail, ItemView } from '../../../electron/contract.js';
import { call, toFailure } from '../bridge.js';
import { bytes, plural, when } from '../format.js';
import { Icon, type IconName } from '../icons.js';
import { itemKind, kindFields } from '../../../core/messaging/item-kind.js';
import { lostValueTexts, partialValueText, savedAttachmentText, textLost } from '../losses.js';
import { safeMailHtml, type SafeHtml } from '../mail-html.js';
import { addressLabel, cleanName, nameIsAddress, smtpAddress } from '../../../core/messaging/addresses.js';
import { ErrorNotice } from './ErrorNotice.js';

/** What saving an attachment came to: written whole, written with blank stretches, or not written. */
type SaveOutcome = { text: string; tone: 'whole' | 'partial' | 'failed' };

/** The icon of each kind with fields (core/messaging/item-kind.ts), by message class prefix. */
const KIND_ICONS: Record<string, IconName> = { 'IPM.Appointment': 'calendar', 'IPM.Contact': 'contact', 'IPM.Task': 'task' };

function KindFields({ item }: { item: ItemDetail }): ReactElement | null {
  const kind = kindFields(item, when);
  if (!kind) return null;
  return (
    <section className="kind-fields" aria-label={kind.label}>
      <h3>
        <Icon name={KIND_ICONS[kind.prefix]!} size={16} /> {kind.label}
      </h3>
      <dl>
        {kind.rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** The furthest a wide mail is zoomed out to fit the pane; beyond that it scrolls sideways, still legible. */
const MIN_FIT = 0.6;

/**
 * Zooms a mail laid out wider than the pane out until it fits, as mail apps do: newsletters are tables 600 to
 * 700 px wide, and many hide their own horizontal overflow, which in a narrow pane cut off their right side
 * with no way to reach it.
 */
function fitToWidth(frame: HTMLIFrameElement): void {
  const root = frame.contentDocument?.documentElement;
  if (!root) return;
  root.style.zoom = '';
  const wide = root.scrollWidth;
  const room = root.clientWidth;
  if (wide > room) root.style.zoom = String(Math.max(MIN_FIT, room / wide));
}

function HtmlBody({ safe }: { safe: SafeHtml }): ReactElement {
  const frameRef = useRef<HTMLIFrameElement>(null);
  // The pane is as wide as the window lets it be: refit when it changes.
  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    const ro = new ResizeObserver(() => fitToWidth(frame));
    ro.observe(frame);
    return () => ro.disconnect();
  }, []);
  // Clicks on links inside the frame are caught here (the frame runs no script of its own) and
  // handed to main, which opens only http(s) and mailto links in the system browser.
  const wireLinks = (frame: HTMLIFrameElement) => {
    frame.contentDocument?.addEventListener('click', (e) => {
      const a = (e.target as Element | null)?.closest?.('a[href]');
      if (!a) return;
      e.preventDefault();
      const href = a.getAttribute('href') ?? '';
      if (!href.startsWith('#')) void call('shell:openLink', { url: href }).catch(() => undefined);
    });
  };
  return (
    <>
      {safe.blockedRemote > 0 && (
        <p className="notice info slim" role="status" data-testid="blocked-notice">
          <Icon name="image" size={16} />
          {plural(safe.blockedRemote, 'remote image or style', 'remote images and styles')} blocked to protect your
          privacy.
        </p>
      )}
      <iframe
        ref={frameRef}
        className="mail-frame"
        title="Message body"
        sandbox="allow-same-origin"
        srcDoc={safe.html}
        onLoad={(e) => {
          wireLinks(e.currentTarget);
          fitToWidth(e.currentTarget);
        }}
        data-testid="mail-html"
      />
    </>
  );
}

function Body({ view }: { view: ItemView }): ReactElement {
  const safe = view.bodyKind === 'html' ? safeMailHtml(view.body) : null;
  if (safe && !safe.blank) return <HtmlBody safe={safe} />;
  // A blank HTML body is no body: the plain text is shown if the item has any, else what an empty item shows.
  const text = safe ? (view.item.body.text ?? '') : view.body;
  if (text.trim() === '') {
    // An item whose text was in a block that is lost has a body, just not one that can be shown.
    return <p className="muted empty-body">{textLost(view.item) ? 'The text of this item could not be recovered.' : 'This item has no body.'}</p>;
  }
  return (
    <pre className="text-body" data-testid="mail-text">
      {text}
    </pre>
  );
}

export function ReadingPane({ itemId }: { itemId: number | null }): ReactElement {
  const [state, setState] = useState<{ id: number; view: ItemView | null; error: Failure | null } | null>(null);
  const [saved, setSaved] = useState<SaveOutcome | null>(null);

  useEffect(() => {
    if (itemId === null) return;
    let live = true;
    setState({ id: itemId, view: null, error: null });
    setSaved(null);
    call('mailbox:item', { id: itemId }).then(
      (view) => live && setState({ id: itemId, view, error: null }),
      (e) => live && setState({ id: itemId, view: null, error: toFailure(e) }),
    );
    return () => {
      live = false;
    };
  }, [itemId]);

  if (itemId === null) {
    return (
      <div className="reading empty">
        <Icon name="mail" size={40} />
        <p className="muted">Select an item to read it.</p>
      </div>
    );
  }
  if (!state || state.id !== itemId || (!state.view && !state.error)) {
    return (
      <div className="reading empty">
        <span className="spinner" aria-hidden="true" />
      </div>
    );
  }
  if (state.error) {
    return (
      <div className="reading">
        <ErrorNotice failure={state.error} />
      </div>
    );
  }
  const { item } = state.view!;
  const rcpt = (type: string) =>
    item.recipients.filter((r) => r.type === type).map((r) => addressLabel(r.name, r.email));
  const senderEmail = smtpAddress(item.senderEmail);
  const senderName = cleanName(item.senderName);
  const to = rcpt('to');
  const cc = rcpt('cc');
  const attachments = item.attachments.filter((a) => !a.hidden);

  const save = async (index: number, filename: string) => {
    try {
      const written = await call('attachment:save', { itemId: item.id, index, filename });
      if (written) setSaved({ text: savedAttachmentText(filename, written.gaps), tone: written.gaps.length > 0 ? 'partial' : 'whole' });
    } catch (e) {
      setSaved({ text: toFailure(e).message, tone: 'failed' });
    }
  };

  return (
    <article className="reading" aria-label="Reading pane" data-testid="reading-pane">
      <header className="reading-head">
        <h2 data-testid="reading-subject">
          {item.source !== 'live' && <span className="tag recovered">Recovered</span>}
          {item.subject || '(no subject)'}
        </h2>
        {senderName || senderEmail || !itemKind(item.messageClass) ? (
          <div className="from-line">
            <span className="avatar" aria-hidden="true">
              {(senderName || item.senderEmail.trim() || '?').charAt(0).toUpperCase()}
            </span>
            <div>
              <div className="from">
                <strong>{senderName || senderEmail || '(no sender)'}</strong>
                {senderEmail && senderName && !nameIsAddress(senderName, senderEmail) && <span className="muted"> &lt;{senderEmail}&gt;</span>}
              </div>
              <div className="muted small">{when(item.date)}</div>
            </div>
          </div>
        ) : (
          // Contacts, tasks and notes have no sender; their fields follow below.
          <p className="muted small">{when(item.date)}</p>
        )}
        <dl className="recipients">
          {to.length > 0 && (
            <div>
              <dt>To</dt>
              <dd>{to.join('; ')}</dd>
            </div>
          )}
          {cc.length > 0 && (
            <div>
              <dt>Cc</dt>
              <dd>{cc.join('; ')}</dd>
            </div>
          )}
        </dl>
        {attachments.length > 0 && (
          <ul className="attachments" aria-label="Attachments">
            {attachments.map((a) => (
              <li key={a.index}>
                <button type="button" className="chip" onClick={() => void save(a.index, a.filename)} title={`Save ${a.filename}…`}>
                  <Icon name="clip" size={14} />
                  <span className="chip-name">{a.filename || `Attachment ${a.index + 1}`}</span>
                  <span className="muted">{bytes(a.size)}</span>
                  <Icon name="download" size={14} />
                </button>
              </li>
            ))}
          </ul>
        )}
        {saved?.tone === 'whole' && (
          <p className="muted small" role="status">
            {saved.text}
          </p>
        )}
        {saved && saved.tone !== 'whole' && (
          <p className={`notice slim ${saved.tone === 'partial' ? 'warn' : 'error'}`} role={saved.tone === 'partial' ? 'status' : 'alert'}>
            <Icon name="alert" size={16} /> {saved.text}
          </p>
        )}
        {item.problems.length > 0 && (
          <div className="notice warn item-problems" data-testid="item-problems">
            <Icon name="alert" size={16} />
            <div>
              <strong>Parts of this item could not be read.</strong>
              {(item.partial.length > 0 || item.lost.length > 0) && (
                <ul>
                  {lostValueTexts(item).map((text, i) => (
                    <li key={`lost-${i}`}>{text}</li>
                  ))}
                  {item.partial.map((p, i) => (
                    <li key={`partial-${i}`}>{partialValueText(item, p)}</li>
                  ))}
                </ul>
              )}
              <details className="problems">
                <summary>Details</summary>
                <ul>
                  {item.problems.map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              </details>
            </div>
          </div>
        )}
      </header>
      <KindFields item={item} />
      <div className="reading-body">
        <Body view={state.view!} />
      </div>
    </article>
  );
}
