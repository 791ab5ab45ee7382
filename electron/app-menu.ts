/**
 * The application menu: File ▸ Open… and Start over reach the wizard as events; the rest are
 * Electron's standard roles so copy, zoom and window handling behave as on every other app.
 */

import { Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(opts: { isMac: boolean; onOpen: () => void; onStartOver: () => void; devTools: boolean }): Menu {
  const { isMac } = opts;
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open Outlook Data File…', accelerator: 'CmdOrCtrl+O', click: opts.onOpen },
        { label: 'Start Over', accelerator: 'CmdOrCtrl+N', click: opts.onStartOver },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(opts.devTools ? [{ type: 'separator' as const }, { role: 'toggleDevTools' as const }] : []),
      ],
    },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
