/**
 * How a run lists its sources (src/scan/scan-sources.ts): different types at once, one type in
 * sequence, outcomes in configured order, one failure cancelling and awaiting the rest.
 */
import { describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../src/config/load.js';
import type { Progress } from '../../src/scan/progress.js';
import { listSources } from '../../src/scan/scan-sources.js';

const source = (name: string, type: string) => ({ name, type }) as SourceConfig;

/** A promise with its resolve and reject in hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A run whose sources finish when the test says so, logging starts, ends and cancellations. */
function controlledRun(names: string[]) {
  const events: string[] = [];
  const finish = new Map(names.map((name) => [name, deferred<string>()]));
  const started = new Map(names.map((name) => [name, deferred<void>()]));
  const run = async (config: SourceConfig, signal: AbortSignal, progress: (message: string) => void) => {
    events.push(`start ${config.name}`);
    progress(`scanning ${config.name}`);
    signal.addEventListener('abort', () => {
      events.push(`cancelled ${config.name}`);
      finish.get(config.name)!.reject(new Error(`${config.name} cancelled`));
    });
    started.get(config.name)!.resolve();
    const outcome = await finish.get(config.name)!.promise;
    events.push(`end ${config.name}`);
    return outcome;
  };
  return { events, finish, started, run };
}

const progressLog = () => {
  const lines: string[] = [];
  const progress: Progress = { update: (line) => lines.push(line), done: () => {} };
  return { lines, progress };
};

/** listSources over `sources` (name:type) with the controlled run, a fresh signal unless given. */
function list(
  sources: string[],
  run: ReturnType<typeof controlledRun>['run'],
  options: { concurrency: number; progress?: Progress; signal?: AbortSignal },
) {
  return listSources(
    sources.map((entry) => {
      const [name, type] = entry.split(':') as [string, string];
      return source(name, type);
    }),
    run,
    {
      signal: options.signal ?? new AbortController().signal,
      progress: options.progress ?? progressLog().progress,
      concurrency: options.concurrency,
    },
  );
}

describe('listSources', () => {
  it('lists one source after another in configured order at concurrency 1 (the default)', async () => {
    const { events, finish, started, run } = controlledRun(['aws-a', 'github', 'aws-b']);
    const listing = list(['aws-a:aws', 'github:github', 'aws-b:aws'], run, { concurrency: 1 });
    for (const name of ['aws-a', 'github', 'aws-b']) {
      await started.get(name)!.promise;
      expect(events.at(-1)).toBe(`start ${name}`);
      finish.get(name)!.resolve(`${name} done`);
    }
    expect(await listing).toEqual(['aws-a done', 'github done', 'aws-b done']);
    expect(events).toEqual([
      'start aws-a',
      'end aws-a',
      'start github',
      'end github',
      'start aws-b',
      'end aws-b',
    ]);
  });

  it('runs at most `concurrency` types at once', async () => {
    const { events, finish, started, run } = controlledRun(['aws', 'github', 'gcp']);
    const listing = list(['aws:aws', 'github:github', 'gcp:gcp'], run, { concurrency: 2 });
    await Promise.all([started.get('aws')!.promise, started.get('github')!.promise]);
    expect(events).toEqual(['start aws', 'start github']);
    finish.get('github')!.resolve('github done');
    await started.get('gcp')!.promise;
    expect(events).toEqual(['start aws', 'start github', 'end github', 'start gcp']);
    finish.get('aws')!.resolve('aws done');
    finish.get('gcp')!.resolve('gcp done');
    expect(await listing).toEqual(['aws done', 'github done', 'gcp done']);
  });

  it('lists sources of different types at once and those of one type one after another, in configured order', async () => {
    const { events, finish, started, run } = controlledRun(['aws-a', 'github', 'aws-b']);
    const { lines, progress } = progressLog();
    const listing = list(['aws-a:aws', 'github:github', 'aws-b:aws'], run, { concurrency: 4, progress });
    await Promise.all([started.get('aws-a')!.promise, started.get('github')!.promise]);
    expect(events).toEqual(['start aws-a', 'start github']);
    expect(lines.at(-1)).toBe('scanning aws-a · scanning github');
    finish.get('github')!.resolve('github done');
    finish.get('aws-a')!.resolve('aws-a done');
    await started.get('aws-b')!.promise;
    expect(events).toEqual(['start aws-a', 'start github', 'end github', 'end aws-a', 'start aws-b']);
    finish.get('aws-b')!.resolve('aws-b done');
    expect(await listing).toEqual(['aws-a done', 'github done', 'aws-b done']);
  });

  it('cancels the other sources when one throws, waits for them, and throws the first error', async () => {
    const { events, finish, started, run } = controlledRun(['aws-a', 'github', 'aws-b']);
    const listing = list(['aws-a:aws', 'github:github', 'aws-b:aws'], run, { concurrency: 4 });
    await Promise.all([started.get('aws-a')!.promise, started.get('github')!.promise]);
    finish.get('github')!.reject(new Error('github: bad option'));
    await expect(listing).rejects.toThrow('github: bad option');
    // aws-a was cancelled and settled before the error came back (github, already failed, hears
    // the cancel too); aws-b never started.
    expect(events).toEqual(['start aws-a', 'start github', 'cancelled aws-a', 'cancelled github']);
  });

  it('passes the run cancel on to every source', async () => {
    const { events, started, run } = controlledRun(['aws', 'gcp']);
    const cancel = new AbortController();
    const listing = list(['aws:aws', 'gcp:gcp'], run, { concurrency: 4, signal: cancel.signal });
    await Promise.all([started.get('aws')!.promise, started.get('gcp')!.promise]);
    cancel.abort();
    await expect(listing).rejects.toThrow('aws cancelled');
    expect(events).toEqual(['start aws', 'start gcp', 'cancelled aws', 'cancelled gcp']);
  });
});
