import type { NodeDatabase } from '../ndb/database.js';
import type { DataGap, SalvagedData } from '../ndb/salvage.js';
import type { SubnodeEntry } from '../ndb/subnodes.js';
import { FormatError } from '../errors.js';
import { Heap } from './heap.js';
import { isHid } from './hid.js';

/**
 * An LTP view of one node: its heap plus the subnodes its large values live in. PCs and TCs
 * resolve HNIDs through it: a HID is a heap item, anything else is a subnode's data tree.
 */
export class LtpNode {
  readonly heap: Heap;

  constructor(
    readonly db: NodeDatabase,
    bidData: number,
    readonly subnodes: Map<number, SubnodeEntry>,
    readonly label: string,
  ) {
    this.heap = new Heap(db.geometry, db.dataBlocks(bidData), label);
  }

  /** Opens a node of the NBT by NID. */
  static fromNid(db: NodeDatabase, nid: number): LtpNode {
    const e = db.node(nid);
    if (!e) throw new FormatError(`node 0x${nid.toString(16)} is not in the node index`);
    return new LtpNode(db, e.bidData, db.subnodes(e.bidSub), `node 0x${nid.toString(16)}`);
  }

  /** Opens a subnode of this node (e.g. a message's recipient table or an attachment). */
  child(nid: number): LtpNode {
    const s = this.subnodes.get(nid);
    if (!s) throw new FormatError(`${this.label}: subnode 0x${nid.toString(16)} is missing`);
    return new LtpNode(this.db, s.bidData, this.db.subnodes(s.bidSub), `${this.label}/0x${nid.toString(16)}`);
  }

  hasChild(nid: number): boolean {
    return this.subnodes.has(nid);
  }

  /** The bytes an HNID names: a heap item, or a subnode's whole data tree. */
  resolve(hnid: number): Uint8Array {
    return isHid(hnid) ? this.heap.item(hnid) : this.db.dataBytes(this.valueSubnode(hnid).bidData);
  }

  /**
   * What can be read of a subnode-held value whose data tree lost blocks (NodeDatabase.salvageData);
   * null for heap items, which live in one heap page and are read whole or not at all.
   */
  salvage(hnid: number): SalvagedData | null {
    return isHid(hnid) ? null : this.db.salvageData(this.valueSubnode(hnid).bidData);
  }

  /**
   * The bytes an HNID names, block by block, for streaming large values without holding them whole;
   * each chunk is valid until the next is taken, and blocks that cannot be read come as zeros and are
   * reported (NodeDatabase.dataChunks).
   */
  *valueChunks(hnid: number, onGap: (gap: DataGap) => void): Generator<Uint8Array> {
    if (isHid(hnid)) yield this.heap.item(hnid);
    else yield* this.db.dataChunks(this.valueSubnode(hnid).bidData, onGap);
  }

  private valueSubnode(hnid: number): SubnodeEntry {
    const s = this.subnodes.get(hnid);
    if (!s) throw new FormatError(`${this.label}: value subnode 0x${hnid.toString(16)} is missing`);
    return s;
  }

  /** Leaf block ids of a subnode-held value, to stream it block by block; null for heap items. */
  subnodeDataLeaves(hnid: number): number[] | null {
    return isHid(hnid) ? null : this.db.dataLeafIds(this.valueSubnode(hnid).bidData);
  }
}
