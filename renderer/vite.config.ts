import { defineConfig } from 'vite';
import { CSP } from '../electron/csp.js';

// The renderer is plain React + TSX; esbuild (inside Vite) handles JSX, so no React plugin.
export default defineConfig({
  root: __dirname,
  base: './',
  esbuild: { jsx: 'automatic' },
  plugins: [
    {
      name: 'csp-meta',
      // The same policy app:// sends as a header, also in the page itself.
      transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
    },
  ],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    modulePreload: false,
  },
});
