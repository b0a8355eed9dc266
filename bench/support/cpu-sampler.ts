/**
 * How busy the machine's cores were during a benchmark's child process: every 250 ms it records
 * the child's CPU time (Linux /proc/PID/stat) and this process's (the emulators run here). A
 * window's busy share is the CPU both used in it ÷ (cores × its length): near 100% means the run
 * was bound by the machine, not by the providers' rate limits.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

interface Sample {
  /** Milliseconds since the sampler started. */
  atMs: number;
  childCpuMs: number;
  ownCpuMs: number;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU time (user + system) of process `pid` so far, or undefined where /proc cannot say. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

export interface CpuSampler {
  /** The share of all cores busy (child and this process) between two offsets from the start. */
  busyShare(fromMs: number, toMs: number): number | undefined;
  stop(): void;
}

export function sampleCpu(pid: number): CpuSampler {
  const started = performance.now();
  const samples: Sample[] = [];
  const take = () => {
    const child = processCpuMs(pid);
    if (child !== undefined)
      samples.push({ atMs: performance.now() - started, childCpuMs: child, ownCpuMs: ownCpuMs() });
  };
  take();
  const timer = setInterval(take, 250);
  timer.unref();
  const at = (ms: number) =>
    samples.reduce((best, sample) => (sample.atMs <= ms ? sample : best), samples[0]);
  return {
    busyShare(fromMs, toMs) {
      if (samples.length < 2) return undefined;
      const from = at(fromMs)!;
      const to = at(toMs)!;
      const spanMs = to.atMs - from.atMs;
      if (spanMs <= 0) return undefined;
      const cpuMs = to.childCpuMs - from.childCpuMs + (to.ownCpuMs - from.ownCpuMs);
      return cpuMs / (spanMs * availableParallelism());
    },
    stop: () => clearInterval(timer),
  };
}
