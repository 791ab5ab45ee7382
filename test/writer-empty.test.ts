// An empty store from the writer against the empty PST Outlook itself creates (outlook-pst-rs Empty.pst): the same
// NBT nodes and the same template tables. Both files go through one tiny parser written here from the spec facts
// alone (header ROOT, BTPAGE entries, block encoding, HNHDR/HNPAGEMAP, TCINFO), so the truth is Outlook's file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { crcPst } from '../core/ndb/crc.js';
import { decodeBlock } from '../core/ndb/encoding.js';
import { PstWriter } from '../core/pst-writer.js';
import { requireShared, tempDir } from './support/fixtures.js';
import { pffexportTree, pffinfo, readpstSummary } from './support/oracles.js';

const u16 = (b: Buffer, o: number) => b.readUInt16LE(o);
const u32 = (b: Buffer, o: number) => b.readUInt32LE(o);
const u64 = (b: Buffer, o: number) => Number(b.readBigUInt64LE(o));

/** Unicode PST facts [MS-PST §2.2.2.6, §2.2.2.7.7, §2.2.2.8, §2.3.1, §2.3.4]. */
function parse(file: string) {
  const f = readFileSync(file);
  const crypt = f[513]!;
  const walk = (ib: number, out: Buffer[]): Buffer[] => {
    const p = f.subarray(ib, ib + 512);
    const [cEnt, cbEnt, cLevel] = [p[488]!, p[490]!, p[491]!];
    for (let i = 0; i < cEnt; i++) {
      const e = p.subarray(i * cbEnt, (i + 1) * cbEnt);
      if (cLevel > 0) walk(u64(e, 16), out);
      else out.push(e);
    }
    return out;
  };
  const blocks = new Map<number, { ib: number; cb: number }>();
  for (const e of walk(u64(f, 240), [])) blocks.set(u64(e, 0), { ib: u64(e, 8), cb: u16(e, 16) });
  const nodes = new Map<number, { bidData: number; parent: number }>();
  for (const e of walk(u64(f, 224), [])) nodes.set(u32(e, 0), { bidData: u64(e, 8), parent: u32(e, 24) });
  const data = (nid: number): Buffer => {
    const bid = nodes.get(nid)!.bidData;
    const { ib, cb } = blocks.get(bid)!;
    const b = Buffer.from(f.subarray(ib, ib + cb));
    decodeBlock(b, b, crypt === 1 ? 'permute' : 'none', bid);
    return b;
  };
  /** Column tags of a single-page table context, sorted as TCINFO stores them. */
  const columns = (nid: number): string[] => {
    const d = data(nid);
    assert.equal(d[2], 0xec);
    assert.equal(d[3], 0x7c);
    const map = u16(d, 0);
    const item = (hid: number) => d.subarray(u16(d, map + 4 + 2 * ((hid >>> 5) - 1)), u16(d, map + 4 + 2 * (hid >>> 5)));
    const info = item(u32(d, 4));
    return Array.from({ length: info[1]! }, (_, i) => u32(info, 22 + 8 * i).toString(16).padStart(8, '0'));
  };
  return { f, blocks, nodes, columns };
}

/** Search-indexer blobs Outlook writes whose content the spec does not describe; the writer leaves them out. */
const OPAQUE = [0xe01, 0xee1, 0xf01];

