import { TextDecoder } from 'node:util';

/**
 * 8-bit text in a Windows code page, as ANSI files and 8-bit properties hold it (PidTagMessageCodepage,
 * PidTagInternetCodepage [MS-OXCMSG]). TextDecoder knows the encodings by their WHATWG names, not by code
 * page numbers, so the numbers Outlook writes are mapped here; "windows-932" is no name at all, and
 * Japanese, Chinese and Korean mail would otherwise come out as Latin-1 mojibake.
 */
const LABELS: ReadonlyMap<number, string> = new Map<number, string>([
  // 1252 is decoded below.
  ...[1250, 1251, 1253, 1254, 1255, 1256, 1257, 1258].map((cp) => [cp, `windows-${cp}`] as const),
  [874, 'windows-874'],
  [932, 'shift_jis'],
  [936, 'gbk'],
  [949, 'euc-kr'],
  [950, 'big5'],
  [1200, 'utf-16le'],
  [1201, 'utf-16be'],
  [10000, 'macintosh'],
  [20866, 'koi8-r'],
  [21866, 'koi8-u'],
  [28592, 'iso-8859-2'],
  [28593, 'iso-8859-3'],
  [28594, 'iso-8859-4'],
  [28595, 'iso-8859-5'],
  [28596, 'iso-8859-6'],
  [28597, 'iso-8859-7'],
  [28598, 'iso-8859-8'],
  [28603, 'iso-8859-13'],
  [28605, 'iso-8859-15'],
  [50220, 'iso-2022-jp'],
  [50221, 'iso-2022-jp'],
  [50222, 'iso-2022-jp'],
  [51932, 'euc-jp'],
  [51936, 'gbk'],
  [51949, 'euc-kr'],
  [54936, 'gb18030'],
  [65001, 'utf-8'],
]);

/**
 * Windows-1252 differs from Latin-1 in 0x80-0x9F: € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ
 * [WHATWG Encoding, index-windows-1252; the five bytes Windows leaves undefined map to the C1 controls].
 * It is decoded here because Node 20's TextDecoder decodes "windows-1252" as Latin-1, which turns every
 * curly quote and dash of Western mail into an invisible control character.
 */
const CP1252_80_9F = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122,
  0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
const C1 = /[\x80-\x9f]/g;

function decodeWindows1252(data: Uint8Array): string {
  const latin1 = Buffer.from(data.buffer, data.byteOffset, data.length).toString('latin1');
  return latin1.replace(C1, (c) => String.fromCharCode(CP1252_80_9F[c.charCodeAt(0) - 0x80]!));
}

const decoders = new Map<string, TextDecoder>();

/**
 * Text in code page `codepage`. Windows-1252 is the default, as Western Windows has it, and stands in for
 * code pages no decoder here knows (and for US-ASCII and ISO-8859-1, which browsers read as 1252 too).
 */
export function decode8bit(data: Uint8Array, codepage?: number): string {
  const label = codepage === undefined ? undefined : LABELS.get(codepage);
  if (label === undefined) return decodeWindows1252(data);
  let decoder = decoders.get(label);
  if (!decoder) {
    try {
      decoder = new TextDecoder(label);
    } catch {
      // A runtime built without the encoding (no ICU data for it): 1252 never fails.
      return decodeWindows1252(data);
    }
    decoders.set(label, decoder);
  }
  return decoder.decode(data);
}
