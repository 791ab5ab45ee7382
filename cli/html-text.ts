/**
 * The readable text of an HTML body, for `show` in a terminal: what a mail client shows, without the layout.
 * Not a parser: a mail's HTML is often broken, and dropping tags is enough to read it. The head, styles,
 * scripts and comments (Outlook's conditional ones included) go; block-level tags become line breaks;
 * character references are decoded.
 */
const HIDDEN = /<(head|style|script|title)\b[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;
const LINE_BREAK = /<\/?(p|div|br|tr|table|h[1-6]|blockquote|pre|hr|ul|ol|center)\b[^>]*>/gi;
const NAMED: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", copy: '©', reg: '®', hellip: '…', mdash: '—', ndash: '–', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“', bull: '•' };

function decodeReference(ref: string, name: string): string {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ref;
  }
  return NAMED[name.toLowerCase()] ?? ref;
}

export function textFromHtml(html: string): string {
  return (
    html
      .replace(HIDDEN, '')
      // Line breaks in the source are only spaces in HTML; the tags say where lines end.
      .replace(/\s+/g, ' ')
      .replace(/<li\b[^>]*>/gi, '\n• ')
      .replace(LINE_BREAK, '\n')
      .replace(/<\/t[dh]\s*>/gi, ' ')
      .replace(/<[^>]*>/g, '')
      .replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, decodeReference)
      .split('\n')
      .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
