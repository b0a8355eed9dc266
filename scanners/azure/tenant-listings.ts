/**
 * Reads a source's tenants in parallel, `concurrency` at a time (each with its own Graph client
 * and pacer), handing out their pages as they come. A listing that throws stops the others (they
 * are cancelled) and the error is thrown once the pages already handed out are done; so is a
 * cancelled scan. Pages of one tenant keep their order.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import pLimit from 'p-limit';
import type { ScanPage } from '../../src/core/plugin.js';

export type TenantListing = (signal: AbortSignal) => AsyncGenerator<ScanPage>;

export async function* listTenantsInParallel(
  listings: readonly TenantListing[],
  concurrency: number,
  signal: AbortSignal,
): AsyncGenerator<ScanPage> {
  const stop = new AbortController();
  const combined = AbortSignal.any([signal, stop.signal]);
  // Every request in flight listens on it: it allows as many listeners as the scan's signal does.
  setMaxListeners(getMaxListeners(signal), combined);
  const queue: ScanPage[] = [];
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const limit = pLimit(concurrency);
  let running = listings.length;
  for (const listing of listings)
    void limit(async () => {
      try {
        if (combined.aborted) return;
        for await (const page of listing(combined)) {
          queue.push(page);
          notify();
        }
      } catch (error) {
        failure ??= { error };
        stop.abort();
      } finally {
        running -= 1;
        notify();
      }
    });
  try {
    for (;;) {
      const page = queue.shift();
      if (page) {
        yield page;
        continue;
      }
      if (failure) throw failure.error;
      if (running === 0) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    // A consumer that stops early (or a failure) cancels the tenants still being read.
    stop.abort();
  }
}
