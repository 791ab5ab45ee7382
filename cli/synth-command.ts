import { maxId } from '../core/ndb/bytes.js';
import { ANSI } from '../core/ndb/geometry.js';
import { synthesize, type SynthClient, type SynthEncoding, type SynthOptions, type SynthVariant } from '../core/synth/generate.js';
import { parseSize } from './convert-command.js';
import { formatBytes, usageError, type CommandOutput } from './run.js';

export interface SynthArgs {
  output: string | undefined;
  variant: string | undefined;
  client: string | undefined;
  size: string | undefined;
  items: string | undefined;
  seed: string | undefined;
  encoding: string | undefined;
  force: boolean;
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw usageError(`${flag} is one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

/** `synth OUT`: a realistic mailbox from a seed, for tests, benchmarks and the app's sample file. */
export function synthCommand(args: SynthArgs, json: boolean): CommandOutput {
  if (!args.output) throw usageError('synth needs an OUT file');
  if ((args.size === undefined) === (args.items === undefined)) throw usageError('synth needs exactly one of --size and --items');
  const variant = oneOf<SynthVariant>('--variant', args.variant ?? 'unicode', ['ansi', 'unicode', 'ost2013']);
  const client = oneOf<SynthClient>('--client', args.client ?? (variant === 'ost2013' ? 'ost' : 'pst'), ['pst', 'ost']);
  const encoding = oneOf<SynthEncoding>('--encoding', args.encoding ?? (variant === 'ost2013' ? 'none' : 'permute'), ['none', 'permute', 'cyclic']);
  // OST 2013+ files are unencoded (their blocks are zlib-compressed instead), as Outlook writes them.
  if (variant === 'ost2013' && encoding !== 'none') throw usageError('--variant ost2013 is written with --encoding none');
  let target: SynthOptions['target'];
  if (args.items !== undefined) {
    if (!/^\d+$/.test(args.items)) throw usageError(`--items must be a whole number, got "${args.items}"`);
    target = { items: Number(args.items) };
  } else {
    target = { bytes: parseSize(args.size!, '--size') };
    // ANSI offsets are 32-bit: its file ends before 4 GiB (the writer refuses to go past).
    if (variant === 'ansi' && target.bytes > maxId(ANSI.idSize)) throw usageError('--variant ansi holds at most 4GB: its file offsets are 32-bit');
  }
  const progress =
    process.stderr.isTTY && !json ? (p: { items: number; bytes: number }) => process.stderr.write(`\r${p.items} items, ${formatBytes(p.bytes)}   `) : undefined;
  const report = synthesize(args.output, { variant, client, encoding, seed: args.seed ?? '1', target, overwrite: args.force, onProgress: progress });
  if (progress) process.stderr.write('\n');
  const lines = [`${report.file}: ${report.variant} ${report.client}, ${report.encoding} encoding, seed ${report.seed}`, `${report.items} items, ${formatBytes(report.bytes)}`];
  for (const f of report.folders) lines.push(`  ${f.path.join('/')} (${f.containerClass}): ${f.items}`);
  lines.push(`largest attachment: ${formatBytes(report.largestAttachment)}`);
  return { text: lines.join('\n'), json: report };
}
