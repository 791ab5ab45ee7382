import { parseArgs } from 'node:util';
import { check } from './check-command.js';
import { inspect, items, ls, show } from './read-commands.js';
import { convertCommand, parseSize } from './convert-command.js';
import { parseCount, runCommand, usageError, type CommandOutput } from './run.js';
import { synthCommand } from './synth-command.js';
import { errorText } from '../core/errors.js';
import { useCoreThreads } from '../core/thread-entry.js';
import { COMMAND_FLAGS, HELP, OPTIONS, type Command } from './usage.js';

/**
 * Flags of every command. parseArgs' own errors (unknown flag, missing value) are usage errors, in a sentence
 * of our own: its text for an unknown flag speaks of positional arguments, which is not what went wrong.
 */
function parseOptions(command: Command, args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (e) {
    const unknown = /^Unknown option '([^']+)'/.exec(errorText(e));
    throw usageError(unknown ? `${command} has no option ${unknown[1]}` : errorText(e));
  }
}

function isCommand(name: string): name is Command {
  return Object.hasOwn(COMMAND_FLAGS, name);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || [command, ...rest].some((arg) => arg === '--help' || arg === '-h')) {
    // `ost-rescue convert --help` asks for help as much as `ost-rescue --help` does.
    process.stdout.write(HELP);
    return command ? 0 : 2;
  }
  const json = rest.includes('--json');
  const cancel = new AbortController();
  process.once('SIGINT', () => cancel.abort());
  return runCommand((): CommandOutput | Promise<CommandOutput> => {
    if (!isCommand(command)) throw usageError(`unknown command "${command}"`);
    const { values, positionals } = parseOptions(command, rest);
    const takes: readonly string[] = COMMAND_FLAGS[command];
    const foreign = Object.keys(values).filter((flag) => !takes.includes(flag));
    if (foreign.length > 0) throw usageError(`${command} does not take ${foreign.map((flag) => `--${flag}`).join(', ')}`);
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
        return items(file, values.folder, parseCount(values.offset, '--offset', 0), parseCount(values.limit, '--limit', Number.MAX_SAFE_INTEGER));
      case 'show':
        return show(file, values.item);
      case 'check':
        return check(file, values.deep === true);
    }
  }, json);
}

// The core's helper threads: their entry is bundled beside this file (package.json "build"); tsc's build has none.
useCoreThreads(new URL('./threads.mjs', import.meta.url));
process.exitCode = await main(process.argv.slice(2));
