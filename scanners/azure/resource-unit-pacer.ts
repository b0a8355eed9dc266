/**
 * Client-side pacing in Graph's own unit: a token bucket of resource units (RU) that each request
 * (each retry attempt included) is charged its cost from, so a tenant's scan stays under Graph's
 * per-app-and-tenant quota instead of learning it from 429s. One pacer per tenant.
 *
 * Invariants: callers are served in order; over any interval T the RU admitted are at most
 * `burst + rate × T` (a request costing more than `burst` waits for a full bucket and leaves it in
 * debt), so with `rate` at or under Graph's and `burst` well under Graph's quota, the RU Graph
 * receives stay within its bucket even when answers bunch up on the way.
 */
export class ResourceUnitPacer {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();
  private readonly perSecond: number;
  private readonly burst: number;

  constructor(
    resourceUnitsPer10s: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perSecond = resourceUnitsPer10s / 10;
    // Half a second's worth: Graph's bucket holds ten seconds', so bunched arrivals never overflow it.
    this.burst = Math.max(1, resourceUnitsPer10s / 20);
    this.tokens = this.burst;
    this.last = this.now();
  }

  /** Resolves when the caller may send a request costing `cost` RU. */
  take(cost: number): Promise<void> {
    const turn = this.queue.then(() => this.wait(cost));
    this.queue = turn;
    return turn;
  }

  private async wait(cost: number): Promise<void> {
    const needed = Math.min(cost, this.burst);
    for (;;) {
      const at = this.now();
      this.tokens = Math.min(this.burst, this.tokens + ((at - this.last) / 1000) * this.perSecond);
      this.last = at;
      if (this.tokens >= needed) {
        this.tokens -= cost;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, ((needed - this.tokens) / this.perSecond) * 1000));
    }
  }
}
