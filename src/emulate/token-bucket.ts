/** A token bucket: `burst` tokens at most, refilled at `requestsPerSecond`. */

export interface TokenBucket {
  /** Takes one token; false when the bucket is empty (the request is over the limit). */
  take(): boolean;
}

export function tokenBucket(
  limit: { requestsPerSecond: number; burst: number },
  now = () => Date.now(),
): TokenBucket {
  let tokens = limit.burst;
  let refilledAt = now();
  return {
    take() {
      const at = now();
      tokens = Math.min(limit.burst, tokens + ((at - refilledAt) / 1000) * limit.requestsPerSecond);
      refilledAt = at;
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
  };
}
