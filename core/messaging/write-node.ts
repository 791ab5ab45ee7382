import type { SubnodeRef } from '../ndb/write-ndb.js';
import type { NdbWriter } from '../ndb/write-ndb.js';
import { makeNid, NidType } from '../ndb/ids.js';
import type { SubnodeSink } from '../ltp/write-pc.js';

/**
 * Subnode NIDs are local to a top-level node. Outlook numbers them from one counter per message
 * (attachments 0x8025, 0x8045…, large values 0x807F…, across nested attachments too), which keeps
 * every subnode NID unique within the message's whole subnode tree.
 */
export class LocalNids {
  private last = 0x400;

  next(type: number): number {
    return makeNid(type, ++this.last);
  }
}

/** Collects one node's subnode entries; large values and row blocks are written at once. */
export class NodeSubnodes implements SubnodeSink {
  readonly entries: SubnodeRef[] = [];

  constructor(
    private readonly ndb: NdbWriter,
    readonly nids: LocalNids,
  ) {}

  storeValue(data: Uint8Array): number {
    const nid = this.nids.next(NidType.LTP);
    this.entries.push({ nid, bidData: this.ndb.writeData(data), bidSub: 0 });
    return nid;
  }

  storeLeaves(leaves: Iterable<Uint8Array>): number {
    const nid = this.nids.next(NidType.LTP);
    this.entries.push({ nid, bidData: this.ndb.writeLeaves(leaves), bidSub: 0 });
    return nid;
  }

  add(ref: SubnodeRef): void {
    this.entries.push(ref);
  }

  /** Writes the subnode tree; 0 when the node has none. */
  write(): number {
    return this.ndb.writeSubnodes(this.entries);
  }
}
