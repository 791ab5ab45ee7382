/**
 * The `test` every spec uses. It starts the app for the test through the launcher (either mode),
 * hands the spec the app and its window's page, and when the test ends, passed or not, closes the
 * app (which removes its scratch home) and the test's scratch folder; then it fails the test on any
 * uncaught error or console error the app's page logged, so no spec has to remember to look.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test as base, type Page } from '@playwright/test';
import { launch, type LaunchedApp } from './launcher.js';

export { expect };

interface AppFixtures {
  /** Files the app finds in the usual Outlook folder; a spec sets them with test.use({ outlookFiles }). */
  outlookFiles: string[];
  app: LaunchedApp;
  /** The app's window (not a browser page of Playwright's own). */
  page: Page;
  /** A folder for the files a test makes (damaged copies, generated mailboxes), removed after it. */
  scratch: string;
}

export const test = base.extend<AppFixtures>({
  outlookFiles: [[], { option: true }],
  app: async ({ outlookFiles }, use) => {
    const app = await launch({ outlookFiles });
    try {
      await use(app);
    } finally {
      await app.close();
    }
    expect(app.errors, 'uncaught errors and console errors in the app').toEqual([]);
  },
  page: async ({ app }, use) => {
    await use(app.page);
  },
  // Playwright requires a fixture's first argument to be destructured, even when nothing is used.
  scratch: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'ost-rescue-e2e-scratch-'));
    try {
      await use(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
});
