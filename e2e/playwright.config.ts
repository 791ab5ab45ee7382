import { defineConfig } from '@playwright/test';

// Each spec launches its own app (and, in shim mode, its own Chromium and worker); two cores.
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: 'artifacts/test-results',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list']],
});
