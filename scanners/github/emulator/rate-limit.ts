/**
 * GitHub's primary rate limit for one token: a budget of requests per window and resource (`core`,
 * `graphql`), the window starting at its first request, reported on every answer in the
 * `x-ratelimit-*` headers. The secondary limits are secondary-limit.ts.
 */
import type { PrimaryRateLimitOptions } from './types.js';

export type RateLimitResource = 'core' | 'graphql' | 'search';

export interface RateLimitStatus {
  limit: number;
  remaining: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

export interface PrimaryLimiter {
  /** The window's state now (a window past its end starts afresh). */
  status(resource: RateLimitResource): RateLimitStatus;
  /** Counts one request; false when the window's budget is spent (the request is refused). */
  take(resource: RateLimitResource): boolean;
}

const HOUR_MS = 3_600_000;

export function primaryLimiter(
  options: PrimaryRateLimitOptions = { limit: 5000 },
  now = () => Date.now(),
): PrimaryLimiter {
  const windowMs = options.windowMs ?? HOUR_MS;
  const windows = new Map<RateLimitResource, { start: number; used: number }>();
  const current = (resource: RateLimitResource) => {
    const at = now();
    let window = windows.get(resource);
    if (!window || at >= window.start + windowMs) {
      window = { start: at, used: 0 };
      windows.set(resource, window);
    }
    return window;
  };
  return {
    status(resource) {
      const window = current(resource);
      return {
        limit: options.limit,
        remaining: Math.max(options.limit - window.used, 0),
        used: window.used,
        reset: Math.ceil((window.start + windowMs) / 1000),
      };
    },
    take(resource) {
      const window = current(resource);
      if (window.used >= options.limit) return false;
      window.used += 1;
      return true;
    },
  };
}
