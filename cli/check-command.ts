import { checkFile, type CheckReport } from '../core/recovery/index.js';
import { EXIT_CODE } from '../core/errors.js';
import { type CommandOutput, formatBytes } from './run.js';

/** Findings printed per area before "... and N more" (the JSON output has them all). */
const SHOWN_PER_AREA = 20;

/** `ost-rescue check FILE [--deep] [--json]`: exit 0 only when nothing at all is wrong, else 4. */
export async function check(file: string, deep: boolean): Promise<CommandOutput> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const report = await checkFile(file, { deep }, { signal: controller.signal });
    return { text: render(report), json: report, exitCode: report.clean ? 0 : EXIT_CODE.damaged };
  } finally {
    process.off('SIGINT', onSigint);
  }
}

function render(r: CheckReport): string {
  const t = r.totals;
  const lines = [
    `File:      ${r.file} (${formatBytes(r.sizeBytes)}), ${r.variantLabel}`,
    `Checked:   ${t.indexPages} index pages, ${t.blocks} blocks, ${t.nodes} nodes, ${t.folders} folders, ${t.items} items`,
  ];
  if (r.recovery) {
    const s = r.recovery;
    lines.push(
      `Deep scan: ${s.pagesFound} index pages and ${s.blocksFound} blocks found in ${formatBytes(s.bytesScanned)} (${(s.durationMs / 1000).toFixed(1)} s);` +
        ` recoverable items: ${s.items.live} in folders, ${s.items.orphans} orphans, ${s.items.deleted} deleted, ${s.items.carved} carved`,
    );
  }
  if (r.clean) {
    lines.push('Verdict:   clean: no inconsistency found');
    return lines.join('\n');
  }
  lines.push(`Verdict:   DAMAGED: ${t.findings} problem${t.findings === 1 ? '' : 's'} found${r.deep ? '' : ' (run with --deep to see what can be recovered)'}`, '');
  for (const g of r.groups) {
    lines.push(`${g.area} (${g.count}): ${g.meaning}`);
    const list = r.findings.filter((f) => f.area === g.area);
    for (const f of list.slice(0, SHOWN_PER_AREA)) lines.push(`  ${f.offset === null ? '' : `@${f.offset} `}${f.object}: ${f.problem}`);
    if (list.length > SHOWN_PER_AREA) lines.push(`  ... and ${list.length - SHOWN_PER_AREA} more (--json lists them all)`);
  }
  return lines.join('\n');
}
