// Ctrl-C in the middle of a run, as a person at a terminal gives it: SIGINT to the CLI's whole process group.
// The README promises that an interrupted convert leaves no PST under the output's name and no temporary file
// beside it, and that the source is never written; an interrupted deep check stops too. Each run is
// interrupted once its work is under way: convert when its temporary file appears, check when it has the
// source open (Linux's /proc shows it). A Ctrl-C before that, while Node itself is starting, ends the
// process before it has written anything.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { EXIT_CODE } from '../core/errors.js';
import { sha256 } from './support/corrupt.js';
import { cliCommand, cliOutput } from './support/cli.js';
import { tempDir } from './support/fixtures.js';

/** Longest the test waits for a run to get under way, or to end once interrupted. */
const WAIT_MS = 60_000;

interface Interrupted {
  code: number | null;
  stderr: string;
}

/** Whether process `pid` has `file` open: the CLI opens its input once its Ctrl-C handler is in place. */
function holdsOpen(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

/** Runs the CLI in a process group of its own and sends the group SIGINT once `started(pid)` holds. */
function interruptWhen(args: string[], started: (pid: number) => boolean): Promise<Interrupted> {
  const [command, ...rest] = cliCommand(args);
  const child = spawn(command!, rest, { detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const since = Date.now();
    const poll = setInterval(() => {
      if (started(child.pid!)) {
        clearInterval(poll);
        process.kill(-child.pid!, 'SIGINT');
      } else if (Date.now() - since > WAIT_MS) {
        clearInterval(poll);
        process.kill(-child.pid!, 'SIGKILL');
        reject(new Error(`ost-rescue ${args.join(' ')} did not get under way within ${WAIT_MS / 1000} s`));
      }
    }, 2);
    const limit = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 2 * WAIT_MS);
    child.on('close', (code) => {
      clearInterval(poll);
      clearTimeout(limit);
      resolve({ code, stderr });
    });
  });
}

test('Ctrl-C: convert stops, leaves no output and no temporary file, and check --deep stops too', async (t) => {
  const work = tempDir(t);
  const source = path.join(work, 'mailbox.ost');
  // Large enough that a convert takes a good part of a second, small enough not to restart the CLI (64 MB).
  await cliOutput(['synth', source, '--variant', 'ost2013', '--client', 'ost', '--size', '40MB', '--seed', 'interrupt']);
  const before = sha256(source);

  const out = path.join(work, 'rescued.pst');
  const convert = await interruptWhen(['convert', source, out], () => readdirSync(work).some((name) => name.endsWith('.partial')));
  assert.equal(convert.code, EXIT_CODE.cancelled, `convert's exit code; stderr: ${convert.stderr}`);
  assert.match(convert.stderr, /^ost-rescue: The export was cancelled; no output file was left behind\.\n$/);
  assert.equal(existsSync(out), false, 'nothing under the output name');
  assert.deepEqual(readdirSync(work), ['mailbox.ost'], 'no temporary file beside it');

  // A deep check reads the whole file; interrupted once it has the file open, it stops.
  const check = await interruptWhen(['check', source, '--deep'], (pid) => holdsOpen(pid, source));
  assert.equal(check.code, EXIT_CODE.cancelled, `check's exit code; stderr: ${check.stderr}`);
  assert.match(check.stderr, /cancelled/);
  assert.doesNotMatch(check.stderr, /\n\s+at /, 'no stack trace');

  assert.equal(sha256(source), before, 'the source is unchanged');
});
