/**
 * What the specs share: the real files they open (and copies of them to damage), the independent
 * reader they check against (libpff's pffexport through the unit tests' oracle, run inside the
 * test), screenshots in light and dark.
 */

import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './launcher.js';

export { pffexportTree } from '../test/support/oracles.js';

const TESTDATA = join(ROOT, 'node_modules/pst-extractor/example/testdata');
export const OST = join(TESTDATA, 'pstextractortest@outlook.com.ost');
/** An OST whose Inbox holds a PDF attachment. */
export const PDF_OST = join(TESTDATA, 'pstextractortestpdf@outlook.com.ost');
export const ENRON = join(TESTDATA, 'enron.pst');
export const NOT_PST = '/work/shared/fixtures/jashmenn__pst.rb__albert_meyers_000.pst';
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

/** A copy of `source` in `dir` (a test's scratch folder), for the test to damage; the original is never written. */
export function copyOf(source: string, dir: string, name = basename(source)): string {
  const copy = join(dir, name);
  copyFileSync(source, copy);
  chmodSync(copy, 0o644);
  return copy;
}

export interface ExportedMessage {
  dir: string;
  subject: string;
  html: string | null;
  text: string | null;
}

/**
 * pffexport's items in one folder of its export: one directory per item named by its kind
 * (Message00001, Meeting00008, Appointment00001…), headers in OutlookHeaders.txt or <Kind>.txt.
 */
export function exportedItems(folderDir: string): ExportedMessage[] {
  return readdirSync(folderDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[A-Z][a-z]+\d{5}$/.test(d.name))
    .map((d) => {
      const dir = join(folderDir, d.name);
      const kind = d.name.replace(/\d+$/, '');
      const headerFile = [join(dir, 'OutlookHeaders.txt'), join(dir, `${kind}.txt`)].find((f) => existsSync(f));
      const headers = headerFile ? readFileSync(headerFile, 'utf8') : '';
      const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null);
      return { dir, subject: /^Subject:\s*(.*)$/m.exec(headers)?.[1]?.trim() ?? '', html: read('Message.html'), text: read('Message.txt') };
    });
}

/** Collapses whitespace so texts from two readers compare on their words. */
export function words(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Saves the window as e2e/artifacts/NAME-light.png and NAME-dark.png. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // Let colour transitions (buttons fade between themes) finish before the picture.
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(ARTIFACTS, `${name}-${colorScheme}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}
