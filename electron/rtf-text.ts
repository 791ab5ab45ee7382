/**
 * RTF bodies shown as plain text in the reading pane. Not a renderer: it keeps the words and line
 * breaks, drops formatting, font/colour tables and hidden destinations, and decodes \'hh and \uN.
 */

/** Groups whose content is never text a reader wants to see. */
const SKIP = new Set(['fonttbl', 'colortbl', 'stylesheet', 'info', 'pict', 'object', 'header', 'footer', 'xmlnstbl', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'themedata', 'datastore', 'latentstyles']);

export function rtfToText(rtf: string): string {
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
