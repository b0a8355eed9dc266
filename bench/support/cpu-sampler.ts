/**
 * How busy the CPU was during a benchmark's child process: every 250 ms it records the child's CPU
 * time (Linux /proc/PID/stat) and this process's (the emulators run here). Over a window each is
 * given in cores (CPU time ÷ the window's length): a process near 1.0 had a core to itself all
 * along, and its single JavaScript thread was the limit; both together near the machine's cores
 * means the machine was.
 */
import { readFileSync } from 'node:fs';

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

export interface CoresBusy {
  child: number;
  own: number;
}

export interface CpuSampler {
  /** Cores each process kept busy between two offsets from the start (undefined off Linux). */
  coresBusy(fromMs: number, toMs: number): CoresBusy | undefined;
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
    coresBusy(fromMs, toMs) {
      if (samples.length < 2) return undefined;
      const from = at(fromMs)!;
      const to = at(toMs)!;
      const spanMs = to.atMs - from.atMs;
      if (spanMs <= 0) return undefined;
      return {
        child: (to.childCpuMs - from.childCpuMs) / spanMs,
        own: (to.ownCpuMs - from.ownCpuMs) / spanMs,
      };
    },
    stop: () => clearInterval(timer),
  };
}
