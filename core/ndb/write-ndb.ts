import { deflateSync } from 'node:zlib';
import { put16, put32, putId } from './bytes.js';
import { crcPst, signature } from './crc.js';
import { CRYPT_METHOD, type Encoding } from './encoding.js';
import {
  blockTotalSize,
  btEntriesPerPage,
  CLIENTS,
  HEADER_COMMON,
  HEADER_MAGIC,
  PLATFORM,
  PType,
  SENTINEL,
  SUBNODE_BTYPE,
  XBLOCK,
  type Geometry,
} from './geometry.js';
import { makeNid, NidType } from './ids.js';
import { SpaceAllocator } from './write-alloc.js';
import { BlockEntries, NodeEntries, PageRefs } from './write-entries.js';
import { putBtPageCounts, sealPage } from './write-pages.js';
import { FileSink, type Durability } from './write-sink.js';

export interface NdbWriterOptions {
  /** The on-disk variant: every offset and size comes from it. */
  geometry: Geometry;
  /** "SM" (PST) or "SO" (OST) in the header. */
  client: keyof typeof CLIENTS;
  encoding: Encoding;
  overwrite: boolean;
  /** Seal and write blocks on a thread of their own where a host provides one (see FileSink). */
  sealThread: boolean;
}

export interface SubnodeRef {
  nid: number;
  bidData: number;
  bidSub: number;
}

/** Where a page went: its BID and offset. */
interface PageRef {
  bid: number;
  ib: number;
}

/**
 * An SLBLOCK (level 0) or SIBLOCK (level 1) of `count` entries: btype, cLevel and cEnt, then the entries,
 * each written by `put` at its offset [MS-PST §2.2.2.8.3.3].
 */
function subnodeBlock(g: Geometry, level: number, count: number, entrySize: number, put: (b: Uint8Array, off: number, j: number) => void): Uint8Array {
  const b = new Uint8Array(g.subnode.headerSize + count * entrySize);
  b[0] = SUBNODE_BTYPE;
  b[1] = level;
  put16(b, 2, count);
  for (let j = 0; j < count; j++) put(b, g.subnode.headerSize + j * entrySize, j);
  return b;
}

/** ROOT.fAMapValid: the maps are valid (VALID_AMAP2, Outlook 2007+) [MS-PST §2.2.2.5]. */
const AMAP_VALID2 = 0x02;

/**
 * Initial rgnid values [MS-PST §2.2.2.6]: the last index handed out per NID type. Each allocation
 * takes the next one, so folders start at 0x401 and messages at 0x10001, as Outlook's files show.
 */
function initialRgnid(): Uint32Array {
  const r = new Uint32Array(32).fill(0x400);
  r[NidType.SEARCH_FOLDER] = 0x4000;
  r[NidType.NORMAL_MESSAGE] = 0x10000;
  r[NidType.ASSOC_MESSAGE] = 0x8000;
  return r;
}

/**
 * The node database of a new PST or OST of any variant, written as it goes: every block lands in
 * the file the moment it is produced, and only the B-tree leaf entries stay in memory. finish()
 * then builds the NBT and BBT bottom-up, writes the allocation maps and finally the header.
 */
export class NdbWriter {
  readonly g: Geometry;
  private readonly client: keyof typeof CLIENTS;
  private readonly encoding: Encoding;
  private readonly sink: FileSink;
  private readonly space: SpaceAllocator;
  /** BBT entries of the leaf being filled; full leaves are already on disk, in bbtLeaves. */
  private readonly blocks: BlockEntries;
  private readonly bbtLeaves = new PageRefs();
  private readonly nodes = new NodeEntries();
  private readonly rgnid = initialRgnid();
  /** Block BIDs step by 4 (bit 1 marks internal blocks); page BIDs step by 1. */
  private nextBlockIndex = 1;
  private nextPageBid = 1;
  private finished = false;

  constructor(path: string, opts: NdbWriterOptions) {
    this.g = opts.geometry;
    this.client = opts.client;
    this.encoding = opts.encoding;
    this.sink = new FileSink(path, opts.overwrite, opts.sealThread);
    this.space = new SpaceAllocator(this.g, (k, bitmap) => this.writeMapPages(k, bitmap));
    this.blocks = new BlockEntries(btEntriesPerPage(this.g, this.g.btPage.bbtEntrySize));
  }

