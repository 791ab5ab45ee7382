/**
 * TEST ONLY. A stand-in for the `electron` module so the real built main process (out/app/main.cjs)
 * runs in plain Node when no Electron binary can be had. Each BrowserWindow becomes a page in
 * Debian's Chromium; the app:// protocol is served through a route on http://app-rescue.localhost;
 * the real preload runs inside the page (see page-shim.ts); invokes reach the real ipcMain handlers
 * and through them the real worker. Dialogs, shell and menus answer to the test over the fork IPC
 * channel.
 *
 * What it does not cover, so a spec passing here proves nothing about it:
 * - Electron's sandbox and context isolation: the preload runs in the page's own world;
 * - native dialogs (they answer what the test queued), rendered menus (a "click" calls the item's
 *   handler), the shell (showItemInFolder and openExternal are recorded, not performed);
 * - where a dropped file lives: the test registers its path (the drop itself is a real CDP drag);
 * - OS integration: the single-instance lock is always granted, second-instance is emitted by the
 *   test, macOS open-file, file associations and the installers are not exercised;
 * - will-navigate and the window-open handler (registered, never fired), permission requests,
 *   nativeTheme (always light), screens (one fixed 1920×1080 work area), showing, focusing and
 *   minimizing windows (no-ops).
 * e2e/README.md lists the same for whoever reads the specs.
 */

import { EventEmitter } from 'node:events';
import { readFileSync, mkdirSync } from 'node:fs';
import Module from 'node:module';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { pageShimSource } from './page-shim.js';
import type { ShimToTest, TestToShim } from './protocol.js';

const ROOT = process.cwd();
const HOME = process.env.E2E_HOME!;
const APP_ORIGIN = 'app://rescue';
const PAGE_ORIGIN = 'http://app-rescue.localhost';
const toPage = (url: string) => url.replace(APP_ORIGIN, PAGE_ORIGIN);
const toApp = (url: string) => url.replace(PAGE_ORIGIN, APP_ORIGIN);

const tell = (msg: ShimToTest) => process.send?.(msg);

// ---- what the test answers for dialogs, and hears about shell calls and menus ----

const answers: { open: (string | null)[]; save: (string | null)[] } = { open: [], save: [] };
let menuTemplate: { label?: string; submenu?: unknown; click?: () => void }[] = [];

// Worker threads inherit --require, so the shim loads there too; only main's copy listens.
if (isMainThread) process.on('message', (msg: TestToShim) => {
  if (msg.type === 'dialog') answers[msg.kind].push(msg.answer);
  else if (msg.type === 'menu') findMenu(menuTemplate, msg.label)?.click?.();
  else if (msg.type === 'second-instance') app.emit('second-instance', {}, msg.argv, ROOT);
  else if (msg.type === 'quit') void quit();
});

function findMenu(items: typeof menuTemplate, label: string): (typeof menuTemplate)[number] | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    if (Array.isArray(item.submenu)) {
      const found = findMenu(item.submenu as typeof menuTemplate, label);
      if (found) return found;
    }
  }
  return undefined;
}

// ---- the browser ----

