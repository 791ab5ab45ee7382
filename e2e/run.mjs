// Runs the e2e specs: bundles the test-only electron shim, then Playwright, headed under xvfb-run
// when there is no display (as in CI). Extra arguments go to `playwright test`; `--bench` first runs the
// benchmarks of the app (*.bench.ts, playwright.bench.config.ts) instead of the specs.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'e2e/shim/electron-shim.ts')],
  outfile: join(root, 'out/e2e/electron-shim.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const bench = process.argv[2] === '--bench';
const config = bench ? 'e2e/playwright.bench.config.ts' : 'e2e/playwright.config.ts';
const args = ['playwright', 'test', '-c', config, ...process.argv.slice(bench ? 3 : 2)];
const cmd = process.env.DISPLAY ? ['npx', args] : ['xvfb-run', ['-a', '-s', '-screen 0 1920x1080x24', 'npx', ...args]];
const r = spawnSync(cmd[0], cmd[1], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
