// Builds the desktop app into out/: main, preload and worker bundled by esbuild (the preload as one
// CJS file, since a sandboxed preload cannot require local files), the renderer by Vite.
// `--dev` keeps the output readable and adds source maps.
import { build } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: dev ? 'inline' : false,
  minify: !dev,
  logLevel: 'warning',
  absWorkingDir: root,
};

await Promise.all([
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'out/app/main.cjs' }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'out/app/preload.cjs' }),
  build({ ...common, entryPoints: ['electron/worker.ts'], outfile: 'out/app/worker.cjs' }),
  build({ ...common, entryPoints: ['core/threads.ts'], outfile: 'out/app/threads.cjs' }),
]);
await viteBuild({ configFile: join(root, 'renderer', 'vite.config.ts'), mode: dev ? 'development' : 'production', logLevel: 'warn' });
console.log('built out/app and out/renderer');
