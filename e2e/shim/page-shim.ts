/**
 * TEST ONLY. The script each shim window runs before the app: a page-side `electron` module for
 * the real preload bundle (contextBridge → a window property, ipcRenderer → the __shimInvoke
 * binding and pushed messages, webUtils → paths the test registered for the files it drops), then
 * the preload itself. Unlike Electron there is no isolated world: the preload shares the page's.
 */

export function pageShimSource(preloadCjs: string): string {
  return `(() => {
  if (window.top !== window) return;
  const listeners = new Map();
  window.__shimDeliver = (channel, args) => {
    for (const l of listeners.get(channel) ?? []) l({ sender: null }, ...args);
  };
  window.__shimDroppedPaths = new Map();
  const electron = {
    contextBridge: {
      exposeInMainWorld(key, api) {
        Object.defineProperty(window, key, { value: Object.freeze(api), enumerable: true });
      },
    },
    ipcRenderer: {
      invoke: (channel, ...args) => window.__shimInvoke(channel, args),
      on(channel, listener) {
        listeners.set(channel, [...(listeners.get(channel) ?? []), listener]);
      },
      removeListener(channel, listener) {
        listeners.set(channel, (listeners.get(channel) ?? []).filter((l) => l !== listener));
      },
    },
    webUtils: { getPathForFile: (file) => window.__shimDroppedPaths.get(file.name) ?? '' },
  };
  const require = (name) => {
    if (name === 'electron') return electron;
    throw new Error('A sandboxed preload cannot require ' + name);
  };
  const module = { exports: {} };
  (function (require, module, exports) {
${preloadCjs}
  })(require, module, module.exports);
})();`;
}
