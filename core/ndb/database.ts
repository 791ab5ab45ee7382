import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { BlockBTree, NodeBTree, type BlockEntry, type NodeEntry } from './btree.js';
import { inflateBuffer, readBlock, uninitialized } from './block.js';
import { dataTreeLeaves } from './datatree.js';
import type { Encoding } from './encoding.js';
import { blockTotalSize, type Geometry } from './geometry.js';
import { cutShort, HEADER_READ_SIZE, parseHeader, type Header } from './header.js';
import { bidKey, isInternalBid } from './ids.js';
import { LruCache } from './lru.js';
import { pageFault } from './page.js';
import { FileSource } from './source.js';
import { layOutPieces, type DataGap, type DataPiece, type LostBlock, type SalvagedData } from './salvage.js';
import { readSubnodes, type SubnodeEntry } from './subnodes.js';
import { errorText, FormatError, RescueError } from '../errors.js';

/** Where the database looks nodes up: the file's NBT, or an index rebuilt by a deep scan. */
export interface NodeIndex {
  lookup(nid: number): NodeEntry | undefined;
  entries(): Iterable<NodeEntry>;
}

/** Where the database looks blocks up (by BID with bit 0 cleared): the file's BBT, or a rebuilt index. */
export interface BlockIndex {
  lookup(bidKey: number): BlockEntry | undefined;
}

/**
 * Bytes of decoded blocks kept for reuse. Heaps and tables revisit their own few blocks while one
 * object is read, so a little is enough; a bigger cache only grew memory with the file. With 4 MB here
 * and 2 MB page caches a 4 GB OST convert peaked at 240-252 MB RSS; with 1 MB and 512 KB, at 198-202 MB,
 * and reads were no slower. From 1 MB to 256 KB the 4 GB OST deep scan went from 97-99 to 80-84 MB: a
 * block the cache holds long enough outlives two young-generation collections, and once it is old its
 * buffer waits for a full collection. A 1 GB OST full read and convert, and listing a 100 000-item
 * folder, took as long as before.
 */
const BLOCK_CACHE_BYTES = 256 << 10;

/**
 * The node database: header, the two B-trees and block access for one open file. It is the only
 * layer that touches the file; everything above asks it for nodes, blocks and subnode maps.
 */
export class NodeDatabase {
  readonly geometry: Geometry;
  readonly encoding: Encoding;
  readonly nbt: NodeIndex;
  readonly bbt: BlockIndex;
  private readonly blocks = new LruCache<number, Uint8Array>(BLOCK_CACHE_BYTES, (b) => b.length);
  /** Where blockTransient() reads, allocated on first use. */
  private scratch: Uint8Array | null = null;
  /** Where it inflates a compressed block, in a 4K file. */
  private inflated: Uint8Array | undefined;

  private constructor(
    readonly src: FileSource,
    readonly header: Header,
    indexes?: { nodes: NodeIndex; blocks: BlockIndex },
  ) {
    this.geometry = header.geometry;
    this.encoding = header.encoding!;
    this.nbt = indexes?.nodes ?? new NodeBTree(this.geometry, src, header.root.nbt);
    this.bbt = indexes?.blocks ?? new BlockBTree(this.geometry, src, header.root.bbt);
  }

  /**
   * A database over indexes rebuilt by recovery (a deep scan) instead of the file's own B-trees,
   * so the LTP and messaging layers read recovered nodes unchanged. `header` may be salvaged.
   */
  static withIndexes(src: FileSource, header: Header, nodes: NodeIndex, blocks: BlockIndex): NodeDatabase {
    if (header.encoding === undefined) throw new RescueError('unsupported', `"${basename(src.path)}" uses an encoding this tool cannot decode.`);
    return new NodeDatabase(src, header, { nodes, blocks });
  }

  /** Opens a file read-only, or throws a RescueError whose message names the file and the problem. */
  static open(path: string): NodeDatabase {
    const name = basename(path);
    const src = openSource(path, name);
    try {
      const header = readHeader(src, name);
      const db = new NodeDatabase(src, header);
      const roots = db.rootPageFaults();
      if (roots.nbt || roots.bbt) {
        const cut = cutShort(src.size, header.root.ibFileEof);
        throw new RescueError(
          cut ? 'truncated' : 'damaged',
          cut
            ? `"${name}" is truncated (${cut}), and its index pages are missing. Try a deep scan to recover what is left.`
            : `"${name}" is damaged: its ${roots.nbt ? 'node' : 'block'} index root page is unreadable (${roots.nbt ?? roots.bbt}). Try a deep scan to recover its items.`,
        );
      }
      return db;
    } catch (e) {
      src.close();
      throw e;
    }
  }

  /** Soundness of the two root pages, for `inspect` and the app's health card. */
  rootPageFaults(): { nbt: string | null; bbt: string | null } {
    const g = this.geometry;
    const check = (ref: { bid: number; ib: number }, ptype: number): string | null => {
      if (ref.ib + g.page.size > this.src.size) return 'it lies beyond the end of the file';
      return pageFault(g, this.src.read(ref.ib, g.page.size), ref.ib, ref.bid, ptype);
    };
    return { nbt: check(this.header.root.nbt, 0x81), bbt: check(this.header.root.bbt, 0x80) };
  }

