/**
 * Main process: one window, the app:// renderer, the worker that runs the core, and the ways a
 * file arrives from the OS (command line, macOS open-file, a second launch, File ▸ Open).
 */

import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { app, BrowserWindow, Menu, nativeTheme, session } from 'electron';
import { buildMenu } from './app-menu.js';
import { OUTLOOK_EXTENSION } from './contract.js';
import { APP_URL, registerAppScheme, serveRenderer } from './app-protocol.js';
import { registerIpc, send } from './ipc-handlers.js';
import { loadWindowState, trackWindowState } from './window-state.js';
import { WorkerHost } from './worker-host.js';

// The bundles live next to each other in out/app; the worker must be read from outside the asar.
const here = __dirname;
const workerScript = join(here, 'worker.cjs').replace(`app.asar${sep}`, `app.asar.unpacked${sep}`);
const rendererDir = join(here, '..', 'renderer');
const samplePath = app.isPackaged ? join(process.resourcesPath, 'sample.ost') : join(app.getAppPath(), 'resources', 'sample.ost');

let win: BrowserWindow | null = null;
let loaded = false;
/** A file the OS asked us to open before the window could take it. */
let pending: string | null = null;

function mailboxArg(argv: readonly string[]): string | null {
  return argv.slice(1).find((a) => !a.startsWith('-') && OUTLOOK_EXTENSION.test(a)) ?? null;
}

function openFromOs(path: string): void {
  if (win && loaded) {
    if (win.isMinimized()) win.restore();
    win.focus();
    send(win, 'open-file', { path });
  } else {
    pending = path;
  }
}

function createWindow(): void {
  const state = loadWindowState();
  win = new BrowserWindow({
    ...state.bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'OST Rescue',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#17181c' : '#f6f7f9',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  const w = win;
  trackWindowState(w);
  if (state.maximized) w.maximize();
  w.once('ready-to-show', () => w.show());
  w.webContents.on('did-finish-load', () => {
    loaded = true;
    if (pending) {
      send(w, 'open-file', { path: pending });
      pending = null;
    }
  });
  w.on('closed', () => {
    win = null;
    loaded = false;
  });
  void w.loadURL(APP_URL);
}

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  pending = mailboxArg(process.argv);
  const host = new WorkerHost(workerScript);

  app.on('open-file', (event, path) => {
    event.preventDefault();
    openFromOs(path);
  });
  app.on('second-instance', (_event, argv) => {
    const path = mailboxArg(argv);
    if (path) openFromOs(path);
    else if (win) win.focus();
  });

  // Electron's checklist: no new windows, no navigation away from the app, no <webview>.
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  registerIpc(host, () => ({
    version: app.getVersion(),
    platform: process.platform,
    samplePath: existsSync(samplePath) ? samplePath : null,
  }));

  void app.whenReady().then(() => {
    session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
    serveRenderer(rendererDir);
    Menu.setApplicationMenu(
      buildMenu({
        isMac: process.platform === 'darwin',
        devTools: !app.isPackaged,
        onOpen: () => win && send(win, 'menu:open', undefined),
        onStartOver: () => win && send(win, 'menu:start-over', undefined),
      }),
    );
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });

  app.on('window-all-closed', () => {
    void host.stop();
    if (process.platform !== 'darwin') app.quit();
  });
}
