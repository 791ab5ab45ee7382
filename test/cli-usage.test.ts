// `ost-rescue --help` is how an administrator finds what the CLI can do: each command's usage must name every
// flag the command takes (convert's --deep once went unmentioned), the CLI must print exactly that text, and a
// flag of another command must be refused, not ignored.
import assert from 'node:assert/strict';
import test from 'node:test';
import { COMMAND_FLAGS, HELP, OPTIONS } from '../cli/usage.js';
import { runCli } from './support/cli.js';

/** A command's usage text: each line that starts `ost-rescue COMMAND`, with the lines indented under it. */
function usageOf(command: string): string {
  const lines: string[] = [];
  let mine = false;
  for (const line of HELP.split('\n')) {
    const start = /^ {2}ost-rescue (\w+)/.exec(line);
    if (start) mine = start[1] === command;
    else if (!/^ {3,}\S/.test(line)) mine = false;
    if (mine) lines.push(line);
  }
  return lines.join('\n');
}

test('--help names each flag of each command in that command\'s usage, and the CLI prints it', async () => {
  for (const [command, flags] of Object.entries(COMMAND_FLAGS)) {
    const usage = usageOf(command);
    assert.notEqual(usage, '', `${command} has a usage line`);
    for (const flag of flags) assert.match(usage, new RegExp(`--${flag}\\b`), `${command}'s usage names --${flag}`);
  }
  const used = new Set(Object.values(COMMAND_FLAGS).flat());
  assert.deepEqual(Object.keys(OPTIONS).filter((flag) => !used.has(flag as never)), [], 'every flag belongs to a command');
  for (const args of [['--help'], ['convert', '--help'], ['check', 'some.ost', '-h']]) {
    const r = await runCli(args);
    assert.deepEqual([r.code, r.stdout], [0, HELP], `ost-rescue ${args.join(' ')} prints the help`);
  }
});

test('a flag the command does not take is refused (exit 2), not ignored', async () => {
  // `--folder` is items' flag; convert's is `--folders`. Ignored, it would convert the whole mailbox.
  const r = await runCli(['convert', 'in.ost', 'out.pst', '--folder', 'Inbox']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /convert does not take --folder/);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('a flag no command has is named in one sentence (exit 2)', async () => {
  const r = await runCli(['ls', 'in.ost', '--fodler', 'Inbox']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, 'ost-rescue: ls has no option --fodler (see `ost-rescue --help`)\n');
});
