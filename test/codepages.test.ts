// 8-bit text as ANSI files, 8-bit properties and RTF bodies hold it. Python's codecs decide what each code page's
// bytes mean; libpff (pypff) gives a real item's HTML bytes.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { Mailbox } from '../core/mailbox.js';
import { decode8bit } from '../core/messaging/codepages.js';
import { htmlFromRtf, textFromRtf } from '../core/messaging/rtf.js';
import { pstExtractorDir } from './support/fixtures.js';

const python = (script: string, ...args: string[]): string => execFileSync('/usr/bin/python3', ['-c', script, ...args], { encoding: 'utf8' });

/** `text` encoded by Python in its codec `codec`, as bytes. */
const encoded = (text: string, codec: string) => Buffer.from(python('import sys; print(sys.argv[1].encode(sys.argv[2]).hex())', text, codec).trim(), 'hex');

const SAMPLES: Array<[number, string, string]> = [
  [1252, 'cp1252', 'Grüße – “quoted” ‘single’ €5 … ™ Œuvre — Ÿ'],
  [1250, 'cp1250', 'Příliš žluťoučký kůň úpěl ďábelské ódy'],
  [1251, 'cp1251', 'Съешь же ещё этих мягких французских булок'],
  [1253, 'cp1253', 'Καλημέρα κόσμε'],
  [932, 'cp932', '日本語のメール、件名テスト'],
  [936, 'gbk', '中文邮件主题测试'],
  [949, 'cp949', '한국어 메일 제목'],
  [950, 'big5', '中文郵件主旨測試'],
  [65001, 'utf-8', 'Grüße 日本 😀'],
];

test('8-bit text decodes in the code page Outlook names, as Python decodes it', () => {
  for (const [cp, codec, text] of SAMPLES) assert.equal(decode8bit(encoded(text, codec), cp), text, `code page ${cp}`);
});

test('Windows-1252 is decoded by its own table, all 256 bytes, and is the default for unknown code pages', () => {
  // Python leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; WHATWG maps them to the C1 controls of the same value.
  const table = python("print(''.join(bytes([b]).decode('cp1252', errors='ignore') or chr(b) for b in range(256)).encode('utf-16-le').hex())").trim();
  const expected = Buffer.from(table, 'hex').toString('utf16le');
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  assert.equal(decode8bit(all, 1252), expected);
  assert.equal(decode8bit(all), expected, 'no code page');
  assert.equal(decode8bit(all, 20127), expected, 'US-ASCII, read as 1252 like browsers do');
  assert.equal(decode8bit(all, 12345), expected, 'a code page no decoder knows');
});

test("RTF \\'hh runs are text in the document's \\ansicpg", () => {
  const hex = (b: Buffer) => [...b].map((x) => `\\'${x.toString(16).padStart(2, '0')}`).join('');
  const western = encoded('“quoted” — €', 'cp1252');
  assert.equal(textFromRtf(`{\\rtf1\\ansi\\ansicpg1252\\deff0 {\\fonttbl{\\f0 Arial;}}${hex(western)}\\par}`), '“quoted” — €');
  assert.equal(textFromRtf(`{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}${hex(western)}\\par}`), '“quoted” — €', '1252 when \\ansicpg is absent');
  // Shift_JIS takes two bytes a character: the pair must be decoded together.
  const japanese = encoded('日本語', 'cp932');
  assert.equal(textFromRtf(`{\\rtf1\\ansi\\ansicpg932 ${hex(japanese)}\\par}`), '日本語');
  assert.equal(textFromRtf(`{\\rtf1\\ansi\\ansicpg932\\uc2 \\u26085${hex(encoded('日', 'cp932'))}x}`), '日x', '\\ucN bytes stand in for \\uN');
  const html = htmlFromRtf(`{\\rtf1\\ansi\\ansicpg1252\\fromhtml1 {\\*\\htmltag19 <p>}${hex(western)}{\\*\\htmltag19 </p>}}`);
  assert.equal(html, '<p>“quoted” — €</p>');
});

test("a real Outlook.com item's Windows-1252 HTML body reads as libpff's bytes decoded by Python", (t) => {
  const dir = pstExtractorDir();
  if (dir === null) return t.skip('pst-extractor is not installed (npm install)');
  const file = path.join(dir, 'pstextractortestpdf@outlook.com.ost');
  // The "Welcome" mail's HTML declares charset=Windows-1252 and holds 0x97 (an em dash) bytes.
  const script = `
import pypff, sys
f = pypff.file(); f.open(sys.argv[1])
def walk(folder):
    for i in range(folder.number_of_sub_messages):
        m = folder.get_sub_message(i)
        if m.subject == 'Welcome to your new Outlook.com account':
            print(m.identifier); print(m.get_html_body().decode('cp1252')); return True
    return any(walk(folder.get_sub_folder(i)) for i in range(folder.number_of_sub_folders))
walk(f.root_folder)`;
  const [id, ...lines] = execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8', maxBuffer: 1 << 26 }).split('\n');
  const truth = lines.join('\n').replace(/\n$/, '');
  assert.ok(truth.includes('—'), 'the body holds an em dash');
  const mb = Mailbox.open(file);
  try {
    const html = mb.item(Number(id)).body.html;
    assert.equal(html?.replace(/\0+$/, ''), truth);
  } finally {
    mb.close();
  }
});
