/**
 * One way for the specs to start the app, two modes. With an Electron binary installed, the real
 * app through Playwright's _electron.launch. Without one (this machine), the real built main
 * process in Node with `electron` mapped to the shim, its window a page in Debian's Chromium that
 * the test reaches over CDP. Either way the spec gets the window's Page and the same test hooks.
 */

import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from '@playwright/test';
import type { ShimToTest, TestToShim } from './shim/protocol.js';

export const ROOT = resolve(import.meta.dirname, '..');
const SHIM = join(ROOT, 'out', 'e2e', 'electron-shim.cjs');
const MAIN = join(ROOT, 'out', 'app', 'main.cjs');

export interface ShellCall {
  call: string;
  arg: string;
}

export interface LaunchedApp {
  mode: 'electron' | 'shim';
  page: Page;
  /** A scratch home for this run: userData, Documents, the Local AppData the app searches. */
  home: string;
  /** The next open or save dialog answers with this path (null = the user cancelled). */
  answerDialog(kind: 'open' | 'save', path: string | null): Promise<void>;
  /** Drops a real file onto the window, as the OS would. */
  dropFile(path: string): Promise<void>;
  clickMenu(label: string): Promise<void>;
  /** The OS starting the app again with these arguments (double-click on a file while it runs). */
  secondInstance(argv: string[]): Promise<void>;
  /** Uncaught errors and console errors of the app's page (not the mail frame's blocked loads). */
  errors: string[];
  /** shell.showItemInFolder / openExternal calls main made so far. */
  shellCalls(): Promise<ShellCall[]>;
  close(): Promise<void>;
}

/** The installed Electron binary, found without requiring `electron` (which would try to download it). */
function electronBinary(): string | null {
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => done(port));
    });
    srv.on('error', fail);
  });
}

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (msg) => {
    // The mail frame's CSP refusals are the remote-content blocking doing its job.
    if (msg.type() === 'error' && msg.location().url !== 'about:srcdoc') errors.push(`console: ${msg.text()}`);
  });
  return errors;
}

/** Dispatches OS-style drag events carrying a real file through CDP, in both modes. */
async function dispatchFileDrop(page: Page, path: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const box = page.viewportSize() ?? { width: 1180, height: 780 };
  const at = { x: Math.round(box.width / 2), y: Math.round(box.height / 2) };
  const data = { items: [], files: [path], dragOperationsMask: 1 };
  for (const type of ['dragEnter', 'dragOver', 'drop'] as const) {
    await cdp.send('Input.dispatchDragEvent', { type, ...at, data });
  }
  await cdp.detach();
}

export interface LaunchOptions {
  /** Files the app finds where Outlook keeps them (%LOCALAPPDATA%\Microsoft\Outlook of the scratch home). */
  outlookFiles?: string[];
}

export async function launch(options: LaunchOptions = {}): Promise<LaunchedApp> {
  const home = mkdtempSync(join(tmpdir(), 'ost-rescue-e2e-'));
  const outlook = join(home, 'LocalAppData', 'Microsoft', 'Outlook');
  for (const file of options.outlookFiles ?? []) {
    mkdirSync(outlook, { recursive: true });
    symlinkSync(file, join(outlook, basename(file)));
  }
  const baseEnv = { ...process.env, HOME: home, LOCALAPPDATA: join(home, 'LocalAppData') };
  const binary = electronBinary();
  return binary ? launchElectron(binary, home, baseEnv) : launchShim(home, baseEnv);
}

async function launchElectron(binary: string, home: string, env: NodeJS.ProcessEnv): Promise<LaunchedApp> {
  const app: ElectronApplication = await _electron.launch({
    executablePath: binary,
    args: [ROOT, `--user-data-dir=${join(home, 'userData')}`],
    env: env as Record<string, string>,
  });
  const page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
  await app.evaluate(({ shell }) => {
    const record: ShellCall[] = [];
    (globalThis as unknown as { __e2eShellCalls: ShellCall[] }).__e2eShellCalls = record;
    shell.showItemInFolder = (arg: string) => void record.push({ call: 'showItemInFolder', arg });
    shell.openExternal = async (arg: string) => void record.push({ call: 'openExternal', arg });
  });
  return {
    mode: 'electron',
    page,
    home,
    errors: collectErrors(page),
    async answerDialog(kind, path) {
      await app.evaluate(({ dialog }, [k, p]) => {
        if (k === 'open') dialog.showOpenDialog = (async () => (p ? { canceled: false, filePaths: [p] } : { canceled: true, filePaths: [] })) as never;
        else dialog.showSaveDialog = (async () => (p ? { canceled: false, filePath: p } : { canceled: true, filePath: '' })) as never;
      }, [kind, path] as const);
    },
    dropFile: (path) => dispatchFileDrop(page, path),
    async secondInstance(argv) {
      await app.evaluate(({ app: a }, args) => a.emit('second-instance', {}, ['electron', ...args], process.cwd(), {}), argv);
    },
    async clickMenu(label) {
      await app.evaluate(({ Menu }, l) => Menu.getApplicationMenu()?.items.flatMap((i) => i.submenu?.items ?? []).find((i) => i.label === l)?.click(), label);
    },
    shellCalls: () => app.evaluate(() => (globalThis as unknown as { __e2eShellCalls: ShellCall[] }).__e2eShellCalls),
    async close() {
      await app.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

async function launchShim(home: string, env: NodeJS.ProcessEnv): Promise<LaunchedApp> {
  const port = await freePort();
  const child: ChildProcess = fork(MAIN, [], {
    cwd: ROOT,
    execArgv: ['--require', SHIM],
    env: { ...env, E2E_HOME: home, E2E_CDP_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const shellCalls: ShellCall[] = [];
  const loaded = new Promise<void>((done, fail) => {
    child.on('message', (msg: ShimToTest) => {
      if (msg.type === 'window-loaded') done();
      else if (msg.type === 'shell') shellCalls.push({ call: msg.call, arg: msg.arg });
    });
    child.once('exit', (code) => fail(new Error(`The app exited during start-up (code ${code})`)));
  });
  await loaded;
  const browser: Browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  const page = browser
    .contexts()
    .flatMap((c) => c.pages())
    .find((p) => p.url().startsWith('http://app-rescue.localhost/'));
  if (!page) throw new Error('The app window did not open');
  const send = (msg: TestToShim) => child.send(msg);

  return {
    mode: 'shim',
    page,
    home,
    errors: collectErrors(page),
    async answerDialog(kind, path) {
      send({ type: 'dialog', kind, answer: path });
    },
    async dropFile(path) {
      // Chromium cannot tell a page where a dropped File lives; the shim's webUtils looks it up here.
      await page.evaluate(([name, p]) => (window as unknown as { __shimDroppedPaths: Map<string, string> }).__shimDroppedPaths.set(name, p), [path.split('/').pop()!, path] as const);
      await dispatchFileDrop(page, path);
    },
    async clickMenu(label) {
      send({ type: 'menu', label });
    },
    async secondInstance(argv) {
      send({ type: 'second-instance', argv: ['node', ...argv] });
    },
    shellCalls: async () => shellCalls,
    async close() {
      const exited = new Promise((done) => child.once('exit', done));
      await browser.close().catch(() => undefined);
      send({ type: 'quit' });
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))]);
      if (child.exitCode === null) child.kill();
      rmSync(home, { recursive: true, force: true });
    },
  };
}
