/**
 * One layout description per on-disk variant. Every offset and size the reader, the writer, the
 * recovery scanner and the generator use comes from here, so no layout constant is written twice.
 *
 * Sources: [MS-PST] §2.2.2 (header, pages, blocks), §2.3.1 (HID); the OST 2013+ "4K" variant from
 * libpff's format notes and XstReader's LayoutsU4K, as summarised in shared/docs/format.md §1–§3.
 */

export type VariantId = 'ansi' | 'unicode' | 'unicode4k';

/** Byte offsets inside a page trailer, relative to the trailer start. */
export interface PageTrailerLayout {
  readonly ptype: number;
  readonly ptypeRepeat: number;
  readonly wSig: number;
  readonly dwCRC: number;
  readonly bid: number;
}

/** Byte offsets inside a block trailer, relative to the trailer start. */
export interface BlockTrailerLayout {
  readonly cb: number;
  readonly wSig: number;
  readonly dwCRC: number;
  readonly bid: number;
  /** Only the 4K variant records the inflated size in the trailer. */
  readonly cbInflated: number | null;
}

export interface Geometry {
  readonly id: VariantId;
  /** Human name, as the CLI and the app show it. */
  readonly label: string;
  /** wVer values that select this variant; the first one is what a writer puts down. */
  readonly wVer: readonly number[];
  /** Size of a BID, an IB and (on disk) a NID key in B-tree and subnode entries: 4 (ANSI) or 8. */
  readonly idSize: 4 | 8;

  readonly header: {
    readonly size: number;
    readonly bidNextB: number;
    readonly bidNextP: number;
    readonly dwUnique: number;
    readonly rgnid: number;
    readonly root: number;
    readonly rgbFM: number;
    readonly rgbFP: number;
    readonly bSentinel: number;
    readonly bCryptMethod: number;
    /** dwCRCPartial covers [8, 8 + 471). */
    readonly crcPartialLength: number;
    /** dwCRCFull (Unicode and 4K only) covers [8, 8 + 516) and is stored at 524. */
    readonly crcFull: { readonly offset: number; readonly length: number } | null;
  };

  /** ROOT field offsets, absolute in the file. */
  readonly root: {
    readonly ibFileEof: number;
    readonly ibAMapLast: number;
    readonly cbAMapFree: number;
    readonly cbPMapFree: number;
    readonly nbtBid: number;
    readonly nbtIb: number;
    readonly bbtBid: number;
    readonly bbtIb: number;
    readonly fAMapValid: number;
  };

  readonly page: {
    readonly size: number;
    /** Offset of the trailer inside the page; the CRC covers [0, trailerOffset). */
    readonly trailerOffset: number;
    readonly trailer: PageTrailerLayout;
  };

  /** BTPAGE (NBT and BBT) layout. */
  readonly btPage: {
    /** Bytes available for entries, starting at 0. */
    readonly entriesSize: number;
    readonly cEnt: number;
    readonly cEntMax: number;
    readonly cbEnt: number;
    readonly cLevel: number;
    /** cEnt and cEntMax are 1 byte, or 2 bytes in the 4K variant. */
    readonly countSize: 1 | 2;
    readonly btEntrySize: number;
    readonly bbtEntrySize: number;
    readonly nbtEntrySize: number;
  };

  /** BBT leaf entry: BREF, then sizes and refcount. */
  readonly bbtEntry: {
    readonly bid: number;
    readonly ib: number;
    readonly cb: number;
    readonly cbInflated: number | null;
    readonly cRef: number;
  };

  /** NBT leaf entry. */
  readonly nbtEntry: {
    readonly nid: number;
    readonly bidData: number;
    readonly bidSub: number;
    readonly nidParent: number;
  };

  readonly block: {
    /** Blocks start on this boundary and their total size is a multiple of it. */
    readonly align: number;
    readonly maxSize: number;
    /** Largest payload of one block (and so of one heap page, and one data-tree leaf). */
    readonly maxData: number;
    readonly trailerSize: number;
    readonly trailer: BlockTrailerLayout;
    /** Whether data blocks may be zlib-compressed (cbStored != cbInflated). */
    readonly compressed: boolean;
  };

  /** Subnode blocks (SLBLOCK / SIBLOCK): header is btype, cLevel, cEnt(2) and, with 8-byte ids, 4 bytes padding. */
  readonly subnode: {
    readonly headerSize: number;
    readonly slEntrySize: number;
    readonly siEntrySize: number;
  };

  /** HID bit split: hidType(5) | hidIndex(indexBits) | hidBlockIndex(rest). */
  readonly hidIndexBits: 11 | 14;

  /** Size of dwRowIndex, the value of a table's row-index BTH record: 2 in ANSI, 4 otherwise [MS-PST §2.3.4.3]. */
  readonly tcRowIndexEntrySize: 2 | 4;