  /** Bytes the file would have if finished now (without the B-tree pages still to come). */
  get sizeSoFar(): number {
    return this.space.intervalStart(this.space.intervalCount);
  }

  /** Allocates a NID of one type; the index comes from that type's rgnid counter. */
  allocNid(type: number): number {
    return makeNid(type, ++this.rgnid[type]!);
  }

  /** Allocates one index valid for several NID types at once (a folder and its three tables). */
  allocNidIndex(types: readonly number[]): number {
    let index = 0;
    for (const t of types) index = Math.max(index, this.rgnid[t]! + 1);
    for (const t of types) this.rgnid[t] = index;
    return index;
  }

  /**
   * Writes one block and records it in the BBT; returns its BID. Where the variant compresses
   * (4K), a data block is stored as a zlib stream when that is smaller: cb and the CRC then cover
   * the stored bytes and cbInflated keeps the logical size (format.md §2.4). Compression comes
   * before encoding, so a reader decodes, then inflates.
   */
  writeBlock(data: Uint8Array, internal: boolean): number {
    const g = this.g;
    if (data.length > g.block.maxData) throw new RangeError(`block of ${data.length} bytes exceeds ${g.block.maxData}`);
    const bid = this.nextBlockIndex++ * 4 + (internal ? 2 : 0);
    let stored = data;
    if (g.block.compressed && !internal) {
      const z = deflateSync(data);
      if (z.length < data.length) stored = z;
    }
    const cb = stored.length;
    const size = blockTotalSize(g, cb);
    const ib = this.space.allocate(size, g.block.align);
    // The block is laid out where the sink will write it from; the sink encodes the data and puts the
    // CRC of the stored bytes in the trailer (write-slots.ts). What follows the data (padding, and
    // trailer bytes no field covers) is zeroed, as a fresh buffer would be.
    const at = this.sink.reserve(ib, size);
    const buf = this.sink.view(at, size);
    buf.set(stored, 0);
    buf.fill(0, cb);
    const t = size - g.block.trailerSize;
    const tr = g.block.trailer;
    put16(buf, t + tr.cb, cb);
    put16(buf, t + tr.wSig, signature(ib, bid));
    putId(buf, t + tr.bid, bid, g.idSize);
    if (tr.cbInflated !== null) put16(buf, t + tr.cbInflated, data.length);
    this.sink.seal(at, cb, t + tr.dwCRC, internal ? 'none' : this.encoding, bid);
    // Outlook counts one reference more than there are referrers (its empty PST shows 2 for
    // singly-used blocks); pstsdk and libpff only require cRef >= 1.
    this.blocks.push(bid, ib, cb, data.length, 2);
    if (this.blocks.full) this.writeBbtLeaf();
    return bid;
  }

  /** Writes a value of any size as a data tree (one block, or XBLOCK/XXBLOCK over leaves of maxData bytes). */
  writeData(data: Uint8Array): number {
    const max = this.g.block.maxData;
    if (data.length <= max) return this.writeBlock(data, false);
    const leaves: Uint8Array[] = [];
    for (let off = 0; off < data.length; off += max) leaves.push(data.subarray(off, Math.min(off + max, data.length)));
    return this.writeLeaves(leaves);
  }

