/**
 * Remembers the window's size, position and maximised state between runs, and ignores a saved
 * position that no longer lands on any display (a monitor was unplugged).
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { app, screen, type BrowserWindow, type Rectangle } from 'electron';

interface Saved {
  bounds: Rectangle;
  maximized: boolean;
}

const DEFAULT = { width: 1180, height: 780 };

function file(): string {
  return join(app.getPath('userData'), 'window-state.json');
}

function onSomeDisplay(b: Rectangle): boolean {
  return screen.getAllDisplays().some(({ workArea: a }) =>
    b.x < a.x + a.width - 80 && b.x + b.width > a.x + 80 && b.y >= a.y - 10 && b.y < a.y + a.height - 80,
  );
}

export function loadWindowState(): { bounds: Partial<Rectangle>; maximized: boolean } {
  try {
    const saved = JSON.parse(readFileSync(file(), 'utf8')) as Saved;
    if (saved.bounds.width >= 640 && saved.bounds.height >= 480) {
      return {
        bounds: onSomeDisplay(saved.bounds) ? saved.bounds : { width: saved.bounds.width, height: saved.bounds.height },
        maximized: saved.maximized,
      };
    }
  } catch {
    // First run, or an unreadable file: the defaults are the right answer either way.
  }
  return { bounds: DEFAULT, maximized: false };
}

export function trackWindowState(win: BrowserWindow): void {
  win.on('close', () => {
    const saved: Saved = { bounds: win.getNormalBounds(), maximized: win.isMaximized() };
    try {
      writeFileSync(file(), JSON.stringify(saved));
    } catch {
      // Not being able to remember the size is not worth an error on the way out.
    }
  });
}