  /** Allocation maps. */
  readonly amap: {
    /** Offset of the first AMap page. */
    readonly first: number;
    /** Bytes mapped by one bit. */
    readonly bytesPerBit: number;
    /** Bytes of bitmap in one AMap page (the rest is the trailer). */
    readonly bitmapBytes: number;
    /** Where the bitmap starts in an AMap/PMap/FMap/FPMap page: ANSI pages begin with 4 bytes of dwPadding [MS-PST §2.2.2.7.2.1]. */
    readonly bitmapOffset: number;
    /** Distance between consecutive AMaps = bytes mapped by one AMap. */
    readonly interval: number;
    /** Offset of the density list page. */
    readonly dlist: number;
    /** A PMap page follows the AMap (one page later) in every this-many-th AMap interval; null where there are none (4K). */
    readonly pmapEvery: number | null;
    /** FMaps sit two pages after the AMap of interval fmapFirst + n * fmapEvery (one byte per AMap). */
    readonly fmapFirst: number;
    readonly fmapEvery: number;
    /** FPMaps sit three pages after the AMap of interval fpmapFirst + n * fpmapEvery (one bit per PMap). */
    readonly fpmapFirst: number;
    readonly fpmapEvery: number;
  };
}

/**
 * Where the PMap, FMap and FPMap pages fall, counted in AMap intervals [MS-PST §2.2.2.7.3–.6]:
 * PMap at 0x4600 + k × 8 AMaps, FMap at 0x4800 + 253 952 × 128 + k × 496 AMaps, FPMap at
 * 0x4A00 + 253 952 × 128 × 64 + k × 496 × 64 AMaps (format.md §1.7). Only writers need these.
 */
const MAP_PAGE_SPACING = { pmapEvery: 8, fmapFirst: 128, fmapEvery: 496, fpmapFirst: 128 * 64, fpmapEvery: 496 * 64 } as const;

const unicodePageTrailer: PageTrailerLayout = { ptype: 0, ptypeRepeat: 1, wSig: 2, dwCRC: 4, bid: 8 };

export const ANSI: Geometry = {
  id: 'ansi',
  label: 'ANSI (Outlook 97–2002)',
  wVer: [14, 15],
  idSize: 4,
  header: {
    size: 512,
    bidNextB: 24,
    bidNextP: 28,
    dwUnique: 32,
    rgnid: 36,
    root: 164,
    rgbFM: 204,
    rgbFP: 332,
    bSentinel: 460,
    bCryptMethod: 461,
    crcPartialLength: 471,
    crcFull: null,
  },
  root: {
    ibFileEof: 168,
    ibAMapLast: 172,
    cbAMapFree: 176,
    cbPMapFree: 180,
    nbtBid: 184,
    nbtIb: 188,
    bbtBid: 192,
    bbtIb: 196,
    fAMapValid: 200,
  },
  page: {
    size: 512,
    trailerOffset: 500,
    trailer: { ptype: 0, ptypeRepeat: 1, wSig: 2, bid: 4, dwCRC: 8 },
  },
  btPage: {
    entriesSize: 496,
    cEnt: 496,
    cEntMax: 497,
    cbEnt: 498,
    cLevel: 499,
    countSize: 1,
    btEntrySize: 12,
    bbtEntrySize: 12,
    nbtEntrySize: 16,
  },
  bbtEntry: { bid: 0, ib: 4, cb: 8, cbInflated: null, cRef: 10 },
  nbtEntry: { nid: 0, bidData: 4, bidSub: 8, nidParent: 12 },
  block: {
    align: 64,
    maxSize: 8192,
    maxData: 8180,
    trailerSize: 12,
    trailer: { cb: 0, wSig: 2, bid: 4, dwCRC: 8, cbInflated: null },
    compressed: false,
  },
  subnode: { headerSize: 4, slEntrySize: 12, siEntrySize: 8 },
  hidIndexBits: 11,
  tcRowIndexEntrySize: 2,
  amap: {
    first: 0x4400,
    bytesPerBit: 64,
    bitmapBytes: 496,
    bitmapOffset: 4,
    interval: 496 * 8 * 64,
    dlist: 0x4200,
    ...MAP_PAGE_SPACING,
  },
};

export const UNICODE: Geometry = {
  id: 'unicode',
  label: 'Unicode (Outlook 2003–2010)',
  wVer: [23, 21, 37],
  idSize: 8,
  header: {
    size: 564,
    bidNextB: 516,
    bidNextP: 32,
    dwUnique: 40,
    rgnid: 44,
    root: 180,
    rgbFM: 256,
    rgbFP: 384,
    bSentinel: 512,
    bCryptMethod: 513,
    crcPartialLength: 471,
    crcFull: { offset: 524, length: 516 },
  },
  root: {
    ibFileEof: 184,
    ibAMapLast: 192,
    cbAMapFree: 200,
    cbPMapFree: 208,
    nbtBid: 216,
    nbtIb: 224,
    bbtBid: 232,
    bbtIb: 240,
    fAMapValid: 248,
  },
  page: { size: 512, trailerOffset: 496, trailer: unicodePageTrailer },
  btPage: {
    entriesSize: 488,
    cEnt: 488,
    cEntMax: 489,
    cbEnt: 490,
    cLevel: 491,
    countSize: 1,
    btEntrySize: 24,
    bbtEntrySize: 24,
    nbtEntrySize: 32,
  },
  bbtEntry: { bid: 0, ib: 8, cb: 16, cbInflated: null, cRef: 18 },
  nbtEntry: { nid: 0, bidData: 8, bidSub: 16, nidParent: 24 },
  block: {
    align: 64,
    maxSize: 8192,
    maxData: 8176,
    trailerSize: 16,
    trailer: { cb: 0, wSig: 2, dwCRC: 4, bid: 8, cbInflated: null },
    compressed: false,
  },
  subnode: { headerSize: 8, slEntrySize: 24, siEntrySize: 16 },
  hidIndexBits: 11,
  tcRowIndexEntrySize: 4,
  amap: {
    first: 0x4400,
    bytesPerBit: 64,
    bitmapBytes: 496,
    bitmapOffset: 0,
    interval: 496 * 8 * 64,
    dlist: 0x4200,
    ...MAP_PAGE_SPACING,
  },
};

