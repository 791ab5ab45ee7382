// One reader's full walk of a file, in its own process so that its peak RSS is its own. Prints one JSON line.
// Both readers touch the same things: every folder, every item with its bodies, and every attachment's bytes.
// Each side loads only its own reader, so neither pays for loading the other's.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { PSTFolder } from 'pst-extractor';

interface WalkResult {
  items: number;
  attachmentBytes: number;
}

async function walkOurs(file: string): Promise<WalkResult> {
  const { Mailbox } = await import('../core/mailbox.js');
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

async function walkPeer(file: string): Promise<WalkResult> {
  const extractor = (await import('pst-extractor')).default;
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
const result = reader === 'ours' ? await walkOurs(file) : await walkPeer(file);
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ reader, ms, bytes: statSync(file).size, ...result, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`,
);
