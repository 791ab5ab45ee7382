/**
 * Main's IPC handlers, typed from the contract. Every request is checked to come from our own
 * window showing our own page (GitHub Desktop's approach) before anything runs. Worker calls are
 * forwarded unchanged; long ones are remembered by their request id so they can be cancelled and
 * their progress pushed to the window that asked.
 */

import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import { APP_ORIGIN } from './app-protocol.js';
import {
  EVENT_CHANNEL,
  INVOKE_PREFIX,
  MAIN_CHANNELS,
  WORKER_CHANNELS,
  type AppInfo,
  type EventEnvelope,
  type EventName,
  type Events,
  type MainCalls,
  type Result,
  type WorkerCalls,
} from './contract.js';
import { findMailboxes, usualPlaces } from './find-mailboxes.js';
import type { WorkerHost } from './worker-host.js';

type MainHandlers = {
  [C in keyof MainCalls]: (req: MainCalls[C]['req'], win: BrowserWindow) => Promise<MainCalls[C]['res']>;
};

export function send<E extends EventName>(win: BrowserWindow, name: E, payload: Events[E]): void {
  const envelope: EventEnvelope<E> = { name, payload };
  win.webContents.send(EVENT_CHANNEL, envelope);
}

/** The window that sent the request, if it is one of ours showing the app's own page. */
function trustedWindow(event: IpcMainInvokeEvent): BrowserWindow | null {
  const win = BrowserWindow.fromWebContents(event.sender);
  const url = event.senderFrame?.url ?? '';
  return win && url.startsWith(`${APP_ORIGIN}/`) ? win : null;
}

const REFUSED: Result<never> = {
  ok: false,
  error: { kind: 'internal', message: 'This request did not come from the OST Rescue window, so it was refused.' },
};

export function registerIpc(host: WorkerHost, appInfo: () => AppInfo): void {
  /** Renderer request id → worker call id, for cancel. */
  const running = new Map<string, number>();

  const handlers: MainHandlers = {
    async 'app:info'() {
      return appInfo();
    },
    async 'files:find'() {
      return findMailboxes(usualPlaces(process.env, app.getPath('documents'), app.getPath('home')));
    },
    async 'dialog:openMailbox'(_req, win) {
      const r = await dialog.showOpenDialog(win, {
        title: 'Choose an Outlook data file',
        properties: ['openFile'],
        filters: [
          { name: 'Outlook data files', extensions: ['ost', 'pst'] },
          { name: 'All files', extensions: ['*'] },
        ],
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
    async 'dialog:exportTarget'({ suggestedName }, win) {
      const r = await dialog.showSaveDialog(win, {
        title: 'Export to a new Outlook data file',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [{ name: 'Outlook data file', extensions: ['pst'] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      });
      if (r.canceled || !r.filePath) return null;
      const path = r.filePath.toLowerCase().endsWith('.pst') ? r.filePath : `${r.filePath}.pst`;
      return { path, exists: existsSync(path) };
    },
    async 'attachment:save'({ itemId, index, filename }, win) {
      const r = await dialog.showSaveDialog(win, {
        title: 'Save attachment',
        defaultPath: join(app.getPath('downloads'), filename.replace(/[\\/:*?"<>|]/g, '_') || 'attachment'),
      });
      if (r.canceled || !r.filePath) return null;
      const written = await host.call('attachment:write', { itemId, index, dest: r.filePath }).result;
      if (!written.ok) throw new Error(written.error.message);
      return { path: r.filePath, gaps: written.value };
    },
    async 'report:save'({ report, suggestedName }, win) {
      const r = await dialog.showSaveDialog(win, {
        title: 'Save export report',
        defaultPath: join(app.getPath('documents'), suggestedName),
        filters: [{ name: 'JSON report', extensions: ['json'] }],
      });
      if (r.canceled || !r.filePath) return null;
      await writeFile(r.filePath, JSON.stringify(report, null, 2) + '\n');
      return r.filePath;
    },
    async 'op:cancel'({ requestId }) {
      const id = running.get(requestId);
      if (id !== undefined) host.cancel(id);
    },
    async 'shell:showInFolder'({ path }) {
      shell.showItemInFolder(path);
    },
    async 'shell:openLink'({ url }) {
      // Only web and mail links leave the app; file:, javascript: and custom schemes never do.
      if (!/^(https?:|mailto:)/i.test(url)) throw new Error(`Links of this kind are not opened: ${url}`);
      await shell.openExternal(url);
    },
  };

  for (const channel of MAIN_CHANNELS) {
    ipcMain.handle(INVOKE_PREFIX + channel, async (event, req: unknown): Promise<Result<unknown>> => {
      const win = trustedWindow(event);
      if (!win) return REFUSED;
      try {
        const handler = handlers[channel] as (r: unknown, w: BrowserWindow) => Promise<unknown>;
        return { ok: true, value: await handler(req, win) };
      } catch (e) {
        return { ok: false, error: { kind: 'internal', message: (e as Error).message } };
      }
    });
  }

  for (const channel of WORKER_CHANNELS) {
    ipcMain.handle(INVOKE_PREFIX + channel, async (event, req: WorkerCalls[typeof channel]['req']) => {
      const win = trustedWindow(event);
      if (!win) return REFUSED;
      const requestId = req && typeof req === 'object' && 'requestId' in req ? req.requestId : null;
      const call = host.call(channel, req as never, (progress) => {
        if (requestId && !win.isDestroyed()) send(win, 'progress', { requestId, progress });
      });
      if (requestId) running.set(requestId, call.id);
      try {
        return await call.result;
      } finally {
        if (requestId) running.delete(requestId);
      }
    });
  }
}
