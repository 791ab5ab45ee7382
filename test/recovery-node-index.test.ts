// The deep scan's rebuilt node index keeps, for each NID, the live tree's entry, else the entry of the newest
// stale page that names it; older versions of a message (other data or subnode blocks) come back too, each under
// a synthetic NID that maps back to the message's own. Checked on candidates built by hand, in the order the
// live tree walk and the stale pages would hand them over, since the rule is what the test states.
import assert from 'node:assert/strict';
import test from 'node:test';
import { makeNid, NidType } from '../core/ndb/ids.js';
import { NodeCandidates, NodeOrigin, RecoveredNodeIndex } from '../core/recovery/indexes.js';

const message = (index: number) => makeNid(NidType.NORMAL_MESSAGE, index);
const folder = (index: number) => makeNid(NidType.NORMAL_FOLDER, index);

test('rebuilt node index: the live entry wins, else the newest page; older message versions kept once each', () => {
  const c = new NodeCandidates();
  const add = (nid: number, bidData: number, bidSub: number, origin: NodeOrigin, pageBid: number) =>
    c.add({ nid, bidData, bidSub, nidParent: folder(1) }, origin, pageBid);
  // Message 9: live at block 400; stale pages name it at 300 (twice), at 400 again and with no data (0).
  add(message(9), 300, 0, NodeOrigin.Stale, 20);
  add(message(9), 400, 8, NodeOrigin.Live, 0);
  add(message(9), 300, 0, NodeOrigin.Stale, 24);
  add(message(9), 0, 0, NodeOrigin.Stale, 28);
  add(message(9), 400, 8, NodeOrigin.Stale, 30);
  // Message 5: only on stale pages, two versions; the newest page's (pageBid 50) is the message itself.
  add(message(5), 100, 0, NodeOrigin.Stale, 40);
  add(message(5), 120, 0, NodeOrigin.Stale, 50);
  // Folder 3: live, and a stale copy with other data, which is not a version to keep (only messages are).
  add(folder(3), 700, 0, NodeOrigin.Stale, 60);
  add(folder(3), 710, 0, NodeOrigin.Live, 0);
  const index = new RecoveredNodeIndex(c);

  const entries = [...index.entries()];
  assert.deepEqual(entries.map((e) => e.nid), [...entries.map((e) => e.nid)].sort((a, b) => a - b), 'in NID order');
  assert.equal(index.lookup(message(9))?.bidData, 400);
  assert.equal(index.isLive(message(9)), true);
  assert.equal(index.lookup(message(5))?.bidData, 120);
  assert.equal(index.isLive(message(5)), false);
  assert.equal(index.lookup(folder(3))?.bidData, 710);

  // The older versions: message 9 at 300 (once), message 5 at 100; none for the folder, none without data.
  const versions = entries.filter((e) => index.originalNid(e.nid) !== e.nid);
  assert.deepEqual(
    versions.map((e) => [index.originalNid(e.nid), e.bidData]).sort((a, b) => a[0]! - b[0]!),
    [[message(5), 100], [message(9), 300]],
  );
  for (const v of versions) assert.equal(index.isLive(v.nid), false, 'an older version is never live');
  assert.equal(index.size, 5);
});
