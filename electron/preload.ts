/**
 * The preload bridge: the renderer's only way out. It exposes one typed `call` per contract
 * channel (nothing else of ipcRenderer), one event subscription, and the path of a dropped file.
 * Bundled to a single CJS file because sandboxed preloads cannot require local modules.
 */

import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, INVOKE_PREFIX, MAIN_CHANNELS, WORKER_CHANNELS, type Bridge, type EventEnvelope } from './contract.js';

const channels = new Set<string>([...MAIN_CHANNELS, ...WORKER_CHANNELS]);

const bridge: Bridge = {
  call(channel, req) {
    if (!channels.has(channel)) return Promise.reject(new Error(`Unknown channel ${channel}`));
    return ipcRenderer.invoke(INVOKE_PREFIX + channel, req);
  },
  on(name, listener) {
    const wrapped = (_event: IpcRendererEvent, envelope: EventEnvelope) => {
      if (envelope.name === name) listener(envelope.payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, wrapped);
    };
  },
  pathForFile(file) {
    return webUtils.getPathForFile(file);
  },
};

contextBridge.exposeInMainWorld('rescue', bridge);
