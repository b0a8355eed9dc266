import { describe, expect, it } from 'vitest';
import { rateLimitLowerBoundMs, scopedBuckets } from '../../src/emulate/scoped-buckets.js';

describe('scopedBuckets', () => {
  it('keeps one bucket per scope, charges costs, and meters what it admits', () => {
    let now = 0;
    const buckets = scopedBuckets(() => now);
    const limit = { requestsPerSecond: 2, burst: 3 };
    expect([1, 2, 3, 4].map(() => buckets.take('a', limit))).toEqual([true, true, true, false]);
    expect(buckets.take('b', limit, 3)).toBe(true); // another scope: its own bucket
    expect(buckets.take('b', limit, 1)).toBe(false);
    now = 500; // refills one token in a
    expect(buckets.take('a', limit)).toBe(true);
    expect(buckets.take('a', limit)).toBe(false);
    expect(buckets.usage()).toEqual({
      a: { used: 4, perSecond: 2, burst: 3 },
      b: { used: 3, perSecond: 2, burst: 3 },
    });
  });

  it('gives the least time the limits allow: the busiest scope beyond its burst ÷ its rate', () => {
    const before = { a: { used: 10, perSecond: 5, burst: 2 } };
    const after = {
      a: { used: 32, perSecond: 5, burst: 2 }, // 22 more: (22 − 2) / 5 = 4 s
      b: { used: 9, perSecond: 1, burst: 4 }, // 9: (9 − 4) / 1 = 5 s
      c: { used: 1, perSecond: 1, burst: 4 }, // within its burst: 0
    };
    expect(rateLimitLowerBoundMs(before, after)).toBe(5000);
    expect(rateLimitLowerBoundMs(undefined, undefined)).toBe(0);
  });
});
