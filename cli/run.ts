import { errorText, EXIT_CODE, RescueError } from '../core/errors.js';

/** What every command returns: text for a person, or one JSON object for a script. */
export interface CommandOutput {
  text: string;
  json: unknown;
  /** Non-zero when the command ran but found a problem (e.g. `check` on a damaged file). */
  exitCode?: number;
}

/**
 * Runs a command and turns any failure into one sentence on stderr and a documented exit code.
 * A stack trace is never shown: an unexpected failure is reported as such, with its message.
 */
export async function runCommand(fn: () => Promise<CommandOutput> | CommandOutput, json: boolean): Promise<number> {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // A closed pipe (`ost-rescue ls x | head`) is not an error worth reporting.
    if (e.code === 'EPIPE') process.exit(0);
  });
  try {
    const out = await fn();
    process.stdout.write(json ? `${JSON.stringify(out.json, null, 2)}\n` : out.text.endsWith('\n') ? out.text : `${out.text}\n`);
    return out.exitCode ?? 0;
  } catch (e) {
    if (e instanceof RescueError) {
      // The core speaks of "a deep scan" for the app and the CLI alike; here it is a flag.
      const hint = /deep scan/.test(e.message) && !json ? ' (on the command line: `ost-rescue convert --deep FILE OUT.pst`, or `ost-rescue check --deep FILE`)' : '';
      process.stderr.write(`ost-rescue: ${e.message}${hint}\n`);
      return e.exitCode;
    }
    const message = errorText(e);
    process.stderr.write(`ost-rescue: unexpected failure: ${message}. Please report this with the file's \`inspect\` output.\n`);
    return EXIT_CODE.damaged;
  }
}

export function usageError(message: string): RescueError {
  return new RescueError('usage', `${message} (see \`ost-rescue --help\`)`);
}

/** Item ids are NIDs; people may type them in decimal or as 0x-prefixed hex, as `items` shows them. */
export function parseId(text: string | undefined, what: string): number {
  if (text === undefined) throw usageError(`${what} is required`);
  const n = /^0x[0-9a-f]+$/i.test(text) ? parseInt(text, 16) : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw usageError(`${what} must be a number, got "${text}"`);
  return n;
}

/** A count given on the command line (`--offset`, `--limit`): a whole number, or `fallback` when not given. */
export function parseCount(text: string | undefined, what: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw usageError(`${what} must be a whole number, got "${text}"`);
  return n;
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}
