import { Mailbox } from '../core/mailbox.js';
import { cutShort } from '../core/ndb/header.js';
import { textFromRtf } from '../core/messaging/rtf.js';
import { textFromHtml } from './html-text.js';
import { addressLabel } from '../core/messaging/addresses.js';
import { kindFields } from '../core/messaging/item-kind.js';
import type { FolderInfo } from '../core/model.js';
import { type CommandOutput, formatBytes, parseId, usageError } from './run.js';

function withMailbox<T>(file: string, fn: (mb: Mailbox) => T): T {
  const mb = Mailbox.open(file);
  try {
    return fn(mb);
  } finally {
    mb.close();
  }
}

const yes = (ok: boolean) => (ok ? 'ok' : 'DAMAGED');

export function inspect(file: string): CommandOutput {
  return withMailbox(file, (mb) => {
    const i = mb.info;
    const folders = mb.folders();
    const items = folders.reduce((n, f) => n + f.itemCount, 0);
    const problems = mb.problems();
    const cut = cutShort(i.sizeBytes, i.headerSizeBytes);
    const json = { file: i, displayName: mb.displayName(), folders: folders.length, items, problems };
    const text = [
      `File:        ${i.fileName} (${formatBytes(i.sizeBytes)})`,
      `Type:        ${i.client.toUpperCase()}, ${i.variantLabel} (wVer ${i.wVer}, client version ${i.wVerClient})`,
      `Encoding:    ${i.encoding}`,
      `Header CRC:  ${i.headerCrc.full === null ? yes(i.headerCrc.partial) : yes(i.headerCrc.partial && i.headerCrc.full)}`,
      `Root pages:  node index ${yes(i.rootPages.nbt)}, block index ${yes(i.rootPages.bbt)}`,
      `Length:      ${cut ? `TRUNCATED: ${cut}` : 'ok'}`,
      `Store name:  ${mb.displayName()}`,
      `Folders:     ${folders.length}`,
      `Items:       ${items}`,
      // What reading the folder tree ran into; the header and root pages have their own lines above.
      `Problems:    ${problems.length === 0 ? 'none while reading the folders' : `${problems.length} while reading the folders (run \`ost-rescue check\` for details)`}`,
      `Verdict:     ${i.healthy && problems.length === 0 ? 'healthy: a quick scan will do' : 'damaged: use a deep scan (`convert --deep`)'}`,
    ].join('\n');
    return { text, json };
  });
}

function folderJson(f: FolderInfo) {
  return {
    id: f.id,
    path: f.path,
    name: f.name,
    items: f.itemCount,
    unread: f.unreadCount,
    containerClass: f.containerClass,
    hasSubfolders: f.hasSubfolders,
    source: f.source,
  };
}

export function ls(file: string): CommandOutput {
  return withMailbox(file, (mb) => {
    const folders = mb.folders();
    const lines = folders.map((f) => {
      const depth = f.path.split('/').length - 1;
      return `${'  '.repeat(depth)}${f.name || '(unnamed)'}  [${f.itemCount}]${f.containerClass ? `  ${f.containerClass}` : ''}`;
    });
    // What could not be read of the tree (a damaged table, and what was found instead) goes under it.
    const problems = mb.problems();
    const text = problems.length === 0 ? lines : [...lines, '', `Problems (${problems.length}):`, ...problems.map((p) => `  ${p}`)];
    return { text: text.join('\n'), json: { file: mb.info.path, folders: folders.map(folderJson), problems } };
  });
}

export function items(file: string, folderPath: string | undefined, offset: number, limit: number): CommandOutput {
  if (!folderPath) throw usageError('--folder PATH is required: "Inbox", "Inbox/Projects", or the full path `ost-rescue ls` prints');
  return withMailbox(file, (mb) => {
    const folder = mb.folderByPath(folderPath);
    if (!folder) throw usageError(`"${mb.info.fileName}" has no folder "${folderPath}"; run \`ost-rescue ls\` to see its folders`);
    const list = mb.items(folder.id, offset, limit);
    const text = list
      .map((s) => `${`0x${s.id.toString(16)}`.padEnd(10)} ${(s.date ?? '').slice(0, 16).padEnd(16)}  ${(s.senderName || s.senderEmail).slice(0, 24).padEnd(24)}  ${s.subject}`)
      .join('\n');
    return { text: text || '(no items)', json: { folder: folderJson(folder), total: folder.itemCount, offset, items: list } };
  });
}

/** One `Label:   value` line of `show`, values lined up after the longest usual label. */
const field = (label: string, value: string) => `${`${label}:`.padEnd(12)} ${value}`;

export function show(file: string, idText: string | undefined): CommandOutput {
  const id = parseId(idText, '--item ID');
  return withMailbox(file, (mb) => {
    const d = mb.item(id);
    // One line per kind of recipient, as a mail client's header shows them.
    const recipients = (['to', 'cc', 'bcc'] as const).flatMap((type) => {
      const labels = d.recipients.filter((r) => r.type === type).map((r) => addressLabel(r.name, r.email));
      return labels.length === 0 ? [] : [field(`${type[0]!.toUpperCase()}${type.slice(1)}`, labels.join('; '))];
    });
    // A calendar item's, contact's or task's own fields, as the app shows them; dates as ISO, like Date: above.
    const kind = kindFields(d, (iso) => iso)?.rows.map(([label, value]) => field(label, value)) ?? [];
    const text = [
      field('Subject', d.subject),
      field('From', addressLabel(d.senderName, d.senderEmail) || '(none)'),
      ...recipients,
      field('Date', d.date ?? '(none)'),
      field('Class', d.messageClass),
      field('Size', formatBytes(d.size)),
      ...kind,
      ...d.attachments.map((a) => field('Attachment', `[${a.index}] ${a.filename} (${formatBytes(a.size)}, ${a.method})`)),
      ...d.problems.map((p) => field('Problem', p)),
      '',
      d.body.text ?? (d.body.rtf ? textFromRtf(d.body.rtf) : d.body.html ? textFromHtml(d.body.html) : '(no body)'),
    ].join('\n');
    return { text, json: d };
  });
}
