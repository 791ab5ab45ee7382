// Where every benchmark keeps its figures: bench/results/<name>-<time>.json, with the commit measured, so runs
// can be compared across commits.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The short hash of the commit checked out at `root`, or 'unknown' outside a git checkout. */
export function gitCommit(root: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes `figures` with the commit and Node's version under `root`'s bench/results; prints and returns the path. */
export function recordResults(root: string, name: string, figures: object): string {
  const dir = path.join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const out = path.join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(out, `${JSON.stringify({ commit: gitCommit(root), node: process.version, ...figures }, null, 2)}\n`);
  console.log(`results: ${path.relative(root, out)}`);
  return out;
}