test('an empty written store has the nodes and templates of the empty PST Outlook creates', async (t) => {
  const shared = requireShared(t);
  if (shared === null) return;
  const outlook = parse(path.join(shared, 'outlook-pst-rs__Empty.pst'));
  const file = path.join(tempDir(t), 'empty.pst');
  PstWriter.create(file, { displayName: 'Empty' }).finish();
  const ours = parse(file);

  const theirNids = [...outlook.nodes.keys()].filter((n) => !OPAQUE.includes(n)).sort((a, b) => a - b);
  assert.deepEqual([...ours.nodes.keys()].sort((a, b) => a - b), theirNids);
  for (const nid of theirNids) assert.equal(ours.nodes.get(nid)!.parent, outlook.nodes.get(nid)!.parent, `parent of 0x${nid.toString(16)}`);
  // Templates, the root folder's tables, the queues and the spam search table.
  for (const nid of [0x60d, 0x60e, 0x60f, 0x610, 0x671, 0x692, 0x62b, 0x64c, 0x6b6, 0x6d7, 0x6f8, 0x12d, 0x12e, 0x12f, 0x2230, 0x808f]) {
    assert.deepEqual(ours.columns(nid), outlook.columns(nid), `columns of 0x${nid.toString(16)}`);
  }

  const info = await pffinfo(file);
  assert.ok(info.ok, info.stderr);
  assert.equal(info.fields['Folders'], 'Subtree, Wastbox, Common views, Finder');
  const pff = await pffexportTree(file);
  assert.ok(pff.ok, pff.stderr);
  assert.deepEqual(
    pff.folders.map((f) => f.path).sort(),
    ['', 'IPM_COMMON_VIEWS', 'SPAM Search Folder 2', 'Search Root', 'Top of Outlook data file', 'Top of Outlook data file/Deleted Items'].sort(),
  );
  const rp = await readpstSummary(file);
  assert.ok(rp.ok, rp.stderr);
  assert.deepEqual(rp.warnings, []);
  assert.equal(rp.items, 0);
});

test('allocation maps account for every block and for the free space the header reports', (t) => {
  const file = path.join(tempDir(t), 'maps.pst');
  const w = PstWriter.create(file, { displayName: 'Maps' });
  const str = (id: number, v: string) => ({ id, type: 0x001f, data: Buffer.from(v, 'utf16le') });
  const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7) & 0xff);
  for (let i = 0; i < 50; i++) {
    w.addMessage(w.ipmSubtree, {
      sourceNid: i,
      props: [str(0x0037, `m${i}`)],
      recipients: [],
      attachments: i % 10 === 0 ? [{ props: [{ id: 0x3705, type: 3, data: Uint8Array.of(1, 0, 0, 0) }, { id: 0x3701, type: 0x102, data: big }], embedded: null }] : [],
      problems: [],
    }, () => null);
  }
  w.finish();
  const { f, blocks } = parse(file);
  // [MS-PST §2.2.2.7.2, §2.6.1.1.2]: AMaps every 253 952 bytes from 0x4400, one bit per 64 bytes, MSB first.
  const first = 0x4400;
  const interval = 496 * 8 * 64;
  assert.equal(u64(f, 184), f.length, 'ibFileEof is the file size');
  assert.equal((f.length - first) % interval, 0, 'the file grows in whole AMap intervals');
  const count = (f.length - first) / interval;
  assert.ok(count > 8, 'the data spans several AMaps');
  assert.equal(u64(f, 192), first + (count - 1) * interval, 'ibAMapLast');
  assert.equal(f[248], 2, 'fAMapValid');
  let free = 0;
  for (let k = 0; k < count; k++) {
    const page = f.subarray(first + k * interval, first + k * interval + 512);
    assert.equal(page[496], 0x84);
    assert.equal(u32(page, 500), crcPst(page, 0, 496), `AMap ${k} CRC`);
    assert.equal(page[0]! & 0x80, 0x80, 'an AMap marks itself');
    for (let i = 0; i < 496; i++) for (let bit = 0; bit < 8; bit++) if (!(page[i]! & (0x80 >> bit))) free++;
  }
  assert.equal(u64(f, 200), free * 64, 'cbAMapFree counts the free bits');
  const allocated = (at: number) => {
    const k = Math.floor((at - first) / interval);
    const unit = (at - first - k * interval) / 64;
    return (f[first + k * interval + (unit >> 3)]! & (0x80 >> (unit & 7))) !== 0;
  };
  for (const { ib, cb } of blocks.values()) {
    for (let at = ib; at < ib + Math.ceil((cb + 16) / 64) * 64; at += 64) assert.ok(allocated(at), `block at ${ib} is allocated`);
  }
});
