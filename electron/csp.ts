/** The renderer's Content Security Policy: sent as a header by app:// and put in index.html by Vite. */

/**
 * No remote content at all: scripts and styles only from the app, images from the app or inline
 * data, mail bodies only in srcdoc frames (which inherit this policy), no network connections.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  // React sets style attributes (virtual list offsets), which CSP counts as inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "frame-src 'self' about:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
