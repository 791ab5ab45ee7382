import { parseArgs } from 'node:util';
import { check } from './check-command.js';
import { inspect, items, ls, show } from './read-commands.js';
import { convertCommand, parseSize } from './convert-command.js';
import { runCommand, usageError, type CommandOutput } from './run.js';
import { synthCommand } from './synth-command.js';
import { errorText } from '../core/errors.js';
import { useCoreThreads } from '../core/thread-entry.js';

const HELP = `ost-rescue: read damaged or orphaned Outlook .ost/.pst files

Usage:
  ost-rescue inspect FILE [--json]              file type, version, encoding, health, counts
  ost-rescue ls FILE [--json]                   folder tree with item counts
  ost-rescue items FILE --folder PATH [--offset N] [--limit N] [--json]
  ost-rescue show FILE --item ID [--json]       one item in full (ID as \`items\` prints it)
  ost-rescue check FILE [--deep] [--json]       every inconsistency found, grouped; exit 0 only when clean
  ost-rescue convert IN OUT.pst [--report R.json] [--folders PATH]... [--split-size SIZE]
                     [--encoding permute|none] [--dedupe] [--force] [--no-verify] [--json]
  ost-rescue convert IN... --out-dir DIR [same options]   one PST and report per input
  ost-rescue synth OUT (--size SIZE | --items N) [--variant ansi|unicode|ost2013] [--client pst|ost]
                   [--encoding none|permute|cyclic] [--seed S] [--force] [--json]   generate a test mailbox

Exit codes: 0 ok; 2 bad usage; 3 not an Outlook data file or unreadable;
4 damaged beyond what the command could read; 5 output problem; 6 verification failed.
`;

/** Flags of every command; parseArgs' own errors (unknown flag, missing value) are usage errors. */
function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
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
      },
    });
  } catch (e) {
    throw usageError(errorText(e));
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  const json = rest.includes('--json');
  const cancel = new AbortController();
  process.once('SIGINT', () => cancel.abort());
  return runCommand((): CommandOutput | Promise<CommandOutput> => {
    const { values, positionals } = parseOptions(rest);
    if (command === 'convert') {
      const encoding = values.encoding ?? 'permute';
      if (encoding !== 'permute' && encoding !== 'none') throw usageError(`--encoding is permute or none, got "${encoding}"`);
      const outDir = values['out-dir'];
      return convertCommand(
        {
          inputs: outDir === undefined ? positionals.slice(0, 1) : positionals,
          output: outDir === undefined ? positionals[1] : undefined,
          outDir,
          report: values.report,
          json,
          options: {
            folders: values.folders,
            splitSizeBytes: values['split-size'] === undefined ? undefined : parseSize(values['split-size']),
            encoding,
            dedupe: values.dedupe ?? false,
            force: values.force ?? false,
            verify: !(values['no-verify'] ?? false),
            deep: values.deep ?? false,
          },
        },
        cancel.signal,
      );
    }
    if (command === 'synth') {
      if (positionals.length > 1) throw usageError(`synth takes one OUT file, got ${positionals.length}`);
      const { variant, client, size, items, seed, encoding } = values;
      return synthCommand({ output: positionals[0], variant, client, size, items, seed, encoding, force: values.force ?? false }, json);
    }
    const file = positionals[0];
    if (!file) throw usageError(`${command} needs a FILE`);
    if (positionals.length > 1) throw usageError(`${command} takes one FILE, got ${positionals.length}`);
    switch (command) {
      case 'inspect':
        return inspect(file);
      case 'ls':
        return ls(file);
      case 'items':
        return items(file, values.folder, Number(values.offset ?? 0), Number(values.limit ?? Number.MAX_SAFE_INTEGER));
      case 'show':
        return show(file, values.item);
      case 'check':
        return check(file, values.deep === true);
      default:
        throw usageError(`unknown command "${command}"`);
    }
  }, json);
}

// The core's helper threads: their entry is bundled beside this file (package.json "build"); tsc's build has none.
useCoreThreads(new URL('./threads.mjs', import.meta.url));
process.exitCode = await main(process.argv.slice(2));
