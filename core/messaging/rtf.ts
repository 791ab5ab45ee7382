import { u32 } from '../ndb/bytes.js';
import { FormatError } from '../errors.js';

/**
 * Compressed RTF [MS-OXRTFCP]: a 16-byte header (cbSize, cbRawSize, dwMagic, dwCRC), then either
 * raw RTF ("MELA") or LZ77-style runs ("LZFu") against a 4 KiB dictionary pre-loaded with the
 * spec's fixed RTF prefix.
 */
const MAGIC_COMPRESSED = 0x75465a4c;
const MAGIC_UNCOMPRESSED = 0x414c454d;
export const PREBUF =
  '{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx';
export const RTF_PREBUF_LENGTH = PREBUF.length;

export function decompressRtf(src: Uint8Array): Uint8Array {
  if (src.length < 16) throw new FormatError('compressed RTF is shorter than its header');
  const cbSize = u32(src, 0);
  const rawSize = u32(src, 4);
  const magic = u32(src, 8);
  const end = Math.min(src.length, cbSize + 4);
  if (magic === MAGIC_UNCOMPRESSED) return src.slice(16, Math.min(end, 16 + rawSize));
  if (magic !== MAGIC_COMPRESSED) throw new FormatError(`compressed RTF has unknown type 0x${magic.toString(16)}`);
  const dict = new Uint8Array(4096);
  for (let i = 0; i < PREBUF.length; i++) dict[i] = PREBUF.charCodeAt(i);
  let write = PREBUF.length;
  const out = new Uint8Array(rawSize);
  let o = 0;
  let i = 16;
  while (i < end && o < rawSize) {
    const control = src[i++]!;
    for (let bit = 0; bit < 8 && i < end && o < rawSize; bit++) {
      if ((control & (1 << bit)) === 0) {
        const c = src[i++]!;
        out[o++] = c;
        dict[write] = c;
        write = (write + 1) & 0xfff;
        continue;
      }
      if (i + 1 >= end) return out.subarray(0, o);
      const ref = (src[i]! << 8) | src[i + 1]!;
      i += 2;
      const offset = ref >>> 4;
      const length = (ref & 0xf) + 2;
      if (offset === write) return out.subarray(0, o);
      for (let k = 0; k < length && o < rawSize; k++) {
        const c = dict[(offset + k) & 0xfff]!;
        out[o++] = c;
        dict[write] = c;
        write = (write + 1) & 0xfff;
      }
    }
  }
  return out.subarray(0, o);
}

/**
 * Recovers the HTML that Outlook encapsulated in RTF (\fromhtml1) [MS-OXRTFEX]: text inside
 * {\*\htmltag…} groups and plain text outside \htmlrtf…\htmlrtf0 spans is HTML; the rest is RTF
 * scaffolding. Returns null when the RTF does not encapsulate HTML.
 */
export function htmlFromRtf(rtf: string): string | null {
  if (!/\\fromhtml1/.test(rtf.slice(0, 1024))) return null;
  let out = '';
  let i = 0;
  let suppress = false;
  // Depth of each open group and whether it is an htmltag group or an ignored destination.
  const stack: Array<'normal' | 'tag' | 'skip'> = [];
  let pendingSkip = false;
  const inSkip = () => stack.includes('skip');
  const inTag = () => stack.includes('tag');
  const emit = (s: string) => {
    if (!inSkip() && (inTag() || !suppress)) out += s;
  };
  while (i < rtf.length) {
    const c = rtf[i]!;
    if (c === '{') {
      stack.push('normal');
      i++;
      continue;
    }
    if (c === '}') {
      stack.pop();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c !== '\\') {
      emit(c);
      i++;
      continue;
    }
    const next = rtf[i + 1] ?? '';
    if (next === '\\' || next === '{' || next === '}') {
      emit(next);
      i += 2;
      continue;
    }
    if (next === "'") {
      emit(String.fromCharCode(parseInt(rtf.slice(i + 2, i + 4), 16)));
      i += 4;
      continue;
    }
    if (next === '*') {
      pendingSkip = true;
      i += 2;
      continue;
    }
    const m = /^\\([a-zA-Z]+)(-?\d+)? ?/.exec(rtf.slice(i, i + 40));
    if (!m) {
      i += 2;
      continue;
    }
    i += m[0].length;
    const word = m[1]!;
    const arg = m[2];
    if (pendingSkip) {
      pendingSkip = false;
      if (stack.length) stack[stack.length - 1] = word === 'htmltag' ? 'tag' : 'skip';
      continue;
    }
    if (word === 'htmlrtf') suppress = arg !== '0';
    else if (word === 'fonttbl' || word === 'colortbl' || word === 'stylesheet') {
      if (stack.length) stack[stack.length - 1] = 'skip';
    } else if (word === 'par' || word === 'line') emit('\r\n');
    else if (word === 'tab') emit('\t');
    else if (word === 'u' && arg) emit(String.fromCharCode((Number(arg) + 0x10000) % 0x10000));
  }
  return out;
}

/** Groups whose content is never text a reader wants to see. */
const SKIP = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'header', 'footer', 'xmlnstbl', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'themedata', 'datastore', 'latentstyles']);

/**
 * An RTF body as plain text, for showing an RTF-only item: not a renderer, it keeps the words and
 * line breaks, drops formatting, font/colour tables and hidden destinations, and decodes \'hh and \uN.
 */
export function textFromRtf(rtf: string): string {
  let out = '';
  // Per group: whether its content is skipped, and how many chars follow \uN (\ucN).
  const stack: { skip: boolean; uc: number }[] = [];
  let skip = false;
  let uc = 1;
  let pendingSkip = 0;
  const emit = (s: string) => {
    if (pendingSkip > 0) {
      pendingSkip -= 1;
      return;
    }
    if (!skip) out += s;
  };
  for (let i = 0; i < rtf.length; i++) {
    const ch = rtf[i]!;
    if (ch === '{') {
      stack.push({ skip, uc });
    } else if (ch === '}') {
      const top = stack.pop();
      if (top) ({ skip, uc } = top);
    } else if (ch === '\\') {
      const next = rtf[i + 1] ?? '';
      if (next === '*') {
        skip = true;
        i += 1;
      } else if (next === "'") {
        emit(String.fromCharCode(parseInt(rtf.slice(i + 2, i + 4), 16)));
        i += 3;
      } else if (/[a-z]/i.test(next)) {
        const m = /^([a-z]+)(-?\d+)? ?/i.exec(rtf.slice(i + 1))!;
        i += m[0].length;
        const word = m[1]!;
        const arg = m[2] === undefined ? null : Number(m[2]);
        if (SKIP.has(word)) skip = true;
        else if (word === 'par' || word === 'line' || word === 'row') emit('\n');
        else if (word === 'tab' || word === 'cell') emit('\t');
        else if (word === 'uc' && arg !== null) uc = arg;
        else if (word === 'u' && arg !== null) {
          emit(String.fromCharCode(arg < 0 ? arg + 65536 : arg));
          pendingSkip = uc;
        }
      } else {
        // Escaped literal (\\, \{, \}) or a control symbol such as \~ (non-breaking space).
        if (next === '~') emit('\u00a0');
        else if (next === '\\' || next === '{' || next === '}') emit(next);
        i += 1;
      }
    } else if (ch !== '\r' && ch !== '\n') {
      emit(ch);
    }
  }
  return out.replace(/\n{3,}/g, '\n\n').trim();
}
