import { BlockBTree, type BlockEntry } from '../../core/ndb/btree.js';
import type { NodeDatabase } from '../../core/ndb/database.js';

/** Every entry of the file's own block index (the BBT that ROOT names), in BID order. */
export function bbtEntries(db: NodeDatabase): Iterable<BlockEntry> {
  return new BlockBTree(db.geometry, db.src, db.header.root.bbt).entries();
}
