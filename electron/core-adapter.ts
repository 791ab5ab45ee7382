/**
 * The worker's only door into the core. Everything the app needs from the reader, the recovery
 * scanner and the writer goes through here, so wiring a new core piece is a change to this file.
 */

import { convert } from '../core/convert.js';
import { RescueError } from '../core/errors.js';
import { Mailbox } from '../core/mailbox.js';
import type { ConvertOptions, ConvertReport, FolderInfo, RunControl } from '../core/model.js';
import { deepScan as coreDeepScan } from '../core/recovery/index.js';

export { RescueError };
export type { RunControl };
export type OpenMailbox = Mailbox;

export function openMailbox(path: string): OpenMailbox {
  return Mailbox.open(path);
}

export interface Recovery {
  /** The live tree plus the recovered folders, each with the number of items placed in it. */
  folders: FolderInfo[];
  orphans: number;
  deleted: number;
  problems: string[];
}

/**
 * The deep scan's findings. The recovered store is closed again here: the core does not yet offer
 * item summaries over it, so recovered folders are counted, not listed (see the report).
 */
export async function deepScan(path: string, control: RunControl): Promise<Recovery> {
  const store = await coreDeepScan(path, control);
  try {
    return {
      folders: store.folders.map((f) => ({ ...f, itemCount: store.messageIds(f.id).length })),
      orphans: store.summary.items.orphans,
      deleted: store.summary.items.deleted,
      problems: store.problems.map((p) => `${p.object}: ${p.problem}`),
    };
  } finally {
    store.close();
  }
}

export function exportPst(input: string, output: string, options: ConvertOptions, control: RunControl): Promise<ConvertReport> {
  return convert(input, output, options, control);
}