  /**
   * Writes a data tree whose leaves the caller has cut (heap pages, table row blocks): one leaf is
   * a plain block; more get an XBLOCK, or an XXBLOCK over XBLOCKs past 1021 leaves.
   */
  writeLeaves(leaves: Iterable<Uint8Array>): number {
    const perX = Math.floor((this.g.block.maxData - XBLOCK.headerSize) / this.g.idSize);
    // Each leaf goes to disk as soon as it is produced; only its BID and size are kept.
    let level: { bid: number; size: number }[] = [];
    for (const leaf of leaves) level.push({ bid: this.writeBlock(leaf, false), size: leaf.length });
    if (level.length === 0) throw new RangeError('a data tree needs at least one leaf');
    if (level.length === 1) return level[0]!.bid;
    for (let cLevel = 1; ; cLevel++) {
      if (cLevel > 2) throw new RangeError('value too large for an XXBLOCK data tree');
      const next: { bid: number; size: number }[] = [];
      for (let i = 0; i < level.length; i += perX) {
        const group = level.slice(i, i + perX);
        const total = group.reduce((s, e) => s + e.size, 0);
        // lcbTotal counts the leaves' logical (inflated) bytes.
        const x = new Uint8Array(XBLOCK.headerSize + group.length * this.g.idSize);
        x[0] = XBLOCK.btype;
        x[XBLOCK.cLevel] = cLevel;
        put16(x, XBLOCK.cEnt, group.length);
        put32(x, XBLOCK.lcbTotal, total);
        group.forEach((e, j) => putId(x, XBLOCK.headerSize + j * this.g.idSize, e.bid, this.g.idSize));
        next.push({ bid: this.writeBlock(x, true), size: total });
      }
      if (next.length === 1) return next[0]!.bid;
      level = next;
    }
  }

  /** Writes a subnode tree (SLBLOCKs, under one SIBLOCK when they do not fit one); 0 when empty. */
  writeSubnodes(entries: readonly SubnodeRef[]): number {
    if (entries.length === 0) return 0;
    const g = this.g;
    const sorted = [...entries].sort((a, b) => a.nid - b.nid);
    const perSl = Math.floor((g.block.maxData - g.subnode.headerSize) / g.subnode.slEntrySize);
    const perSi = Math.floor((g.block.maxData - g.subnode.headerSize) / g.subnode.siEntrySize);
    const leaves: { nid: number; bid: number }[] = [];
    for (let i = 0; i < sorted.length; i += perSl) {
      const group = sorted.slice(i, i + perSl);
      const b = subnodeBlock(g, 0, group.length, g.subnode.slEntrySize, (b, off, j) => {
        putId(b, off, group[j]!.nid, g.idSize);
        putId(b, off + g.idSize, group[j]!.bidData, g.idSize);
        putId(b, off + 2 * g.idSize, group[j]!.bidSub, g.idSize);
      });
      leaves.push({ nid: group[0]!.nid, bid: this.writeBlock(b, true) });
    }
    if (leaves.length === 1) return leaves[0]!.bid;
    if (leaves.length > perSi) throw new RangeError(`${sorted.length} subnodes exceed one SIBLOCK`);
    const b = subnodeBlock(g, 1, leaves.length, g.subnode.siEntrySize, (b, off, j) => {
      putId(b, off, leaves[j]!.nid, g.idSize);
      putId(b, off + g.idSize, leaves[j]!.bid, g.idSize);
    });
    return this.writeBlock(b, true);
  }

  /** Records a node in the NBT. */
  addNode(nid: number, bidData: number, bidSub: number, parent: number): void {
    this.nodes.push(nid, bidData, bidSub, parent);
  }

  /** Builds both B-trees, writes the maps and the header, syncs (see Durability) and closes. Returns the file size. */
  finish(durability: Durability = 'sync'): number {
    if (this.finished) throw new Error('PST already finished');
    this.finished = true;
    const g = this.g;
    const nbtEntry = g.nbtEntry;
    const order = this.nodes.sortedOrder();
    const [nid, bidData, bidSub, parent] = [this.nodes.nid.view(), this.nodes.bidData.view(), this.nodes.bidSub.view(), this.nodes.parent.view()];
    const leafMax = btEntriesPerPage(g, g.btPage.nbtEntrySize);
    const nbtLeaves = new PageRefs();
    for (let i = 0; i < order.length || nbtLeaves.count === 0; i += leafMax) {
      const page = new Uint8Array(g.page.size);
      const cEnt = Math.min(leafMax, order.length - i);
      for (let j = 0; j < cEnt; j++) {
        const k = order[i + j]!;
        const off = j * g.btPage.nbtEntrySize;
        putId(page, off + nbtEntry.nid, nid[k]!, g.idSize);
        putId(page, off + nbtEntry.bidData, bidData[k]!, g.idSize);
        putId(page, off + nbtEntry.bidSub, bidSub[k]!, g.idSize);
        put32(page, off + nbtEntry.nidParent, parent[k]!);
      }
      putBtPageCounts(g, page, cEnt, leafMax, g.btPage.nbtEntrySize, 0);
      const leaf = this.writePage(page, PType.NBT);
      nbtLeaves.push(cEnt > 0 ? nid[order[i]!]! : 0, leaf.bid, leaf.ib);
    }
    const nbt = this.writeIndexLevels(nbtLeaves, PType.NBT);
    if (this.blocks.count > 0 || this.bbtLeaves.count === 0) this.writeBbtLeaf();
    const bbt = this.writeIndexLevels(this.bbtLeaves, PType.BBT);
    const dlistBid = this.nextPageBid++;
    // Nothing is allocated after the B-trees: the last interval's map is final.
    this.space.close();
    this.writeFreeMaps();
    const dlist = new Uint8Array(g.page.size);
    sealPage(g, dlist, PType.DList, g.amap.dlist, dlistBid, true);
    this.sink.write(g.amap.dlist, dlist);
    const eof = this.space.intervalStart(this.space.intervalCount);
    this.sink.write(0, this.header(nbt, bbt, eof));
    this.sink.close(eof, durability);
    return eof;
  }

