/** The scanner's resource-unit pacer on fake timers: each request waits for its cost, in order. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ResourceUnitPacer } from '../../../scanners/azure/resource-unit-pacer.js';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `take(cost)` and records when it resolved. */
function track(pacer: ResourceUnitPacer, cost: number, log: string[], name: string) {
  return pacer.take(cost).then(() => {
    log.push(`${name}@${Date.now()}`);
  });
}

describe('ResourceUnitPacer', () => {
  it('admits a bucket of half a second’s units at once, then each cost at the rate, in order', async () => {
    // 40 RU per 10 s: 4 RU a second, a bucket of 2.
    const pacer = new ResourceUnitPacer(40, () => Date.now());
    const log: string[] = [];
    const all = Promise.all([
      track(pacer, 1, log, 'a'),
      track(pacer, 1, log, 'b'),
      track(pacer, 2, log, 'c'),
      track(pacer, 1, log, 'd'),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['a@0', 'b@0']);
    await vi.advanceTimersByTimeAsync(499);
    expect(log).toEqual(['a@0', 'b@0']);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['a@0', 'b@0', 'c@500']);
    await vi.advanceTimersByTimeAsync(250);
    await all;
    expect(log).toEqual(['a@0', 'b@0', 'c@500', 'd@750']);
  });

  it('lets a request costing more than the bucket go once it is full, and charges the rest as debt', async () => {
    // 20 RU per 10 s: 2 RU a second, a bucket of 1.
    const pacer = new ResourceUnitPacer(20, () => Date.now());
    const log: string[] = [];
    const all = Promise.all([track(pacer, 3, log, 'big'), track(pacer, 1, log, 'next')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(log).toEqual(['big@0']);
    // 2 units of debt, then 1 for the next request: 1.5 s at 2 RU a second.
    await vi.advanceTimersByTimeAsync(1499);
    expect(log).toEqual(['big@0']);
    await vi.advanceTimersByTimeAsync(1);
    await all;
    expect(log).toEqual(['big@0', 'next@1500']);
  });
});
