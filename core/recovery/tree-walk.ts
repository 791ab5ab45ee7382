import { btChildRef, btPageLayout } from '../ndb/btree.js';
import { PType, type Geometry } from '../ndb/geometry.js';
import type { BRef } from '../ndb/header.js';
import { pageFault } from '../ndb/page.js';
import type { FileSource } from '../ndb/source.js';
import { hex, type FindingSink } from './findings.js';
import { errorText } from '../errors.js';

/** The spec allows 8 levels; a walk deeper than this is following a loop. */
const MAX_DEPTH = 16;

export interface TreeWalk {
  /** Offsets of every sound page reached (the "live" pages of this tree). */
  pages: Set<number>;
  /** Whether the root page itself was sound. */
  rootOk: boolean;
}

/**
 * Walks a B-tree from `root`, reading each page and checking it (trailer, back-pointer, level). A
 * bad page costs only the entries below it: it is reported and skipped. Pages already visited are
 * not entered again, so a page that points to itself (or any loop) ends the walk of that branch.
 */
export function walkTree(
  g: Geometry,
  src: FileSource,
  root: BRef,
  ptype: number,
  /** Called for each leaf entry (at `off` in `page`), in key order; the caller decodes what it needs. */
  onEntry: (page: Uint8Array, off: number) => void,
  report: FindingSink,
): TreeWalk {
  const name = ptype === PType.NBT ? 'node index (NBT)' : 'block index (BBT)';
  const pages = new Set<number>();
  const seen = new Set<number>();
  let rootOk = false;
  const visit = (ref: BRef, expectedLevel: number | null, depth: number): void => {
    const object = `${name} page ${hex(ref.bid)}`;
    if (depth > MAX_DEPTH) return report({ area: 'index-page', offset: ref.ib, object, problem: `tree deeper than ${MAX_DEPTH} levels (a loop)` });
    if (seen.has(ref.ib)) return report({ area: 'index-page', offset: ref.ib, object, problem: 'page is referenced twice (a loop in the tree); not followed again' });
    seen.add(ref.ib);
    if (!Number.isSafeInteger(ref.ib) || ref.ib < 0 || ref.ib + g.page.size > src.size) {
      return report({ area: 'index-page', offset: null, object, problem: `points at offset ${ref.ib}, outside the file` });
    }
    const page = src.read(ref.ib, g.page.size);
    const fault = pageFault(g, page, ref.ib, ref.bid, ptype);
    if (fault) return report({ area: 'index-page', offset: ref.ib, object, problem: fault });
    let layout;
    try {
      layout = btPageLayout(g, page, ref.ib, ptype);
    } catch (e) {
      return report({ area: 'index-page', offset: ref.ib, object, problem: errorText(e) });
    }
    if (expectedLevel !== null && layout.level !== expectedLevel) {
      return report({ area: 'index-page', offset: ref.ib, object, problem: `page is at level ${layout.level}, its parent expects ${expectedLevel}` });
    }
    if (depth === 0) rootOk = true;
    pages.add(ref.ib);
    if (layout.level === 0) {
      for (let i = 0; i < layout.count; i++) onEntry(page, i * layout.cbEnt);
      return;
    }
    // The page may be a view of a buffer the source reuses for the children's reads (FileSource.read):
    // their references are taken out of it before any of them is read.
    for (const child of refsIn(g, page, layout.count, layout.cbEnt)) visit(child, layout.level - 1, depth + 1);
  };
  visit(root, null, 0);
  return { pages, rootOk };
}

/** Leaf entries of one page already known to be sound (a stale page found by the scan). */
export function forEachLeafEntry(g: Geometry, src: FileSource, ib: number, ptype: number, onEntry: (page: Uint8Array, off: number) => void): void {
  const page = src.read(ib, g.page.size);
  const { level, count, cbEnt } = btPageLayout(g, page, ib, ptype);
  if (level !== 0) return;
  for (let i = 0; i < count; i++) onEntry(page, i * cbEnt);
}

/** Child references of an intermediate page already known to be sound. */
export function childRefs(g: Geometry, src: FileSource, ib: number, ptype: number): BRef[] {
  const page = src.read(ib, g.page.size);
  const { level, count, cbEnt } = btPageLayout(g, page, ib, ptype);
  return level === 0 ? [] : refsIn(g, page, count, cbEnt);
}

/** The child references an intermediate page lists, copied out of it. */
function refsIn(g: Geometry, page: Uint8Array, count: number, cbEnt: number): BRef[] {
  return Array.from({ length: count }, (_, i) => btChildRef(g, page, i * cbEnt));
}
