/** Wizard moves the specs share: open a file, scan it, go to a step. */

import { expect, type Page } from '@playwright/test';
import type { LaunchedApp } from './launcher.js';

/** Drops the file on the window, as a user would, and waits for its card. */
export async function openFile(app: LaunchedApp, file: string): Promise<void> {
  await app.dropFile(file);
  await expect(app.page.getByTestId('file-card')).toBeVisible();
}

export async function openAndScan(app: LaunchedApp, file: string): Promise<void> {
  const { page } = app;
  await openFile(app, file);
  await next(page);
  await page.getByRole('button', { name: 'Start quick scan' }).click();
  await expect(page.getByTestId('scan-summary')).toBeVisible({ timeout: 90_000 });
}

export async function next(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Next' }).click();
}
