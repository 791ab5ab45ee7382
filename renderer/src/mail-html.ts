/**
 * Makes a mail's HTML safe to show in the reading pane's sandboxed frame: scripts, handlers,
 * forms and embedded objects go; remote images and stylesheets are removed and counted so the
 * pane can say how many were blocked. The frame's own CSP blocks anything left over. Mail is
 * designed for white paper, so it is always shown light, also in dark mode.
 */

const FRAME_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:";
const REMOTE = /^\s*(https?:)?\/\//i;
const REMOTE_CSS_URL = /url\(\s*['"]?\s*(https?:)?\/\//i;

export interface SafeHtml {
  html: string;
  blockedRemote: number;
  /** Nothing to see: no text but white space, no image. Word writes `<p>&nbsp;</p>` for a mail with no text. */
  blank: boolean;
}

/** Elements that show something without text. */
const VISIBLE = 'img, svg, video, picture, canvas, hr, input, textarea, select, button';

function showsNothing(body: HTMLElement): boolean {
  if (body.querySelector(VISIBLE)) return false;
  const walker = body.ownerDocument.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    // A style sheet or script inside the body is text in the tree, not on the page.
    if (node.parentElement?.closest('style, script, template, noscript, title')) continue;
    if ((node.nodeValue ?? '').trim() !== '') return false;
  }
  return true;
}

export function safeMailHtml(source: string): SafeHtml {
  const doc = new DOMParser().parseFromString(source, 'text/html');
  let blockedRemote = 0;
  doc.querySelectorAll('script, iframe, frame, frameset, object, embed, applet, form, meta, base, link[rel~="import"]').forEach((el) => el.remove());
  doc.querySelectorAll('link').forEach((el) => {
    if (REMOTE.test(el.getAttribute('href') ?? '')) blockedRemote++;
    el.remove();
  });
  for (const el of Array.from(doc.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) el.removeAttribute(attr.name);
      else if ((name === 'src' || name === 'srcset' || name === 'background' || name === 'poster') && (REMOTE.test(attr.value) || /(^|,)\s*https?:/i.test(attr.value))) {
        el.removeAttribute(attr.name);
        blockedRemote++;
      } else if (name === 'style' && REMOTE_CSS_URL.test(attr.value)) {
        el.setAttribute('style', attr.value.replace(/url\([^)]*\)/gi, 'none'));
        blockedRemote++;
      } else if ((name === 'href' || name === 'xlink:href') && /^\s*javascript:/i.test(attr.value)) {
        el.removeAttribute(attr.name);
      }
    }
  }
  doc.querySelectorAll('style').forEach((el) => {
    if (REMOTE_CSS_URL.test(el.textContent ?? '') || /@import/i.test(el.textContent ?? '')) {
      el.textContent = (el.textContent ?? '').replace(/@import[^;]+;/gi, '').replace(/url\([^)]*\)/gi, 'none');
      blockedRemote++;
    }
  });
  // Sideways overflow is allowed whatever the mail's own CSS says: a mail wider than the pane even zoomed out
  // (ReadingPane's fitToWidth) must scroll to its right side, not lose it.
  const head = `<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}"><meta name="color-scheme" content="light">` +
    `<style>html{font:14px/1.5 system-ui,sans-serif;word-wrap:break-word;background:#fff;color:#1d1f24;overflow-x:auto!important}body{margin:16px}img{max-width:100%;height:auto}a{cursor:pointer}</style>`;
  return { html: `<!doctype html><html><head>${head}${doc.head.innerHTML}</head><body>${doc.body.innerHTML}</body></html>`, blockedRemote, blank: showsNothing(doc.body) };
}
