/**
 * readAheadPages (scanners/gcp/read-ahead-pages.ts): pages come out in order, the next is
 * requested as soon as one arrives, at most `ahead` are read and not taken, `start` runs on
 * arrival, and a failed read ends the listing with its error.
 */
import { describe, expect, it } from 'vitest';
import { readAheadPages } from '../../../scanners/gcp/read-ahead-pages.js';

/** A paged listing of `count` pages, logging each request and each start. */
function listing(count: number, failAt?: number) {
  const log: string[] = [];
  const readPage = async (token: string | undefined) => {
    const index = token === undefined ? 0 : Number(token);
    log.push(`read ${index}`);
    await Promise.resolve();
    if (index === failAt) throw new Error(`page ${index} refused`);
    return { index, ...(index + 1 < count ? { nextPageToken: String(index + 1) } : {}) };
  };
  const start = (page: { index: number }) => {
    log.push(`start ${page.index}`);
    return page.index;
  };
  return { log, readPage, start };
}

/** Lets every pending read settle. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('readAheadPages', () => {
  it('reads up to `ahead` pages before any is taken, then one more for each taken, in order', async () => {
    const { log, readPage, start } = listing(6);
    const pages = readAheadPages(readPage, start, 3);
    await settle();
    expect(log).toEqual(['read 0', 'start 0', 'read 1', 'start 1', 'read 2', 'start 2']);
    const taken: unknown[] = [];
    for (let next = await pages.next(); next; next = await pages.next()) taken.push(next);
    expect(taken).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
    expect(log.filter((entry) => entry.startsWith('read'))).toEqual(
      [0, 1, 2, 3, 4, 5].map((i) => `read ${i}`),
    );
  });

  it('ends with the error of a failed read after the pages before it', async () => {
    const { readPage, start } = listing(5, 2);
    const pages = readAheadPages(readPage, start, 4);
    expect(await pages.next()).toEqual({ item: 0 });
    expect(await pages.next()).toEqual({ item: 1 });
    const failed = await pages.next();
    expect(failed && 'error' in failed && (failed.error as Error).message).toBe('page 2 refused');
    expect(await pages.next()).toBeUndefined();
  });
});
