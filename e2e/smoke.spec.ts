import { test, expect } from '@playwright/test';
import { launch } from './launcher.js';

test('smoke', async () => {
  const app = await launch();
  try {
    await expect(app.page.getByRole('heading', { name: 'Recover mail from an Outlook data file' })).toBeVisible();
    await app.page.screenshot({ path: 'e2e/artifacts/smoke.png' });
  } finally {
    await app.close();
  }
});
