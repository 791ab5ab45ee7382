/**
 * The worker's only door into the core. Everything the app needs from the reader, the recovery
 * scanner and the writer goes through here, so wiring a new core piece is a change to this file.
 */

import { convertMailbox } from '../core/convert.js';
import { RescueError } from '../core/errors.js';
import { Mailbox } from '../core/mailbox.js';
import type { ConvertOptions, ConvertReport, RunControl } from '../core/model.js';
import { deepScan as coreDeepScan } from '../core/recovery/index.js';
import { useCoreThreads } from '../core/thread-entry.js';

export { RescueError, useCoreThreads };
export { textFromRtf } from '../core/messaging/rtf.js';
export type { RunControl };
export type OpenMailbox = Mailbox;

export function openMailbox(path: string): OpenMailbox {
  return Mailbox.open(path);
}

export interface Recovery {
  /** The rebuilt store behind the Mailbox API: the live tree plus "Recovered Items", all listable. */
  mailbox: OpenMailbox;
  orphans: number;
  deleted: number;
  carved: number;
  problems: string[];
}

/** Scans the whole file, trusting neither its header nor its indexes, and opens what it rebuilt. */
export async function deepScan(path: string, control: RunControl): Promise<Recovery> {
  const store = await coreDeepScan(path, control);
  return {
    mailbox: Mailbox.fromRecovery(store),
    orphans: store.summary.items.orphans,
    deleted: store.summary.items.deleted,
    carved: store.summary.items.carved,
    problems: store.problems.map((p) => `${p.object}: ${p.problem}`),
  };
}

/** The folders an export takes (see Mailbox.exportableFolders): ids, and the user's top folder. */
export function exportableFolders(mb: OpenMailbox): { userRootId: number | null; ids: number[] } {
  const { top, folders } = mb.exportableFolders();
  return { userRootId: top ? top.id : null, ids: folders.map((f) => f.id) };
}

/** Exports the mailbox the preview shows (opened, or rebuilt by the deep scan) without reading it again. */
export function exportMailbox(mb: OpenMailbox, output: string, options: ConvertOptions, control: RunControl): Promise<ConvertReport> {
  return convertMailbox(mb, output, options, control);
}
