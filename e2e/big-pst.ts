/**
 * TEST ONLY. Writes (once, cached under out/e2e/) a PST with one 100 000-item folder, using the
 * project's own PST writer: varied senders, subjects, dates and attachment flags, so the list's
 * scrolling, sorting and filtering and the scan's and export's cancel have real work to do.
 */

import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { PstWriter } from '../core/pst-writer.js';
import type { RawProp } from '../core/messaging/objects.js';
import { ROOT } from './launcher.js';

export const BIG_COUNT = 100_000;
export const BIG_FOLDER = 'Big Inbox';

const str = (id: number, s: string): RawProp => ({ id, type: 0x001f, data: Buffer.from(s, 'utf16le') });
const bool = (id: number, v: boolean): RawProp => ({ id, type: 0x000b, data: Uint8Array.of(v ? 1 : 0, 0) });
function time(id: number, ms: number): RawProp {
  const data = Buffer.alloc(8);
  data.writeBigUInt64LE((BigInt(ms) + 11_644_473_600_000n) * 10_000n);
  return { id, type: 0x0040, data };
}

const SENDERS = ['Alice Martin', 'Bob Chen', 'Carla Rossi', 'Dmitri Ivanov', 'Eva Novak', 'Farid Haddad', 'Grace Okafor', 'Hiro Tanaka'];

export function bigPst(): string {
  const dir = join(ROOT, 'out', 'e2e');
  const file = join(dir, `big-${BIG_COUNT}.pst`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.tmp`;
  const w = PstWriter.create(temp, { displayName: 'Big', encoding: 'permute' });
  const folder = w.addFolder(w.ipmSubtree, { props: [str(0x3001, BIG_FOLDER)] }, () => null, { containerClass: 'IPF.Note' });
  const start = Date.UTC(2015, 0, 1);
  for (let i = 0; i < BIG_COUNT; i++) {
    const sender = SENDERS[i % SENDERS.length]!;
    w.addMessage(
      folder,
      {
        sourceNid: i,
        props: [
          str(0x001a, 'IPM.Note'),
          str(0x0037, `Report ${String(i).padStart(6, '0')}`),
          str(0x1000, `Body of report ${i}.`),
          str(0x0c1a, sender),
          str(0x0c1f, `${sender.split(' ')[0]!.toLowerCase()}@example.com`),
          str(0x0e04, 'Team'),
          time(0x0e06, start + i * 3_600_000),
          bool(0x0e1b, i % 10 === 0),
        ],
        recipients: [],
        attachments: [],
        problems: [],
      },
      () => null,
    );
  }
  w.finish();
  renameSync(temp, file);
  return file;
}
