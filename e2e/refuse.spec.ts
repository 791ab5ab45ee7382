/**
 * A file that is not an Outlook data file is refused with sentences, not a stack trace: when opened,
 * and again by the deep scan offered for files whose header may only be damaged.
 */

import { expect, test } from './app-test.js';
import { NOT_PST, shoot } from './fixtures.js';

test('refuses a .pst that is not an Outlook file, readably', async ({ app, page }) => {
  await app.answerDialog('open', NOT_PST);
  await page.getByRole('button', { name: 'Browse…' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toBeVisible();
  const text = await alert.innerText();
  expect(text).toMatch(/not an Outlook data file|too small|empty|truncated/i);
  expect(text).toContain('albert_meyers_000.pst');
  expect(text).not.toMatch(/\bat .+:\d+:\d+|Error:|undefined|\[object/);
  await expect(page.getByTestId('file-card')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await shoot(page, '1-locate-refused');

  // The deep scan, offered for files whose header may only be damaged, refuses it in its own words.
  await page.getByRole('button', { name: 'Deep scan anyway' }).click();
  await page.getByRole('button', { name: 'Start deep scan' }).click();
  const refusal = page.getByRole('alert');
  await expect(refusal).toContainText('no Outlook index pages were found');
  const words = await refusal.innerText();
  expect(words).toContain('albert_meyers_000.pst');
  expect(words).not.toMatch(/\bat .+:\d+:\d+|Error:|undefined|\[object/);
  await expect(page.getByRole('button', { name: 'Next' })).toBeDisabled();
  await shoot(page, '2-scan-refused');
});
