/**
 * The worker's only door into the core. Everything the app needs from the reader, the recovery
 * scanner and the writer goes through here, so wiring a new core piece is a change to this file.
 */

import { Mailbox } from '../core/mailbox.js';
import { RescueError } from '../core/errors.js';
import type { ConvertOptions, ConvertReport, FolderInfo, RunControl } from '../core/model.js';

export { RescueError };
export type { RunControl };
export type OpenMailbox = Mailbox;

export function openMailbox(path: string): OpenMailbox {
  return Mailbox.open(path);
}

export interface Recovery {
  folders: FolderInfo[];
  orphans: number;
  deleted: number;
  problems: string[];
}

export async function deepScan(_path: string, _control: RunControl): Promise<Recovery> {
  throw new RescueError('unsupported', 'Deep scan is not available in this build yet. Use the quick scan.');
}

export async function exportPst(
  _input: string,
  _output: string,
  _options: ConvertOptions,
  _control: RunControl,
): Promise<ConvertReport> {
  throw new RescueError('unsupported', 'Export is not available in this build yet.');
}
