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

/**
 * Scrolls the item list from top to bottom over `ms` of animation frames, moving it each frame, as a
 * dragged scroll bar does; resolves with the time between frames, in ms.
 */
export function scrollListToEnd(page: Page, ms: number): Promise<number[]> {
  return page.getByTestId('item-list').evaluate(async (el, ms) => {
    const times: number[] = [];
    const end = el.scrollHeight - el.clientHeight;
    const t0 = performance.now();
    await new Promise<void>((done) => {
      const step = (t: number) => {
        times.push(t);
        el.scrollTop = Math.min(end, ((t - t0) / ms) * end);
        if (el.scrollTop >= end) done();
        else requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    });
    return times.slice(1).map((t, i) => t - times[i]!);
  }, ms);
}
