import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './fixtures.js';

export interface CliResult {
  /** The exit code; -1 when the CLI did not exit by itself (killed at the time limit, or by a signal). */
  code: number;
  stdout: string;
  stderr: string;
}

/** Longest one CLI run may take in a test: a hang becomes a failure naming the command, not a stalled run. */
const CLI_TIME_LIMIT_MS = 120_000;

/** The command line that runs `ost-rescue` as a user does: bin/ost-rescue.js, the built bundle. */
export function cliCommand(args: string[]): string[] {
  return [process.execPath, path.join(repoRoot(), 'bin', 'ost-rescue.js'), ...args];
}

/**
 * Runs `ost-rescue` as a user does (cliCommand). `withoutOverride` drops the
 * capabilities that let root read any file (the same user, so it can still reach the repository), so that
 * file permissions apply even when tests run as root.
 */
export function runCli(args: string[], options: { withoutOverride?: boolean } = {}): Promise<CliResult> {
  const command = cliCommand(args);
  if (options.withoutOverride) command.unshift('setpriv', '--bounding-set=-dac_override,-dac_read_search');
  return new Promise((resolve) => {
    execFile(command[0]!, command.slice(1), { timeout: CLI_TIME_LIMIT_MS, maxBuffer: 256 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      const limit = error?.killed ? `\nost-rescue ${args.join(' ')}: killed after ${CLI_TIME_LIMIT_MS / 1000} s` : '';
      resolve({ code, stdout, stderr: stderr + limit });
    });
  });
}

/** runCli() for a command that must succeed: its stdout, or an error carrying its exit code and stderr. */
export async function cliOutput(args: string[]): Promise<string> {
  const r = await runCli(args);
  if (r.code !== 0) throw new Error(`ost-rescue ${args.join(' ')} exited with ${r.code}: ${r.stderr.trim()}`);
  return r.stdout;
}
