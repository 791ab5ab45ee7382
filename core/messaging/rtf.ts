import { decode8bit } from './codepages.js';
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
 * The bytes of a run of \'hh escapes, decoded together once the run ends: they are text in the document's
 * ANSI code page (\ansicpgN; 1252, what \ansi means, when absent [RTF Specification 1.9.1]), where a character may take
 * two bytes (932, 936, 949, 950).
 */
class HexBytes {
  codepage: number | undefined;
  private bytes: number[] = [];

  push(hex: string): void {
    const b = parseInt(hex, 16);
    if (Number.isInteger(b)) this.bytes.push(b);
  }

  flush(): string {
    if (this.bytes.length === 0) return '';
    const text = decode8bit(Uint8Array.from(this.bytes), this.codepage);
    this.bytes = [];
    return text;
  }
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
  const visible = () => !inSkip() && (inTag() || !suppress);
  const emit = (s: string) => {
    if (visible()) out += s;
  };
  const text = new HexBytes();
  while (i < rtf.length) {
    const c = rtf[i]!;
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '\\' && rtf[i + 1] === "'") {
      if (visible()) text.push(rtf.slice(i + 2, i + 4));
      i += 4;
      continue;
    }
    out += text.flush();
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
    if (word === 'ansicpg' && arg) text.codepage = Number(arg);
    else if (word === 'htmlrtf') suppress = arg !== '0';
    else if (word === 'fonttbl' || word === 'colortbl' || word === 'stylesheet') {
      if (stack.length) stack[stack.length - 1] = 'skip';
    } else if (word === 'par' || word === 'line') emit('\r\n');
    else if (word === 'tab') emit('\t');
    else if (word === 'u' && arg) emit(String.fromCharCode((Number(arg) + 0x10000) % 0x10000));
  }
  return out + text.flush();
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
  const text = new HexBytes();
  for (let i = 0; i < rtf.length; i++) {
    const ch = rtf[i]!;
    if (ch === '\r' || ch === '\n') continue;
    if (ch === '\\' && rtf[i + 1] === "'") {
      // \ucN counts the bytes that stand in for a \uN character.
      if (pendingSkip > 0) pendingSkip -= 1;
      else if (!skip) text.push(rtf.slice(i + 2, i + 4));
      i += 3;
      continue;
    }
    out += text.flush();
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
      } else if (/[a-z]/i.test(next)) {
        const m = /^([a-z]+)(-?\d+)? ?/i.exec(rtf.slice(i + 1))!;
        i += m[0].length;
        const word = m[1]!;
        const arg = m[2] === undefined ? null : Number(m[2]);
        if (word === 'ansicpg' && arg !== null) text.codepage = arg;
        else if (SKIP.has(word)) skip = true;
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
    } else {
      emit(ch);
    }
  }
  out += text.flush();
  return out.replace(/\n{3,}/g, '\n\n').trim();
}
