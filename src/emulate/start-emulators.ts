/**
 * Starts an emulator for every provider present in an estate, on 127.0.0.1, and says how to reach
 * them: the source entries a config needs and the environment variables holding the (fake)
 * credentials. Used by `nhiscan demo` and `nhiscan emulate`. The providers are those of
 * scanners/emulators.ts, started in its order.
 */

import { EMULATED_PROVIDERS, type EmulatorRateLimits } from '../../scanners/emulators.js';
import type { EmulatorTraffic } from './emulated-provider.js';
import type { Estate } from './estate.js';

export type { EmulatorRateLimits } from '../../scanners/emulators.js';
export type { EmulatorTraffic, TokenBucketLimit } from './emulated-provider.js';

export interface RunningEmulators {
  /** `sources[]` entries for nhiscan.yaml, pointing at the emulators. */
  sources: Record<string, unknown>[];
  /** Environment variables the sources' `env:` references expect (fake credentials only). */
  env: Record<string, string>;
  endpoints: Record<string, string>;
  /** Requests answered so far per provider (aws, github, gcp, azure), throttled ones included. */
  traffic(): Record<string, EmulatorTraffic>;
  close(): Promise<void>;
}

export async function startEmulators(
  estate: Estate,
  options: { port?: number; latencyMs?: number; rateLimits?: EmulatorRateLimits } = {},
): Promise<RunningEmulators> {
  const counters: Record<string, () => EmulatorTraffic> = {};
  const closers: (() => Promise<void>)[] = [];
  // With a fixed --port the first emulator takes it and each next one the port after.
  let nextPort = options.port ?? 0;
  const portFor = () => (nextPort === 0 ? 0 : nextPort++);
  const running: RunningEmulators = {
    sources: [],
    env: {},
    endpoints: {},
    traffic: () => Object.fromEntries(Object.entries(counters).map(([name, count]) => [name, count()])),
    close: async () => {
      await Promise.all(closers.map((close) => close()));
    },
  };
  const parts: Readonly<Record<string, unknown>> = estate;
  const rateLimits: Readonly<Record<string, unknown>> = options.rateLimits ?? {};
  for (const provider of EMULATED_PROVIDERS) {
    const part = parts[provider.id];
    if (!part) continue;
    const rateLimit = rateLimits[provider.id];
    const started = await provider.start(part, {
      port: portFor,
      latencyMs: options.latencyMs ?? 0,
      ...(rateLimit ? { rateLimit } : {}),
    });
    closers.push(() => started.close());
    counters[provider.id] = () => started.traffic();
    Object.assign(running.endpoints, started.endpoints);
    Object.assign(running.env, started.env);
    running.sources.push(...started.sources);
  }
  return running;
}
