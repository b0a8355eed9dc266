import { afterEach, describe, expect, it, vi } from 'vitest';
import { Pacer } from '../../../scanners/aws/pacer.js';

describe('Pacer', () => {
  afterEach(() => vi.useRealTimers());

  it('lets a burst through, then one request per 1/rate seconds, in order', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'performance'] });
    const pacer = new Pacer(10, 2);
    const granted: number[] = [];
    const start = performance.now();
    const takes = [1, 2, 3, 4].map((n) => pacer.take().then(() => granted.push(n)));
    await vi.advanceTimersByTimeAsync(0);
    expect(granted).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(100);
    expect(granted).toEqual([1, 2, 3]);
    await vi.advanceTimersByTimeAsync(100);
    await Promise.all(takes);
    expect(granted).toEqual([1, 2, 3, 4]);
    expect(performance.now() - start).toBe(200);
  });
});
