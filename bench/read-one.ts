// One reader's full walk of a file, in its own process so that its peak RSS is its own. Prints one JSON line.
// Both readers touch the same things: every folder, every item with its bodies, and every attachment's bytes.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import extractor from 'pst-extractor';
import type { PSTFolder } from 'pst-extractor';
import { Mailbox } from '../core/mailbox.js';

interface WalkResult {
  items: number;
  attachmentBytes: number;
}

function walkOurs(file: string): WalkResult {
  const mb = Mailbox.open(file);
  let items = 0;
  let attachmentBytes = 0;
  for (const folder of mb.folders()) {
    for (const id of mb.messageIds(folder.id)) {
      const item = mb.item(id);
      items++;
      for (const a of item.attachments) for (const chunk of mb.attachmentChunks(id, a.index)) attachmentBytes += chunk.length;
    }
  }
  mb.close();
  return { items, attachmentBytes };
}

function walkPeer(file: string): WalkResult {
  const pst = new extractor.PSTFile(file);
  let items = 0;
  let attachmentBytes = 0;
  const buf = Buffer.alloc(8176);
  const visit = (folder: PSTFolder): void => {
    if (folder.hasSubfolders) for (const child of folder.getSubFolders()) visit(child);
    if (folder.contentCount > 0) {
      for (let m = folder.getNextChild(); m != null; m = folder.getNextChild()) {
        items++;
        void m.body;
        void m.bodyHTML;
        void m.bodyRTF;
        for (let i = 0; i < m.numberOfAttachments; i++) {
          const stream = m.getAttachment(i).fileInputStream;
          if (!stream) continue;
          for (let n = stream.readBlock(buf); n > 0; n = stream.readBlock(buf)) attachmentBytes += n;
        }
      }
    }
  };
  visit(pst.getRootFolder());
  pst.close();
  return { items, attachmentBytes };
}

const [reader, file] = process.argv.slice(2);
if ((reader !== 'ours' && reader !== 'peer') || !file) {
  process.stderr.write('usage: read-one ours|peer FILE\n');
  process.exit(2);
}
const t0 = performance.now();
const result = reader === 'ours' ? walkOurs(file) : walkPeer(file);
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ reader, ms, bytes: statSync(file).size, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
