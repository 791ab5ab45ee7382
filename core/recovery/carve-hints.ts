import { dataTreeLeaves } from '../ndb/datatree.js';
import { decodeBlock, type Encoding } from '../ndb/encoding.js';
import { SUBNODE_BTYPE, XBLOCK, type Geometry } from '../ndb/geometry.js';
import { isInternalBid } from '../ndb/ids.js';
import { subnodeBlock } from '../ndb/subnodes.js';
import { HeapClient, HN_SIGNATURE } from '../ltp/hid.js';
import { Column } from '../ndb/columns.js';

/** HNHDR's first four bytes: ibHnpm(2), bSig(1), bClientSig(1) [MS-PST §2.3.1.2]. */
const HN_HEAD = 4;
/** What note() looks at of an external block's payload: its first bytes, the head of a heap-on-node. */
export const CARVE_HEAD_BYTES = HN_HEAD;
/** One scratch buffer for decoding block heads: the scan notes blocks one at a time. */
const head = new Uint8Array(HN_HEAD);

/**
 * What the scan notes about each sound block for carving (carve.ts), from bytes it holds anyway:
 * which external blocks start a property context's heap, which XBLOCKs lead with which block, and
 * which blocks subnode trees are made of and name. Carving then reads only the few blocks no index entry claims,
 * instead of reading the file a second time.
 */
export class CarveHints {
  /** External blocks whose payload starts a heap-on-node with the property-context client signature. */
  readonly pcHeads = new Column(Float64Array);
  /** XBLOCKs (data trees one level deep) and the first leaf each lists: a heap spanning blocks starts there. */
  readonly xblocks = new Column(Float64Array);
  readonly xFirstLeaf = new Column(Float64Array);
  /** Data roots that SLBLOCK entries name: values and objects inside a message (an embedded message among them), never messages. */
  readonly subnodeData = new Column(Float64Array);
  /** Every subnode block (SLBLOCK or SIBLOCK): a message whose node entry is lost may have lost one of these with it. */
  readonly subnodeBlocks = new Column(Float64Array);
  /** Subnode blocks another subnode block names (an SIBLOCK's children, an attachment's own tree): never a message's root. */
  readonly subnodeNamed = new Column(Float64Array);

  /**
   * Notes one block. `data` is its payload as stored, or decoded and inflated already (then
   * `encoding` is 'none'). Only four bytes of an external block are decoded: decoding whole blocks
   * of a multi-gigabyte file to find the few heaps of interest would cost as much as the scan.
   */
  note(g: Geometry, bid: number, data: Uint8Array, encoding: Encoding): void {
    if (!isInternalBid(bid)) {
      if (data.length < HN_HEAD) return;
      decodeBlock(data.subarray(0, HN_HEAD), head, encoding, bid);
      if (head[2] === HN_SIGNATURE && head[3] === HeapClient.PC) this.pcHeads.push(bid);
      return;
    }
    try {
      if (data[0] === XBLOCK.btype && data[1] === 1) {
        const first = dataTreeLeaves(g, bid, () => data).leaves[0];
        if (first !== undefined) {
          this.xblocks.push(bid);
          this.xFirstLeaf.push(first);
        }
      } else if (data[0] === SUBNODE_BTYPE) {
        const block = subnodeBlock(g, bid, data);
        this.subnodeBlocks.push(bid);
        if (block.level === 1) for (const child of block.children) this.subnodeNamed.push(child);
        else {
          for (const e of block.entries) {
            this.subnodeData.push(e.bidData);
            if (e.bidSub !== 0) this.subnodeNamed.push(e.bidSub);
          }
        }
      }
    } catch {
      // An internal block whose entries do not fit it names nothing worth noting.
    }
  }
}
