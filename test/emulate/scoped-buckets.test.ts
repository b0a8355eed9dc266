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

  it('gives the rate-limit lower bound: the busiest scope’s charges between snapshots ÷ its rate', () => {
    const before = { a: { used: 10, perSecond: 5, burst: 2 } };
    const after = {
      a: { used: 40, perSecond: 5, burst: 2 }, // 30 more: 30 / 5 = 6 s
      b: { used: 5, perSecond: 1, burst: 4 }, // 5 / 1 = 5 s
      c: { used: 1, perSecond: 0, burst: 4 }, // unlimited: no bound
    };
    expect(rateLimitLowerBoundMs(before, after)).toBe(6000);
    expect(rateLimitLowerBoundMs(undefined, undefined)).toBe(0);
  });
});
