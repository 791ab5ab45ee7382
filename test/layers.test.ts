// Unit tests per layer, each against a fact of the spec ([MS-PST]) or of Outlook's own files as recorded in
// shared/docs/format.md, never against a number produced by our own code.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { btChildRef, decodeBlockEntry } from '../core/ndb/btree.js';
import { putId, uid } from '../core/ndb/bytes.js';
import { crcPst, signature } from '../core/ndb/crc.js';
import { decodeBlock, encodeBlock } from '../core/ndb/encoding.js';
import { ANSI, UNICODE, UNICODE_4K } from '../core/ndb/geometry.js';
import { parseHeader } from '../core/ndb/header.js';
import { NodeDatabase } from '../core/ndb/database.js';
import { makeHid, splitHid } from '../core/ltp/hid.js';
import { LtpNode } from '../core/ltp/node.js';
import { TableContext } from '../core/ltp/tc.js';
import { RTF_PREBUF_LENGTH, decompressRtf } from '../core/messaging/rtf.js';
import { outlookFixtures, pstExtractorFiles, requireShared } from './support/fixtures.js';

test('CRC: the stored header CRCs of every real Outlook file equal our CRC of the bytes they cover', (t) => {
  if (!requireShared(t)) return;
  const files = [...outlookFixtures().map((f) => f.path), ...pstExtractorFiles()];
  assert.ok(files.length >= 12);
  for (const file of files) {
    const b = readFileSync(file).subarray(0, 564);
    const wVer = b.readUInt16LE(10);
    // [MS-PST §2.2.2.6]: dwCRCPartial at 4 covers 471 bytes from 8; dwCRCFull at 524 covers 516 bytes (Unicode).
    assert.equal(crcPst(b, 8, 8 + 471), b.readUInt32LE(4), `${path.basename(file)} partial CRC`);
    if (wVer >= 23) assert.equal(crcPst(b, 8, 8 + 516), b.readUInt32LE(524), `${path.basename(file)} full CRC`);
  }
});

test('CRC: the spec algorithm (reflected CRC-32, initial 0, no final XOR) on a known vector', () => {
  // With initial 0 and no inversion, CRC of a single 0x00 byte is table[0] = 0, and of 0x01 is table[1] = 0x77073096.
  assert.equal(crcPst(Uint8Array.of(0)), 0);
  assert.equal(crcPst(Uint8Array.of(1)), 0x77073096);
});

test('signature: folds ib XOR bid to 16 bits [MS-PST §5.5]', () => {
  const ib = 0x4600;
  const bid = 0x24;
  const x = ib ^ bid;
  assert.equal(signature(ib, bid), (x ^ (x >>> 16)) & 0xffff);
  assert.equal(signature(0x12345678, 0), 0x5678 ^ 0x1234);
});

test('ANSI ids and offsets are 32-bit unsigned [MS-PST §2.2.2.2–.4]: values from 2^31 to 2^32 - 1 read and write as such', () => {
  const high = [0x80000000, 0x9abcdef0, 0xffffffff];
  const b = new Uint8Array(4);
  for (const v of high) {
    putId(b, 0, v, 4);
    assert.deepEqual([...b], [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24], 'little-endian');
    assert.equal(uid(b, 0, 4), v);
  }
  assert.throws(() => putId(b, 0, 2 ** 32, 4), RangeError, 'an offset past 4 GiB has no ANSI encoding');

  // ROOT.ibFileEof at 168 of an ANSI header; a BBT leaf entry (BREF bid, ib; cb; cRef) and a BTENTRY (key, BREF).
  const header = new Uint8Array(ANSI.header.size);
  header.set([0x21, 0x42, 0x44, 0x4e, 0, 0, 0, 0, 0x53, 0x4d, 14, 0]);
  header.set([0x00, 0x02, 0x00, 0xa0], 168);
  const parsed = parseHeader(header);
  assert.ok(typeof parsed !== 'string');
  assert.equal(parsed.root.ibFileEof, 0xa0000200);
  const entry = Uint8Array.of(0x04, 0, 0, 0x80, 0x00, 0xfe, 0xff, 0xff, 0x40, 0x1f, 2, 0);
  assert.deepEqual(decodeBlockEntry(ANSI, entry, 0), { bid: 0x80000004, ib: 0xfffffe00, cb: 8000, cbInflated: 8000, cRef: 2 });
  const child = Uint8Array.of(0x21, 0, 0, 0, 0x07, 0, 0, 0, 0x00, 0x02, 0x00, 0x90);
  assert.deepEqual(btChildRef(ANSI, child, 0), { bid: 7, ib: 0x90000200 });

  // The signature [MS-PST §5.5] of a page or block past 2 GiB, computed independently with BigInt.
  for (const [ib, bid] of [[0x90000200, 0x80000004], [0xfffffe00, 0x1234]] as const) {
    const x = BigInt(ib) ^ BigInt(bid);
    assert.equal(signature(ib, bid), Number(((x >> 16n) ^ x) & 0xffffn));
  }
});

