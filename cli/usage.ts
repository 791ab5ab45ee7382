import type { ParseArgsConfig } from 'node:util';

/** What `ost-rescue --help` prints: every command, with every flag COMMAND_FLAGS gives it. */
export const HELP = `ost-rescue: read damaged or orphaned Outlook .ost/.pst files

Usage:
  ost-rescue inspect FILE [--json]              file type, version, encoding, health, counts
  ost-rescue ls FILE [--json]                   folder tree with item counts
  ost-rescue items FILE --folder PATH [--offset N] [--limit N] [--json]
  ost-rescue show FILE --item ID [--json]       one item in full (ID as \`items\` prints it)
  ost-rescue check FILE [--deep] [--json]       every inconsistency found, grouped; exit 0 only when clean
  ost-rescue convert IN OUT.pst [--deep] [--report R.json] [--folders PATH]... [--split-size SIZE]
                     [--encoding permute|none] [--dedupe] [--force] [--no-verify] [--json]
                     --deep scans every byte and rebuilds the indexes: for a damaged file
  ost-rescue convert IN... --out-dir DIR [same options]   one PST and report per input
  ost-rescue synth OUT (--size SIZE | --items N) [--variant ansi|unicode|ost2013] [--client pst|ost]
                   [--encoding none|permute|cyclic] [--seed S] [--force] [--json]   generate a test mailbox

Exit codes: 0 ok; 2 bad usage; 3 not an Outlook data file or unreadable;
4 damaged beyond what the command could read; 5 output problem; 6 verification failed.
`;

/** Flags of every command, as parseArgs takes them. */
export const OPTIONS = {
  json: { type: 'boolean' },
  folder: { type: 'string' },
  item: { type: 'string' },
  offset: { type: 'string' },
  limit: { type: 'string' },
  report: { type: 'string' },
  folders: { type: 'string', multiple: true },
  'split-size': { type: 'string' },
  encoding: { type: 'string' },
  dedupe: { type: 'boolean' },
  force: { type: 'boolean' },
  'no-verify': { type: 'boolean' },
  deep: { type: 'boolean' },
  'out-dir': { type: 'string' },
  variant: { type: 'string' },
  client: { type: 'string' },
  size: { type: 'string' },
  items: { type: 'string' },
  seed: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

/**
 * The flags each command takes. Any other is refused rather than ignored: `convert … --folder Inbox` (the flag
 * of `items`, for `--folders`) would otherwise convert the whole mailbox without a word.
 */
export const COMMAND_FLAGS = {
  inspect: ['json'],
  ls: ['json'],
  items: ['folder', 'offset', 'limit', 'json'],
  show: ['item', 'json'],
  check: ['deep', 'json'],
  convert: ['deep', 'report', 'folders', 'split-size', 'encoding', 'dedupe', 'force', 'no-verify', 'out-dir', 'json'],
  synth: ['size', 'items', 'variant', 'client', 'encoding', 'seed', 'force', 'json'],
} as const satisfies Record<string, ReadonlyArray<keyof typeof OPTIONS>>;

export type Command = keyof typeof COMMAND_FLAGS;
