// Runs a command and measures its wall time and peak resident memory. Peak RSS is the kernel's VmHWM for the
// child, sampled from /proc until it exits (the high-water mark only grows, so the last sample is the peak).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Measurement {
  ms: number;
  peakRssMB: number;
  exitCode: number | null;
  stderr: string;
}

function hwmMB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

export function measure(command: string, args: string[]): Promise<Measurement> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    // The CLI restarts itself with a glibc setting unless it is already set (bin/ost-rescue.js); set it
    // here so that the process measured is the one doing the work.
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, MALLOC_MMAP_THRESHOLD_: process.env.MALLOC_MMAP_THRESHOLD_ ?? '1048577' } });
    let stderr = '';
    let peak = 0;
    child.stderr.on('data', (d: Buffer) => {
      if (stderr.length < 65536) stderr += d.toString();
    });
    const timer = setInterval(() => {
      const v = child.pid === undefined ? null : hwmMB(child.pid);
      if (v !== null) peak = Math.max(peak, v);
    }, 10);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, peakRssMB: peak, exitCode: code, stderr });
    });
  });
}

/** Best wall time of `runs` runs (the fairest figure on a shared machine), with the highest peak RSS seen. */
export async function best(runs: number, command: string, args: string[], before?: () => void): Promise<Measurement> {
  let out: Measurement | null = null;
  let peak = 0;
  for (let i = 0; i < runs; i++) {
    before?.();
    const m = await measure(command, args);
    peak = Math.max(peak, m.peakRssMB);
    if (m.exitCode !== 0) return { ...m, peakRssMB: peak };
    if (!out || m.ms < out.ms) out = m;
  }
  return { ...out!, peakRssMB: peak };
}
