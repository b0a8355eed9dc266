/**
 * Client-side pacing: a token bucket that every IAM request (each retry attempt included) waits on,
 * so a scan stays under the account's API rate instead of learning it from throttling errors.
 * IAM publishes no rate-limit headers; set `requestsPerSecond` to the rate the account allows.
 */
import type { IAMClient } from '@aws-sdk/client-iam';

export class Pacer {
  private tokens: number;
  private last = performance.now();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly perSecond: number,
    private readonly burst = Math.max(1, Math.ceil(perSecond / 10)),
  ) {
    this.tokens = this.burst;
  }

  /** Resolves when the caller may send one request. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.wait());
    this.queue = turn;
    return turn;
  }

  private async wait(): Promise<void> {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, ((1 - this.tokens) / this.perSecond) * 1000));
    }
  }
}

/** Makes every request of the client (every attempt) wait for the pacer. */
export function pace(client: IAMClient, pacer: Pacer): IAMClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      await pacer.take();
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'nhiscanPacer' },
  );
  return client;
}
