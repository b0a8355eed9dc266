/**
 * The API server's limit shape: API Priority and Fairness (APF) gives each priority level a number
 * of seats, requests in flight beyond them are rejected with 429 Too Many Requests, a Status of
 * reason TooManyRequests and `Retry-After: 1`. The emulator keeps one priority level per cluster
 * and no queues (a request beyond the seats is rejected at once, as when APF's queues are full).
 *
 * Real figures (kubernetes.io, "API Priority and Fairness"): a default API server has
 * --max-requests-inflight 400 + --max-mutating-requests-inflight 200 = 600 seats, shared by the
 * non-exempt priority levels in proportion to their nominal concurrency shares (system 30,
 * leader-election 10, node-high 40, workload-high 40, workload-low 100, global-default 20,
 * catch-all 5: 245 in all). A service account such as the scanner's lands in workload-low:
 * 600 × 100 / 245 ≈ 245 seats.
 */
import type { RateLimitSettings } from '../../../src/emulate/emulated-provider.js';

export interface KubernetesRateLimit {
  /** Requests one cluster serves at once for the scanner's priority level. */
  seats: number;
}

export const KUBERNETES_REAL_RATE_LIMIT: KubernetesRateLimit = { seats: 245 };

export const kubernetesRateLimits: RateLimitSettings<KubernetesRateLimit> = {
  real: KUBERNETES_REAL_RATE_LIMIT,
  keys: {
    seats: {
      describe: 'seats of the workload-low priority level per cluster (default API server: 245)',
      apply: (limit, value) => {
        if (!Number.isInteger(value) || value < 1)
          throw new Error(`kubernetes.seats: expected a whole number of at least 1, got ${value}`);
        return { ...limit, seats: value };
      },
    },
  },
  describe: (limit) =>
    `${limit.seats} requests in flight per cluster (API Priority and Fairness, workload-low); beyond them 429 with Retry-After: 1`,
};

/** Seats in use per cluster: `enter` is false when every seat is taken (the request gets a 429). */
export class Seats {
  private readonly inFlight = new Map<string, number>();
  rejected = 0;

  constructor(private readonly limit: KubernetesRateLimit | undefined) {}

  enter(cluster: string): boolean {
    const busy = this.inFlight.get(cluster) ?? 0;
    if (this.limit && busy >= this.limit.seats) {
      this.rejected++;
      return false;
    }
    this.inFlight.set(cluster, busy + 1);
    return true;
  }

  leave(cluster: string): void {
    this.inFlight.set(cluster, (this.inFlight.get(cluster) ?? 1) - 1);
  }
}