/** OST 2013+: the Unicode header and ids with 4 KiB pages, 64 KiB zlib-compressed blocks, 24-byte trailers. */
export const UNICODE_4K: Geometry = {
  ...UNICODE,
  id: 'unicode4k',
  label: 'OST 2013+ (4 KiB pages, compressed)',
  wVer: [36],
  page: { size: 4096, trailerOffset: 4072, trailer: unicodePageTrailer },
  btPage: {
    entriesSize: 4056,
    cEnt: 4056,
    cEntMax: 4058,
    cbEnt: 4060,
    cLevel: 4061,
    countSize: 2,
    btEntrySize: 24,
    bbtEntrySize: 24,
    nbtEntrySize: 32,
  },
  bbtEntry: { bid: 0, ib: 8, cb: 16, cbInflated: 18, cRef: 20 },
  block: {
    align: 512,
    maxSize: 65536,
    maxData: 65512,
    trailerSize: 24,
    trailer: { cb: 0, wSig: 2, dwCRC: 4, bid: 8, cbInflated: 18 },
    compressed: true,
  },
  hidIndexBits: 14,
  amap: {
    first: 0x22000,
    bytesPerBit: 512,
    bitmapBytes: 4072,
    bitmapOffset: 0,
    interval: 4072 * 8 * 512,
    dlist: 0x21000,
    ...MAP_PAGE_SPACING,
    // Real 4K OSTs have a data block right after the first AMap, where a PMap would be.
    pmapEvery: null,
  },
};

export const GEOMETRIES: readonly Geometry[] = [ANSI, UNICODE, UNICODE_4K];

export function geometryForWVer(wVer: number): Geometry | undefined {
  return GEOMETRIES.find((g) => g.wVer.includes(wVer));
}

/** Entries that fit in one B-tree page for an entry size (what a writer records as cEntMax). */
export function btEntriesPerPage(g: Geometry, entrySize: number): number {
  return Math.floor(g.btPage.entriesSize / entrySize);
}

/** Total on-disk size of a block holding `cb` bytes of (stored) data. */
export function blockTotalSize(g: Geometry, cb: number): number {
  const raw = cb + g.block.trailerSize;
  return Math.ceil(raw / g.block.align) * g.block.align;
}

/** Page types (ptype) [MS-PST §2.2.2.7.1]. */
export const PType = {
  BBT: 0x80,
  NBT: 0x81,
  FMap: 0x82,
  PMap: 0x83,
  AMap: 0x84,
  FPMap: 0x85,
  DList: 0x86,
} as const;

/** The header's first 24 bytes, the same in every variant [MS-PST §2.2.2.6; format.md §1.1]. */
export const HEADER_COMMON = {
  dwMagic: 0,
  dwCRCPartial: 4,
  wMagicClient: 8,
  wVer: 10,
  wVerClient: 12,
  bPlatformCreate: 14,
  bPlatformAccess: 15,
  /** Both header CRCs cover the bytes from here on (wMagicClient onwards). */
  crcFrom: 8,
} as const;

/** Header constants shared by every variant. */
export const HEADER_MAGIC = 0x4e444221; // "!BDN" read little-endian
export const CLIENT_PST = 0x4d53; // "SM"
export const CLIENT_OST = 0x4f53; // "SO"
export const SENTINEL = 0x80;
/** bPlatformCreate and bPlatformAccess: MUST be 0x01. */
export const PLATFORM = 0x01;

/** What a writer puts in wMagicClient and wVerClient: pstsdk's database_pst = 19, database_ost = 12 (format.md §1.1). */
export const CLIENTS = {
  pst: { magic: CLIENT_PST, wVerClient: 19 },
  ost: { magic: CLIENT_OST, wVerClient: 12 },
} as const;

/**
 * Internal block headers, the same in every variant except for the id width [MS-PST §2.2.2.8.3.2–.3]:
 * XBLOCK/XXBLOCK are btype 1, cLevel, cEnt(2), lcbTotal(4), then BIDs; SLBLOCK/SIBLOCK are btype 2.
 */
export const XBLOCK = { btype: 0x01, headerSize: 8, cLevel: 1, cEnt: 2, lcbTotal: 4 } as const;
export const SUBNODE_BTYPE = 0x02;
