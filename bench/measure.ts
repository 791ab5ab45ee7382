// Runs a command and measures its wall time and peak resident memory. Peak RSS is the kernel's VmHWM, sampled
// from /proc until the command exits (a high-water mark only grows), summed over the command and the processes
// it starts: run as `node bin/ost-rescue.js`, the CLI restarts itself for large inputs, and a user has both in memory.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Measurement {
  ms: number;
  peakRssMB: number;
  exitCode: number | null;
  stderr: string;
  /** The command's last output line (the bench's own readers print their counts there). */
  lastLine: string;
}

function hwmMB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

export function measure(command: string, args: string[], env: Record<string, string> = {}): Promise<Measurement> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let stderr = '';
    let stdoutTail = '';
    child.stdout.on('data', (d: Buffer) => {
      stdoutTail = (stdoutTail + d.toString()).slice(-65536);
    });
    let peak = 0;
    /** Each process's own high-water mark, by pid: a restarted CLI's child exits before its parent. */
    const hwm = new Map<number, number>();
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 65536) stderr += d.toString();
    });
    const timer = setInterval(() => {
      const todo = child.pid === undefined ? [] : [child.pid];
      for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
        const v = hwmMB(pid);
        if (v !== null) hwm.set(pid, Math.max(hwm.get(pid) ?? 0, v));
        todo.push(...childrenOf(pid));
      }
      peak = Math.max(peak, [...hwm.values()].reduce((a, b) => a + b, 0));
    }, 10);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, peakRssMB: peak, exitCode: code, stderr, lastLine: stdoutTail.trim().split('\n').pop() ?? '' });
    });
  });
}

/** Best wall time of `runs` runs (the fairest figure on a shared machine), with the highest peak RSS seen. */
export async function best(runs: number, command: string, args: string[], before?: () => void, env?: Record<string, string>): Promise<Measurement> {
  let out: Measurement | null = null;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    before?.();
    const m = await measure(command, args, env);
    peak = Math.max(peak, m.peakRssMB);
    if (m.exitCode !== 0) return { ...m, peakRssMB: peak };
    if (!out || m.ms < out.ms) out = m;
  }
  return { ...out!, peakRssMB: peak };
}
