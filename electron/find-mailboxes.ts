/**
 * Outlook data files in the places Outlook keeps them: %LOCALAPPDATA%\Microsoft\Outlook (OST and
 * newer PST files) and Documents\Outlook Files (PSTs made by Outlook 2010 and later).
 */

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { OUTLOOK_EXTENSION, type FoundFile } from './contract.js';

export interface Place {
  dir: string;
  label: string;
}

export function usualPlaces(env: NodeJS.ProcessEnv, documents: string, home: string): Place[] {
  const local = env.LOCALAPPDATA ?? join(home, 'AppData', 'Local');
  return [
    { dir: join(local, 'Microsoft', 'Outlook'), label: 'Outlook (Local AppData)' },
    { dir: join(documents, 'Outlook Files'), label: 'Documents ▸ Outlook Files' },
  ];
}

export async function findMailboxes(places: Place[]): Promise<FoundFile[]> {
  const found: FoundFile[] = [];
  for (const place of places) {
    let names: string[];
    try {
      names = await readdir(place.dir);
    } catch {
      continue; // The place does not exist on this machine.
    }
    for (const name of names) {
      if (!OUTLOOK_EXTENSION.test(name)) continue;
      const path = join(place.dir, name);
      try {
        const s = await stat(path);
        if (s.isFile()) found.push({ path, name, sizeBytes: s.size, modified: s.mtime.toISOString(), place: place.label });
      } catch {
        // Vanished or unreadable between readdir and stat: leave it out of the list.
      }
    }
  }
  return found.sort((a, b) => b.modified.localeCompare(a.modified));
}