let context: BrowserContext | null = null;
async function launchBrowser(): Promise<BrowserContext> {
  const userDataDir = join(HOME, 'chromium-profile');
  mkdirSync(userDataDir, { recursive: true });
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    headless: !process.env.DISPLAY,
    viewport: null,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--remote-debugging-port=${process.env.E2E_CDP_PORT}`,
      '--window-size=1180,780',
    ],
  });
}

async function quit(): Promise<void> {
  for (const w of [...windows]) w.emit('close', { preventDefault() {} });
  await context?.close().catch(() => undefined);
  process.exit(0);
}

// ---- protocol ----

type ProtocolHandler = (req: Request) => Promise<Response>;
const schemes = new Map<string, ProtocolHandler>();
export const protocol = {
  registerSchemesAsPrivileged(_schemes: unknown[]) {},
  handle(scheme: string, handler: ProtocolHandler) {
    schemes.set(scheme, handler);
  },
};

// ---- ipcMain ----

type InvokeHandler = (event: unknown, ...args: unknown[]) => unknown;
const handlers = new Map<string, InvokeHandler>();
export const ipcMain = {
  handle(channel: string, fn: InvokeHandler) {
    handlers.set(channel, fn);
  },
};

// ---- windows ----

const windows = new Set<BrowserWindow>();

class WebContents extends EventEmitter {
  constructor(private readonly win: BrowserWindow) {
    super();
  }
  send(channel: string, ...args: unknown[]) {
    void this.win.page?.evaluate(([c, a]) => (window as unknown as { __shimDeliver(c: string, a: unknown[]): void }).__shimDeliver(c, a), [channel, args] as const).catch(() => undefined);
  }
  setWindowOpenHandler(_fn: unknown) {}
  getURL() {
    return toApp(this.win.page?.url() ?? '');
  }
}

export class BrowserWindow extends EventEmitter {
  page: Page | null = null;
  readonly webContents = new WebContents(this);
  private destroyed = false;
  private maximized = false;

  constructor(private readonly options: { width?: number; height?: number; webPreferences?: { preload?: string } }) {
    super();
    windows.add(this);
    app.emit('web-contents-created', {}, this.webContents);
  }

  static getAllWindows() {
    return [...windows];
  }
  static fromWebContents(wc: unknown) {
    return [...windows].find((w) => w.webContents === wc) ?? null;
  }

  async loadURL(url: string): Promise<void> {
    const ctx = context!;
    this.page = ctx.pages().find((p) => p.url() === 'about:blank') ?? (await ctx.newPage());
    const page = this.page;
    await page.setViewportSize({ width: this.options.width ?? 1180, height: this.options.height ?? 780 });
    await page.exposeBinding('__shimInvoke', async (source, channel: string, args: unknown[]) => {
      const handler = handlers.get(channel);
      if (!handler) throw new Error(`No handler registered for '${channel}'`);
      const event = { sender: this.webContents, senderFrame: { url: toApp(source.frame.url()) } };
      return handler(event, ...args);
    });
    const preload = this.options.webPreferences?.preload;
    if (preload) await page.addInitScript({ content: pageShimSource(readFileSync(preload, 'utf8')) });
    page.on('close', () => this.markClosed());
    await page.goto(toPage(url));
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
    tell({ type: 'window-loaded', url: page.url() });
  }

  private markClosed() {
    if (this.destroyed) return;
    this.destroyed = true;
    windows.delete(this);
    this.emit('closed');
    if (windows.size === 0) app.emit('window-all-closed');
  }

  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: this.options.width ?? 1180, height: this.options.height ?? 780 };
  }
}

// ---- app ----

class App extends EventEmitter {
  isPackaged = false;
  private ready: Promise<void> | null = null;
  whenReady() {
    this.ready ??= launchBrowser().then(async (ctx) => {
      context = ctx;
      await ctx.route(`${PAGE_ORIGIN}/**`, async (route) => {
        const handler = schemes.get('app');
        if (!handler) return route.abort();
        const res = await handler(new Request(toApp(route.request().url())));
        await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
      });
    });
    return this.ready;
  }
  requestSingleInstanceLock() {
    return true;
  }
  getVersion() {
    return (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  }
  getAppPath() {
    return ROOT;
  }
  getPath(name: string) {
    const dir = name === 'home' ? HOME : join(HOME, name === 'documents' ? 'Documents' : name === 'downloads' ? 'Downloads' : name);
    mkdirSync(dir, { recursive: true });
    return dir;
  }
  quit() {
    void quit();
  }
}
export const app = new App();

// ---- the rest of the surface main uses ----

export const dialog = {
  async showOpenDialog() {
    const path = answers.open.shift() ?? null;
    return path ? { canceled: false, filePaths: [path] } : { canceled: true, filePaths: [] };
  },
  async showSaveDialog() {
    const path = answers.save.shift() ?? null;
    return path ? { canceled: false, filePath: path } : { canceled: true, filePath: undefined };
  },
};

export const shell = {
  showItemInFolder(path: string) {
    tell({ type: 'shell', call: 'showItemInFolder', arg: path });
  },
  async openExternal(url: string) {
    tell({ type: 'shell', call: 'openExternal', arg: url });
  },
};

export const Menu = {
  buildFromTemplate(template: typeof menuTemplate) {
    return template;
  },
  setApplicationMenu(template: typeof menuTemplate) {
    menuTemplate = template;
  },
};

export const nativeTheme = { shouldUseDarkColors: false, themeSource: 'system' };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const session = { defaultSession: { setPermissionRequestHandler(_fn: unknown) {} } };

// `require('electron')` anywhere in the process resolves to this module.
const resolve = (Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string })._resolveFilename;
(Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? __filename : resolve.call(this, request, ...rest);
};