  node(nid: number): NodeEntry | undefined {
    return this.nbt.lookup(nid);
  }

  blockEntry(bid: number): BlockEntry {
    const e = this.bbt.lookup(bidKey(bid));
    if (!e) throw new FormatError(`block ${bid} is not in the block index`);
    return e;
  }

  /** A block's payload (decoded, inflated), cached because heaps and tables revisit blocks. */
  block(bid: number): Uint8Array {
    const key = bidKey(bid);
    const hit = this.blocks.get(key);
    if (hit) return hit;
    const data = readBlock(this.geometry, this.src, this.blockEntry(key), this.encoding);
    this.blocks.set(key, data);
    return data;
  }

  /**
   * A block's payload read past the cache, for streaming large values that would only evict it, into one
   * scratch buffer: it is valid until the next call. A value's blocks are copied or consumed as they come,
   * and a buffer per block made garbage that the collector frees only long after (tens of megabytes of
   * resident memory, and collector time, on an attachment-heavy mailbox).
   */
  private blockTransient(bid: number): Uint8Array {
    const key = bidKey(bid);
    const cached = this.blocks.get(key);
    if (cached) return cached;
    const g = this.geometry;
    this.scratch ??= new Uint8Array(blockTotalSize(g, g.block.maxData));
    this.inflated ??= inflateBuffer(g);
    return readBlock(g, this.src, this.blockEntry(key), this.encoding, this.scratch, this.inflated);
  }

  /**
   * The leaf blocks of a node's data tree, in order (each one a heap page for HN-based nodes). A leaf
   * that cannot be read is a LostBlock in its place, so that what the other leaves hold can still be
   * read; an XBLOCK that cannot be read, which hides how many leaves there were, throws.
   */
  dataBlocks(bidData: number): Array<Uint8Array | LostBlock> {
    if (bidData === 0) return [];
    const fetch = (b: number) => this.block(b);
    return dataTreeLeaves(this.geometry, bidData, fetch).leaves.map((b) => {
      try {
        return fetch(b);
      } catch (e) {
        return { bid: b, offset: this.blockOffset(b), reason: errorText(e) };
      }
    });
  }

  /** Leaf block ids of a data tree, for streaming large values without holding them whole. */
  dataLeafIds(bidData: number): number[] {
    if (bidData === 0) return [];
    return dataTreeLeaves(this.geometry, bidData, (b) => this.block(b)).leaves;
  }

  /** A data tree's bytes, concatenated. */
  dataBytes(bidData: number): Uint8Array {
    const leaves = this.dataLeafIds(bidData);
    if (leaves.length === 1) return this.block(leaves[0]!);
    // A value spread over many blocks (an attachment) is read once: caching its blocks would only
    // evict the heap pages that are read again and again.
    const out = uninitialized(leaves.reduce((n, b) => n + this.blockEntry(b).cbInflated, 0));
    let at = 0;
    for (const b of leaves) {
      const data = this.blockTransient(b);
      if (at + data.length > out.length) throw new FormatError(`data tree ${bidData} holds more than its blocks' index sizes`);
      out.set(data, at);
      at += data.length;
    }
    return at === out.length ? out : out.subarray(0, at);
  }

  /**
   * A data tree's bytes when some of its blocks cannot be read (callers try dataBytes first, so the
   * sound path pays nothing for this): an unreadable leaf, or an XBLOCK with every leaf it lists,
   * becomes a zero-filled gap of the size it held, so the bytes after it keep their offsets. A value
   * of which nothing can be read (a lost root, or every block lost) throws, as dataBytes does.
   */
  salvageData(bidData: number): SalvagedData {
    if (!isInternalBid(bidData)) return { data: this.dataBytes(bidData), gaps: [] };
    const pieces = this.dataPieces(bidData);
    const last = pieces.at(-1);
    const data = new Uint8Array(last ? last.start + last.length : 0);
    const gaps: DataGap[] = [];
    for (const p of pieces) {
      const bytes = this.readPiece(p, (g) => gaps.push(g));
      if (bytes) data.set(bytes, p.start);
    }
    if (gaps.length === pieces.length) throw new FormatError(`no block of data tree ${bidData} can be read (${gaps[0]?.reason ?? 'it lists none'})`, gaps[0]?.offset ?? null);
    return { data, gaps };
  }