  /** Closes and leaves the file unfinished (the caller deletes it). */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    this.sink.abandon();
  }

  private writePage(page: Uint8Array, ptype: number): PageRef {
    const ib = this.space.allocate(this.g.page.size, this.g.page.size);
    const bid = this.nextPageBid++;
    sealPage(this.g, page, ptype, ib, bid, true);
    this.sink.write(ib, page);
    return { bid, ib };
  }

  /**
   * Writes the BBT entries gathered so far as one leaf page. BIDs are handed out in increasing
   * order, so leaves written as they fill are already in key order.
   */
  private writeBbtLeaf(): void {
    const g = this.g;
    const b = this.blocks;
    const e = g.bbtEntry;
    const page = new Uint8Array(g.page.size);
    for (let i = 0; i < b.count; i++) {
      const off = i * g.btPage.bbtEntrySize;
      putId(page, off + e.bid, b.bid[i]!, g.idSize);
      putId(page, off + e.ib, b.ib[i]!, g.idSize);
      put16(page, off + e.cb, b.cb[i]!);
      if (e.cbInflated !== null) put16(page, off + e.cbInflated, b.cbInflated[i]!);
      put16(page, off + e.cRef, b.cRef[i]!);
    }
    putBtPageCounts(g, page, b.count, b.capacity, g.btPage.bbtEntrySize, 0);
    const key = b.count > 0 ? b.bid[0]! : 0;
    b.count = 0;
    const leaf = this.writePage(page, PType.BBT);
    this.bbtLeaves.push(key, leaf.bid, leaf.ib);
  }

  /**
   * Writes the index levels above a B-tree's leaves: keys are the lowest key of each child and
   * BREFs carry the child page's own BID [MS-PST §2.2.2.7.7]. Returns the root.
   */
  private writeIndexLevels(leaves: PageRefs, ptype: number): PageRef {
    const g = this.g;
    const indexMax = btEntriesPerPage(g, g.btPage.btEntrySize);
    let level = leaves;
    for (let cLevel = 1; level.count > 1; cLevel++) {
      const next = new PageRefs();
      const [key, bid, ib] = [level.key.view(), level.bid.view(), level.ib.view()];
      for (let i = 0; i < level.count; i += indexMax) {
        const cEnt = Math.min(indexMax, level.count - i);
        const page = new Uint8Array(g.page.size);
        for (let j = 0; j < cEnt; j++) {
          const off = j * g.btPage.btEntrySize;
          putId(page, off, key[i + j]!, g.idSize);
          putId(page, off + g.idSize, bid[i + j]!, g.idSize);
          putId(page, off + 2 * g.idSize, ib[i + j]!, g.idSize);
        }
        putBtPageCounts(g, page, cEnt, indexMax, g.btPage.btEntrySize, cLevel);
        const written = this.writePage(page, ptype);
        next.push(key[i]!, written.bid, written.ib);
      }
      level = next;
    }
    return { bid: level.bid.get(0), ib: level.ib.get(0) };
  }

  /**
   * The pages at the start of interval k, once its bitmap is final: its AMap, and the PMap and
   * FPMap where they fall (deprecated: Outlook's rule is to write them "all allocated") [MS-PST
   * §2.2.2.7.2–.6]. FMaps summarize later intervals too, so they wait for writeFreeMaps().
   */
  private writeMapPages(k: number, bitmap: Uint8Array): void {
    const g = this.g;
    const p = g.page.size;
    const start = this.space.intervalStart(k);
    const which = this.space.mapPages(k);
    const bits = g.amap.bitmapOffset;
    const amap = new Uint8Array(p);
    amap.set(bitmap, bits);
    sealPage(g, amap, PType.AMap, start, start, false);
    this.sink.write(start, amap);
    if (which.pmap) {
      const pmap = new Uint8Array(p).fill(0xff, bits, bits + g.amap.bitmapBytes);
      sealPage(g, pmap, PType.PMap, start + p, start + p, false);
      this.sink.write(start + p, pmap);
    }
    if (which.fpmap) {
      const fpmap = new Uint8Array(p).fill(0xff, bits, bits + g.amap.bitmapBytes);
      sealPage(g, fpmap, PType.FPMap, start + 3 * p, start + 3 * p, false);
      this.sink.write(start + 3 * p, fpmap);
    }
  }

  /** FMap pages: each holds the longest free run of the intervals from its own on. */
  private writeFreeMaps(): void {
    const g = this.g;
    const p = g.page.size;
    const bits = g.amap.bitmapOffset;
    const count = this.space.intervalCount;
    for (let k = 0; k < count; k++) {
      if (!this.space.mapPages(k).fmap) continue;
      const start = this.space.intervalStart(k);
      const fmap = new Uint8Array(p);
      for (let j = 0; j < g.amap.bitmapBytes && k + j < count; j++) fmap[bits + j] = this.space.longestFreeRun(k + j);
      sealPage(g, fmap, PType.FMap, start + 2 * p, start + 2 * p, false);
      this.sink.write(start + 2 * p, fmap);
    }
  }

  private header(nbt: PageRef, bbt: PageRef, eof: number): Uint8Array {
    const g = this.g;
    const h = g.header;
    const r = g.root;
    const c = HEADER_COMMON;
    const client = CLIENTS[this.client];
    const b = new Uint8Array(h.size);
    put32(b, c.dwMagic, HEADER_MAGIC);
    put16(b, c.wMagicClient, client.magic);
    put16(b, c.wVer, g.wVer[0]!);
    put16(b, c.wVerClient, client.wVerClient);
    b[c.bPlatformCreate] = PLATFORM;
    b[c.bPlatformAccess] = PLATFORM;
    putId(b, h.bidNextP, this.nextPageBid, g.idSize);
    putId(b, h.bidNextB, this.nextBlockIndex * 4, g.idSize);
    put32(b, h.dwUnique, 1);
    for (let i = 0; i < 32; i++) put32(b, h.rgnid + i * 4, this.rgnid[i]!);
    putId(b, r.ibFileEof, eof, g.idSize);
    putId(b, r.ibAMapLast, this.space.intervalStart(this.space.intervalCount - 1), g.idSize);
    putId(b, r.cbAMapFree, this.space.freeBytes(), g.idSize);
    putId(b, r.cbPMapFree, 0, g.idSize);
    putId(b, r.nbtBid, nbt.bid, g.idSize);
    putId(b, r.nbtIb, nbt.ib, g.idSize);
    putId(b, r.bbtBid, bbt.bid, g.idSize);
    putId(b, r.bbtIb, bbt.ib, g.idSize);
    b[r.fAMapValid] = AMAP_VALID2;
    // rgbFM and rgbFP are deprecated and MUST be all 0xFF.
    b.fill(0xff, h.rgbFM, h.rgbFP);
    b.fill(0xff, h.rgbFP, h.bSentinel);
    b[h.bSentinel] = SENTINEL;
    b[h.bCryptMethod] = CRYPT_METHOD[this.encoding];
    put32(b, c.dwCRCPartial, crcPst(b, c.crcFrom, c.crcFrom + h.crcPartialLength));
    if (h.crcFull) put32(b, h.crcFull.offset, crcPst(b, c.crcFrom, c.crcFrom + h.crcFull.length));
    return b;
  }
}
