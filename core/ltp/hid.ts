import type { Geometry } from '../ndb/geometry.js';

/**
 * Heap ids [MS-PST §2.3.1.1]: hidType(5) = 0 | hidIndex | hidBlockIndex. PST heaps use an 11-bit
 * index and a 16-bit block index; the OST 4K variant, whose 64 KiB blocks can hold more items,
 * uses 14 and 13 bits (libpff, XstReader; see format.md §3.1).
 */
export interface HidParts {
  /** 1-based item index inside the heap page. */
  index: number;
  /** 0-based heap page (data-tree leaf) number. */
  block: number;
}

export function splitHid(g: Geometry, hid: number): HidParts {
  const shift = 5 + g.hidIndexBits;
  return {
    index: (hid >>> 5) & ((1 << g.hidIndexBits) - 1),
    block: hid >>> shift,
  };
}

export function makeHid(g: Geometry, parts: HidParts): number {
  return ((parts.block << (5 + g.hidIndexBits)) | (parts.index << 5)) >>> 0;
}

/** An HNID is a HID when its NID type bits are 0, otherwise it names a subnode. */
export function isHid(hnid: number): boolean {
  return (hnid & 0x1f) === 0;
}

/** Largest item one heap allocation may hold [MS-PST §2.3.1.1]; bigger values go to a subnode. */
export const MAX_HEAP_ITEM = 3580;

/** Heap client signatures [MS-PST §2.3.1.2]. */
export const HeapClient = { TC: 0x7c, BTH: 0xb5, PC: 0xbc } as const;
export const HN_SIGNATURE = 0xec;
