import { describe, expect, it } from 'vitest';
import { mergeIterables } from '../../src/core/merge-iterables.js';

/** A source whose every value waits for the test to release it, recording what happened. */
function gatedSource(name: string, values: number[], log: string[]) {
  const gates: (() => void)[] = [];
  const source = async function* () {
    log.push(`${name} start`);
    try {
      for (const value of values) {
        await new Promise<void>((resolve) => gates.push(resolve));
        yield `${name}${value}`;
      }
    } finally {
      log.push(`${name} end`);
    }
  };
  /** Resolves the next pending wait once the source is waiting on it. */
  const release = async () => {
    while (gates.length === 0) await new Promise((resolve) => setImmediate(resolve));
    gates.shift()!();
  };
  return { source, release };
}

describe('mergeIterables', () => {
  it('yields values as they come, each source in its own order, at most `limit` sources at once', async () => {
    const log: string[] = [];
    const a = gatedSource('a', [1, 2], log);
    const b = gatedSource('b', [1, 2], log);
    const c = gatedSource('c', [1], log);
    const merged = mergeIterables([a.source, b.source, c.source], 2);
    const seen: string[] = [];
    const consume = (async () => {
      for await (const value of merged) seen.push(value);
    })();
    await b.release();
    await a.release();
    await b.release(); // b done: c starts
    await c.release();
    await a.release();
    await consume;
    expect(seen).toEqual(['b1', 'a1', 'b2', 'c1', 'a2']);
    expect(log.indexOf('c start')).toBeGreaterThan(log.indexOf('b end'));
    expect(log.filter((entry) => entry.endsWith('start'))).toEqual(['a start', 'b start', 'c start']);
  });

  it('stops at the first error: closes the running sources, never starts the rest, rethrows', async () => {
    const log: string[] = [];
    const a = gatedSource('a', [1, 2], log);
    const failing = async function* () {
      log.push('f start');
      yield 'f1';
      throw new Error('denied');
    };
    const never = async function* () {
      log.push('n start');
      yield 'n1';
    };
    const seen: string[] = [];
    const run = (async () => {
      for await (const value of mergeIterables([a.source, failing, never], 2)) seen.push(value);
    })();
    // a is still waiting on its gate when f fails: the error comes out without waiting for it.
    await expect(run).rejects.toThrow('denied');
    expect(seen).toEqual(['f1']);
    expect(log).toEqual(['a start', 'f start']);
    // a was asked to return: once its pending step settles it ends, yielding nothing more.
    await a.release();
    while (!log.includes('a end')) await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toEqual(['f1']);
    expect(log).not.toContain('n start');
  });

  it('closes the running sources when the consumer stops early', async () => {
    const log: string[] = [];
    const endless = (name: string) =>
      async function* () {
        try {
          for (let i = 0; ; i++) yield `${name}${i}`;
        } finally {
          log.push(`${name} closed`);
        }
      };
    const seen: string[] = [];
    for await (const value of mergeIterables([endless('x'), endless('y')], 2)) {
      seen.push(value);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
    expect(log.sort()).toEqual(['x closed', 'y closed']);
  });

  it('refuses a limit below 1', async () => {
    await expect(mergeIterables([], 0).next()).rejects.toThrow('limit: expected a whole number ≥ 1');
  });
});
