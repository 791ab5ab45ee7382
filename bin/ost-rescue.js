#!/usr/bin/env node
// The CLI is compiled TypeScript; `npm install` builds it (the "prepare" script).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ost-rescue: not built yet. Run `npm install` (or `npm run build`) in the project folder first.\n');
  process.exit(1);
}
await import(entry.href);