test('encodings: permute and cyclic decode what they encode, and permute maps 0x00 to R[0] = 0x41', () => {
  const data = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7 + 3) & 0xff);
  for (const enc of ['permute', 'cyclic'] as const) {
    const copy = data.slice();
    encodeBlock(copy, copy, enc, 0x1234c);
    assert.notDeepEqual(copy, data, `${enc} changes the data`);
    decodeBlock(copy, copy, enc, 0x1234c);
    assert.deepEqual(copy, data, `${enc} round-trips`);
    // Out of place, from views aligned alike and not, gives the same bytes as in place.
    for (const shift of [0, 1, 3]) {
      const from = new Uint8Array(data.length + 4).subarray(shift, shift + data.length);
      from.set(data);
      const to = new Uint8Array(data.length);
      encodeBlock(from, to, enc, 0x1234c);
      const inPlace = data.slice();
      encodeBlock(inPlace, inPlace, enc, 0x1234c);
      assert.deepEqual(to, inPlace, `${enc} out of place, source offset ${shift}`);
      assert.deepEqual(from, data, `${enc} leaves its source alone`);
    }
  }
  const zero = Uint8Array.of(0);
  encodeBlock(zero, zero, 'permute', 0);
  assert.equal(zero[0], 0x41); // mpbbCrypt[0], first byte of the spec's table
});

test('encodings: permute substitutes every byte value alike in every vector lane, in the tail and across chunks', () => {
  // A one-byte block goes through the byte-at-a-time tail only; longer ones mostly through 16-byte
  // vectors, and past 64 KiB through more than one chunk of the module's memory.
  const single = (b: number) => {
    const one = Uint8Array.of(b);
    encodeBlock(one, one, 'permute', 0);
    return one[0]!;
  };
  const table = Array.from({ length: 256 }, (_, b) => single(b));
  assert.equal(new Set(table).size, 256, 'a permutation of the byte values');
  for (const length of [15, 16, 17, 255, 256, 4096 + 7, 65536 + 33]) {
    const data = Uint8Array.from({ length }, (_, i) => (i * 37 + (i >>> 8)) & 0xff);
    const out = new Uint8Array(length);
    encodeBlock(data, out, 'permute', 0);
    assert.ok(out.every((v, i) => v === table[data[i]!]), `length ${length}`);
    decodeBlock(out, out, 'permute', 0);
    assert.deepEqual(out, data, `length ${length} round-trips`);
  }
});

test('HID: PST 11/16-bit and OST 4K 14/13-bit splits [MS-PST §2.3.1.1; format.md §3.1]', () => {
  // 0x00010040: hidIndex field 2, block 1 in a PST heap.
  assert.deepEqual(splitHid(UNICODE, 0x00010040), { index: 2, block: 1 });
  // In 4K, the low 3 bits of the upper word extend the index: w2 = 0x0009 → block 1, index += 1 << 11.
  assert.deepEqual(splitHid(UNICODE_4K, 0x00090040), { index: 2 + 2048, block: 1 });
  for (const g of [UNICODE, UNICODE_4K]) {
    for (const parts of [{ index: 1, block: 0 }, { index: 2047, block: 5 }]) assert.deepEqual(splitHid(g, makeHid(g, parts)), parts);
  }
});

test("HN and TC: Outlook's empty PST root folder heap and root hierarchy table, as format.md records them", (t) => {
  const dir = requireShared(t);
  if (!dir) return;
  const db = NodeDatabase.open(path.join(dir, 'outlook-pst-rs__Empty.pst'));
  try {
    // Root folder PC 0x122: page map at 0x34 with items at 0x0C, 0x14, 0x34 (HIDs 0x20 and 0x40).
    const root = LtpNode.fromNid(db, 0x122);
    assert.equal(root.heap.clientSig, 0xbc);
    assert.equal(root.heap.item(0x20).length, 0x14 - 0x0c);
    assert.equal(root.heap.item(0x40).length, 0x34 - 0x14);
    // Root hierarchy TC 0x12D: 13 columns, rgib 52/52/53/55, rows start with row id 0x8022, CEB FC 00.
    const tc = new TableContext(LtpNode.fromNid(db, 0x12d));
    assert.equal(tc.columns.length, 13);
    assert.equal(tc.rowSize, 55);
    assert.equal(tc.rowId(0), 0x8022);
    assert.deepEqual([...tc.row(0).subarray(53, 55)], [0xfc, 0x00]);
    const ltpRowId = tc.columns.find((c) => c.tag === 0x67f20003);
    assert.deepEqual(ltpRowId && [ltpRowId.ib, ltpRowId.iBit], [0, 0]);
    // Columns are sorted by tag [MS-PST §2.3.4.1].
    const tags = tc.columns.map((c) => c.tag);
    assert.deepEqual(tags, [...tags].sort((a, b) => a - b));
  } finally {
    db.close();
  }
});

test('compressed RTF: the dictionary prefix is 207 bytes and an uncompressed ("MELA") stream passes through', () => {
  assert.equal(RTF_PREBUF_LENGTH, 207); // [MS-OXRTFCP §2.1.2.1]
  const body = Buffer.from('{\\rtf1 hello}', 'latin1');
  const header = Buffer.alloc(16);
  header.writeUInt32LE(body.length + 12, 0);
  header.writeUInt32LE(body.length, 4);
  header.writeUInt32LE(0x414c454d, 8);
  assert.equal(Buffer.from(decompressRtf(Buffer.concat([header, body]))).toString('latin1'), '{\\rtf1 hello}');
});

test('compressed RTF: the spec example decompresses [MS-OXRTFCP §4.1]', () => {
  // The example stream of MS-OXRTFCP section 4.1 ("{\rtf1\ansi\ansicpg1252\pard hello world}\r\n").
  const hex = '2d0000002b0000004c5a4675f1c5c7a703000a00726370673132354232' + '0af32068656c0900206277 05b06c647d0a800fa0';
  const expected = '{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n';
  const out = Buffer.from(decompressRtf(Buffer.from(hex.replace(/\s/g, ''), 'hex'))).toString('latin1');
  assert.equal(out, expected);
});
