/**
 * What each token's limits admitted, for the emulator's usage() (src/emulate/scoped-buckets.ts
 * ScopeUsage): primary requests by token and resource, secondary points by token and API, each
 * with the rate its limit refills at, so a benchmark can compute a scan's rate-limit lower bound.
 */
import type { ScopeUsage } from '../../../src/emulate/scoped-buckets.js';
import type { GithubEmulatorOptions } from './types.js';

const HOUR_MS = 3_600_000;

export function usageMeter(options: Pick<GithubEmulatorOptions, 'rateLimit' | 'secondaryRateLimit'>) {
  const usage: Record<string, ScopeUsage> = {};
  /** Tokens are named by the order they first spent something (never by their value). */
  const labels = new Map<object, string>();
  const add = (scope: string, amount: number, perSecond: number, burst: number) => {
    const entry = usage[scope] ?? { used: 0, perSecond, burst };
    usage[scope] = entry;
    entry.used += amount;
  };
  return {
    /** Charges one admitted request of `token` (its limits object): a request and its points. */
    charge(token: object, resource: string, api: 'rest' | 'graphql', points: number, countsPrimary: boolean) {
      const label = labels.get(token) ?? `token${labels.size + 1}`;
      labels.set(token, label);
      const primary = options.rateLimit ?? { limit: 5000 };
      if (countsPrimary) {
        const windowSeconds = (primary.windowMs ?? HOUR_MS) / 1000;
        add(`primary:${label}:${resource}`, 1, primary.limit / windowSeconds, primary.limit);
      }
      const window = options.secondaryRateLimit?.points;
      if (window) {
        const allowed = window[api];
        add(`secondary:${label}:${api}`, points, allowed / ((window.windowMs ?? 60_000) / 1000), allowed);
      }
    },
    usage: (): Record<string, ScopeUsage> => structuredClone(usage),
  };
}