  /**
   * A data tree's bytes leaf by leaf, for streaming large values: each chunk is valid until the next is
   * taken (see blockTransient). A leaf (or XBLOCK) that cannot be read is yielded as zeros of the size it
   * held and reported through `onGap`; only a lost root throws.
   * The value is laid out (salvageData's sizes) only once a block has failed.
   */
  *dataChunks(bidData: number, onGap: (gap: DataGap) => void): Generator<Uint8Array> {
    if (!isInternalBid(bidData)) {
      // A value in one block has nothing to keep when that block is lost.
      if (bidData !== 0) yield this.blockTransient(bidData);
      return;
    }
    let leaves: number[] | null = null;
    try {
      leaves = this.dataLeafIds(bidData);
    } catch {
      // An XBLOCK is lost: the layout below tells which leaves are still known.
    }
    let i = 0;
    for (; leaves && i < leaves.length; i++) {
      let data: Uint8Array;
      try {
        data = this.blockTransient(leaves[i]!);
      } catch {
        break; // this leaf is lost: go on from it with the layout below, which knows its size
      }
      yield data;
    }
    if (leaves && i === leaves.length) return;
    // The leaves read so far are the first pieces: no XBLOCK was lost when the leaf list was read whole.
    for (const p of this.dataPieces(bidData).slice(leaves ? i : 0)) yield this.readPiece(p, onGap) ?? new Uint8Array(p.length);
  }

  /** A data tree laid out as pieces of its value, with XBLOCKs that cannot be read kept as lost pieces. */
  private dataPieces(bidData: number): DataPiece[] {
    const tree = dataTreeLeaves(this.geometry, bidData, (b) => this.block(b), true);
    const pieces = layOutPieces(this.geometry, tree, (b) => this.bbt.lookup(bidKey(b))?.cbInflated ?? null);
    const size = pieces.reduce((n, p) => n + p.length, 0);
    // Bytes beyond the whole file's size mean a damaged tree (or, in the compressed 4K variant, a
    // value that compresses extremely well): lost whole, as without salvage, rather than allocated.
    if (size > this.src.size) throw new FormatError(`data tree ${bidData} would hold ${size} bytes, more than the whole file`);
    return pieces;
  }

  /** A piece's bytes, or null after reporting it as a gap. */
  private readPiece(p: DataPiece, onGap: (gap: DataGap) => void): Uint8Array | null {
    let error = p.lost;
    if (error === null) {
      try {
        return this.blockTransient(p.bid);
      } catch (e) {
        error = e;
      }
    }
    onGap({ bid: p.bid, offset: this.blockOffset(p.bid), start: p.start, length: p.length, reason: errorText(error) });
    return null;
  }

  /** A block's file offset, when the block index knows the block. */
  private blockOffset(bid: number): number | null {
    return this.bbt.lookup(bidKey(bid))?.ib ?? null;
  }

  subnodes(bidSub: number): Map<number, SubnodeEntry> {
    if (bidSub === 0) return new Map();
    return readSubnodes(this.geometry, bidSub, (b) => this.block(b));
  }

  close(): void {
    this.src.close();
  }
}

/** Opens a file read-only, turning file-system failures into sentences for a person. */
export function openSource(path: string, name: string): FileSource {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw describeFsError(e, name);
  }
  if (st.isDirectory()) throw new RescueError('is-directory', `"${name}" is a folder, not an Outlook data file. Choose the .ost or .pst file inside it.`);
  if (!st.isFile()) throw new RescueError('not-outlook', `"${name}" is not a regular file, so it cannot be an Outlook data file.`);
  if (st.size === 0) throw new RescueError('empty', `"${name}" is empty (0 bytes): there is no mail in it to recover.`);
  try {
    return FileSource.open(path);
  } catch (e) {
    throw describeFsError(e, name);
  }
}

function describeFsError(e: unknown, name: string): RescueError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new RescueError('not-found', `"${name}" does not exist. Check the path and try again.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new RescueError('no-permission', `"${name}" cannot be read: permission denied. Close Outlook or copy the file somewhere you can read it.`);
  }
  if (code === 'EISDIR') return new RescueError('is-directory', `"${name}" is a folder, not an Outlook data file.`);
  return new RescueError('not-outlook', `"${name}" cannot be read (${code ?? String(e)}).`);
}

function readHeader(src: FileSource, name: string): Header {
  const parsed = parseHeader(src.readClipped(0, HEADER_READ_SIZE));
  switch (parsed) {
    case 'too-short':
      throw new RescueError('truncated', `"${name}" is too short (${src.size} bytes) to hold an Outlook data file header; it is truncated or not an Outlook file.`);
    case 'bad-magic':
      throw new RescueError(
        'not-outlook',
        `"${name}" is not an Outlook data file: it does not start with the "!BDN" signature every .pst and .ost has. If it is an Outlook file whose header was damaged, a deep scan can still recover its mail.`,
      );
    case 'unknown-client':
      throw new RescueError('not-outlook', `"${name}" is not an Outlook .pst or .ost file: its header names neither a PST nor an OST.`);
    case 'unknown-version':
      throw new RescueError('unsupported', `"${name}" uses a data file version this tool does not know; please report it.`);
  }
  if (parsed.encoding === undefined) {
    throw new RescueError(
      'unsupported',
      `"${name}" is encrypted with method 0x${parsed.cryptMethod.toString(16)} (e.g. Windows Information Protection), which cannot be decoded without the owner's keys.`,
    );
  }
  return parsed;
}
