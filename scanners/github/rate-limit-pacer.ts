/**
 * Paces requests by GitHub's primary rate limit instead of spending it and collecting refusals: an
 * Octokit plugin that keeps a RateLimitWindow per resource, fed by every answer's `x-ratelimit-*`
 * headers, and holds a request back until its resource's window resets (plus a margin) when
 * sending it could overdraw the window. Nothing known, nothing held. A wait longer than `maxWaitMs`
 * is not taken: the request goes, and its refusal is plugin-throttling's to wait out or give up on,
 * as before. Register it after plugin-throttling (outside it): a held request then occupies none of
 * the throttler's slots, and the throttler's own retries (already waiting for the reset) are not
 * held twice.
 */
import { getMaxListeners, setMaxListeners } from 'node:events';
import type { Octokit } from '@octokit/core';
import { type RateLimitReport, RateLimitWindow, readRateLimitHeaders } from './rate-limit-window.js';

export type PacedResource = 'core' | 'graphql';

/** `graphql` for POST …/graphql (GitHub's `/graphql`, GHES's `/api/graphql`), `core` for the rest. */
export function rateLimitResource(method: string, url: string): PacedResource {
  const { pathname } = new URL(url, 'http://github.invalid');
  return method.toUpperCase() === 'POST' && /\/graphql$/.test(pathname) ? 'graphql' : 'core';
}

export interface PacerSettings {
  /** Longest wait taken; a request that would wait longer goes at once (and the throttler decides). */
  maxWaitMs: number;
  /** Added to the reset: GitHub gives it in whole seconds, by its clock. Default 250 ms. */
  marginMs?: number;
  /** Cancels every wait; a request's own `request.signal` cancels its wait too. */
  signal?: AbortSignal;
  /** True when a request will not be sent anyway (the budget is spent): it is not held back. */
  refusesAnyway?: () => boolean;
  /** Told once per resource and window when requests start waiting for the reset. */
  onWait?: (resource: string, report: RateLimitReport, waitMs: number) => void;
  now?: () => number;
}

/** Resolves when the window changes or `waitMs` (if any) passes; rejects with the abort reason. */
function changeOrTimeout(
  window: RateLimitWindow,
  waitMs: number | undefined,
  signals: AbortSignal[],
): Promise<void> {
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = () => {
      clearTimeout(timer);
      stopListening();
      for (const signal of signals) signal.removeEventListener('abort', aborted);
    };
    const woken = () => {
      settle();
      resolve();
    };
    const aborted = () => {
      settle();
      reject(signals.find((signal) => signal.aborted)?.reason);
    };
    const stopListening = window.onChange(woken);
    if (waitMs !== undefined) timer = setTimeout(woken, waitMs);
    for (const signal of signals) signal.addEventListener('abort', aborted, { once: true });
  });
}

/** An Octokit plugin holding each request back while its resource's rate limit is spent. */
export function rateLimitPacer(settings: PacerSettings) {
  const now = settings.now ?? Date.now;
  const marginMs = settings.marginMs ?? 250;
  // Every request waiting for a reset listens on the scan's signal until it goes (then removes its
  // listener): with a concurrency of 16 that is more than Node's default of 10 listeners, which
  // would print a leak warning for what is not a leak.
  if (settings.signal && getMaxListeners(settings.signal) < 100) setMaxListeners(100, settings.signal);
  return (octokit: Octokit) => {
    const windows = new Map<string, RateLimitWindow>();
    const windowOf = (resource: string) => {
      let window = windows.get(resource);
      if (!window) {
        window = new RateLimitWindow();
        windows.set(resource, window);
      }
      return window;
    };
    const announced = new Map<string, number>();

    async function admit(resource: PacedResource, signals: AbortSignal[]): Promise<void> {
      const window = windowOf(resource);
      for (;;) {
        const aborted = signals.find((signal) => signal.aborted);
        if (aborted) throw aborted.reason;
        if (settings.refusesAnyway?.()) return;
        const at = now();
        const admission = window.admission(at, marginMs);
        if (admission === 'now') return;
        const waitMs = admission === 'after-answer' ? undefined : admission - at;
        if (waitMs !== undefined && waitMs > settings.maxWaitMs) return;
        const report = window.reported;
        if (waitMs !== undefined && report && announced.get(resource) !== report.resetAt) {
          announced.set(resource, report.resetAt);
          settings.onWait?.(resource, report, waitMs);
        }
        await changeOrTimeout(window, waitMs, signals);
      }
    }

    const record = (headers: Parameters<typeof readRateLimitHeaders>[0], resource: string) => {
      const report = readRateLimitHeaders(headers);
      if (report) windowOf(report.resource ?? resource).report(report);
    };

    octokit.hook.wrap('request', async (request, options) => {
      const resource = rateLimitResource(options.method, options.url);
      const signals = [settings.signal, options.request?.signal].filter(
        (signal): signal is AbortSignal => signal !== undefined,
      );
      await admit(resource, signals);
      const window = windowOf(resource);
      window.start();
      try {
        const response = await request(options);
        record(response.headers, resource);
        return response;
      } catch (error) {
        record((error as { response?: { headers?: Record<string, string> } })?.response?.headers, resource);
        throw error;
      } finally {
        window.finish();
      }
    });
  };
}
