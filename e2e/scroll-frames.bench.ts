/**
 * `npm run bench:scroll`: how smoothly the app's list scrolls a 100 000-item folder end to end. Five
 * scrolls of 3 s each in the app as the e2e specs launch it; prints each one's frame times and whether
 * the target (95 % of frames under 50 ms, i.e. at least 20 frames a second) holds, and writes them to
 * bench/results/scroll-<time>.json. A benchmark, not a spec: frame times follow whatever else the
 * machine is doing, so they are reported, not asserted.
 */

import { recordResults } from '../bench/record.js';
import { test } from './app-test.js';
import { BIG_COUNT, BIG_FOLDER, bigPst } from './big-pst.js';
import { ROOT } from './launcher.js';
import { next, openAndScan, scrollListToEnd } from './steps.js';

const SCROLLS = 5;
const SCROLL_MS = 3000;
const P95_TARGET_MS = 50;

interface Scroll {
  frames: number;
  medianMs: number;
  p95Ms: number;
  worstMs: number;
}

function summary(gaps: number[]): Scroll {
  const s = [...gaps].sort((a, b) => a - b);
  // Frame times come on a 0.1 ms grid (the page's performance.now() is coarsened); kept at that.
  const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(s.length * q))]! * 10) / 10;
  return { frames: s.length, medianMs: at(0.5), p95Ms: at(0.95), worstMs: at(1) };
}

test('scrolling a 100 000-item folder', async ({ app, page }) => {
  test.setTimeout(300_000);
  await openAndScan(app, bigPst());
  await next(page);
  await page.getByRole('treeitem', { name: new RegExp(`^${BIG_FOLDER},`) }).click();
  await page.getByTestId('list-count').filter({ hasText: BIG_COUNT.toLocaleString('en-US') }).waitFor();

  const scrolls: Scroll[] = [];
  for (let k = 0; k < SCROLLS; k++) {
    await page.getByTestId('item-list').evaluate((el) => (el.scrollTop = 0));
    const s = summary(await scrollListToEnd(page, SCROLL_MS));
    scrolls.push(s);
    console.log(`scroll ${k + 1}: ${s.frames} frames, median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, worst ${s.worstMs.toFixed(1)} ms`);
  }
  const met = scrolls.every((s) => s.p95Ms < P95_TARGET_MS);
  console.log(`${met ? 'MET' : 'NOT MET'}: p95 frame time < ${P95_TARGET_MS} ms in every scroll (mode: ${app.mode})`);

  recordResults(ROOT, 'scroll', { mode: app.mode, items: BIG_COUNT, scrollMs: SCROLL_MS, target: { p95Ms: P95_TARGET_MS, met }, scrolls });
});
