// Where the tests' real Outlook files live, and scratch directories that clean up after themselves.
//
// Paths are resolved from this module's own location at run time, because the compiled copy runs from
// dist/test/support/ while the source sits in test/support/: both find the repository root by walking up to the
// package.json that names this project.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_NAME = 'ost-rescue';

// The one file in ../shared/fixtures that only pretends to be a PST (an HTTP 301 page saved under a .pst name),
// as listed in ../shared/fixtures/README.md. Every other fixture is a real file written by Outlook.
const NOT_OUTLOOK_FIXTURES: ReadonlySet<string> = new Set(['jashmenn__pst.rb__albert_meyers_000.pst']);

let cachedRoot: string | undefined;

/** The core's helper-thread entry as tsc builds it, for tests that write and verify as the CLI and the app do (useCoreThreads). */
export function coreThreadsEntry(): URL {
  return pathToFileURL(path.join(repoRoot(), 'dist', 'core', 'threads.js'));
}

/** Absolute path of the repository root (the folder holding this project's package.json). */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest) && readPackageName(manifest) === PACKAGE_NAME) {
      cachedRoot = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json named ${PACKAGE_NAME} above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

function readPackageName(manifest: string): unknown {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
  } catch {
    return undefined;
  }
}

/** The expected location of the shared fixtures: `../shared/fixtures` relative to the repository root. */
export function sharedFixturesPath(): string {
  return path.resolve(repoRoot(), '..', 'shared', 'fixtures');
}

/** `../shared/fixtures` relative to the repository root, or null when this checkout has no shared folder. */
export function sharedFixturesDir(): string | null {
  const dir = sharedFixturesPath();
  return existsSync(dir) ? dir : null;
}

/** The shared fixtures folder, or null after skipping the test `t` with a printed reason. */
export function requireShared(t: TestContext): string | null {
  const dir = sharedFixturesDir();
  if (dir !== null) return dir;
  const reason = `shared fixtures not found at ${sharedFixturesPath()} (only present in the full workspace)`;
  console.log(`# skip ${t.name}: ${reason}`);
  t.skip(reason);
  return null;
}

export interface FixtureFile {
  /** Absolute path. */
  path: string;
  /** File name inside the fixtures folder. */
  name: string;
  /** True for files Outlook wrote; false for the fake `.pst` that must be refused. */
  outlook: boolean;
}

/** Every file in the shared fixtures folder except its README.md, sorted by name; [] when the folder is absent. */
export function fixtureFiles(): FixtureFile[] {
  const dir = sharedFixturesDir();
  if (dir === null) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name !== 'README.md')
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({ path: path.join(dir, name), name, outlook: !NOT_OUTLOOK_FIXTURES.has(name) }));
}

/** The shared fixtures written by Outlook (all but the fake HTML `.pst`). */
export function outlookFixtures(): FixtureFile[] {
  return fixtureFiles().filter((fixture) => fixture.outlook);
}

/** The folder holding pst-extractor's sample files (a devDependency), or null if it is not installed. */
export function pstExtractorDir(): string | null {
  const dir = path.join(repoRoot(), 'node_modules', 'pst-extractor', 'example', 'testdata');
  return existsSync(dir) ? dir : null;
}

/**
 * Absolute paths of pst-extractor's real files: its two OSTs (Outlook 2013+, wVer 36) and enron.pst, sorted;
 * [] when the package is not installed.
 */
export function pstExtractorFiles(): string[] {
  const dir = pstExtractorDir();
  if (dir === null) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ost') || name === 'enron.pst')
    .sort()
    .map((name) => path.join(dir, name));
}

/** A fresh empty directory under the OS temp folder, removed (with its contents) when test `t` ends. */
export function tempDir(t: TestContext, prefix = 'ost-rescue-test-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
