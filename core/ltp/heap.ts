import { u16, u32, u8 } from '../ndb/bytes.js';
import type { LostBlock } from '../ndb/salvage.js';
import type { Geometry } from '../ndb/geometry.js';
import { FormatError } from '../errors.js';
import { HN_SIGNATURE, splitHid } from './hid.js';

/** HNHDR [MS-PST §2.3.1.2]: ibHnpm(2) bSig(1) bClientSig(1) hidUserRoot(4) rgbFillLevel(4). */
const HNHDR_SIZE = 12;

/**
 * A heap-on-node [MS-PST §2.3.1]: a node's data-tree leaves, each a heap page whose page map
 * (HNPAGEMAP) lists the allocations in it. Items are addressed by HID (page, 1-based index).
 *
 * A page that could not be read costs only the items on it: reading one of them throws a FormatError
 * that names the page and why it was lost, and the property or row that needed it is reported by
 * whoever asked, while items on the other pages read as usual. The first page holds the heap's header
 * and the root of what is built on it, so without it the heap cannot be read at all.
 */
export class Heap {
  readonly clientSig: number;
  readonly userRoot: number;

  constructor(
    private readonly g: Geometry,
    private readonly pages: Array<Uint8Array | LostBlock>,
    /** Names the node in error messages. */
    private readonly label: string,
  ) {
    const first = pages[0];
    if (first && !(first instanceof Uint8Array)) throw new FormatError(`${label}: the heap's first block is unreadable (${first.reason})`, first.offset);
    if (!first || first.length < HNHDR_SIZE) throw new FormatError(`${label}: heap has no header block`);
    if (u8(first, 2) !== HN_SIGNATURE) throw new FormatError(`${label}: heap signature is 0x${u8(first, 2).toString(16)}, not 0xEC`);
    this.clientSig = u8(first, 3);
    this.userRoot = u32(first, 4);
  }

  /** The bytes of one allocation; a HID of 0 is the empty value. */
  item(hid: number): Uint8Array {
    if (hid === 0) return new Uint8Array(0);
    const { index, block } = splitHid(this.g, hid);
    const page = this.pages[block];
    if (!page) throw new FormatError(`${this.label}: HID 0x${hid.toString(16)} points at heap page ${block} of ${this.pages.length}`);
    if (!(page instanceof Uint8Array)) throw new FormatError(`${this.label}: heap page ${block} is unreadable (${page.reason})`, page.offset);
    const map = u16(page, 0);
    if (map + 4 > page.length) throw new FormatError(`${this.label}: heap page ${block} has its page map outside the page`);
    const cAlloc = u16(page, map);
    if (index < 1 || index > cAlloc || map + 4 + (cAlloc + 1) * 2 > page.length) {
      throw new FormatError(`${this.label}: HID 0x${hid.toString(16)} names item ${index} of ${cAlloc} on heap page ${block}`);
    }
    const start = u16(page, map + 4 + (index - 1) * 2);
    const end = u16(page, map + 4 + index * 2);
    if (start > end || end > map) throw new FormatError(`${this.label}: heap item ${index} on page ${block} has impossible bounds ${start}..${end}`);
    return page.subarray(start, end);
  }
}
