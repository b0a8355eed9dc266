/**
 * How a run lists its selected sources: one after another in configured order (`scan.
 * sourceConcurrency: 1`, the default: memory is one source's peak), or sources of different types
 * at once, up to that many types (they answer to different providers, each with its own limits),
 * while sources of one type still go one after another (two `aws` or two `github` sources may
 * share an organization's, a token's or a tenant's limits).
 *
 * Invariants: outcomes come back in the configured order, whatever order they finish in. A source
 * that throws (bad input, cancellation) cancels the others, which are awaited before its error is
 * thrown, so nothing is still writing when the caller discards the run. The progress line shows
 * every source being listed.
 */
import pLimit from 'p-limit';
import type { SourceConfig } from '../config/load.js';
import type { Progress } from './progress.js';

/** Lists one source; `signal` is the run's, cancelled too when another source throws. */
export type SourceRun<Outcome> = (
  source: SourceConfig,
  signal: AbortSignal,
  progress: (message: string) => void,
) => Promise<Outcome>;

export async function listSources<Outcome>(
  selected: readonly SourceConfig[],
  run: SourceRun<Outcome>,
  options: { signal: AbortSignal; progress: Progress; concurrency: number },
): Promise<Outcome[]> {
  const cancelOthers = new AbortController();
  const signal = AbortSignal.any([options.signal, cancelOthers.signal]);
  const lines = new Map<string, string>();
  const progressOf = (name: string) => (message: string) => {
    lines.set(name, message);
    options.progress.update([...lines.values()].join(' · '));
  };

  const outcomes: Outcome[] = new Array(selected.length);
  let firstError: { error: unknown } | undefined;
  // Chains of source indexes that run one after another: one chain of all (concurrency 1) or
  // one per type; at most `concurrency` chains run at once.
  const chains = new Map<string, number[]>();
  for (const [index, source] of selected.entries()) {
    const chain = options.concurrency === 1 ? '' : source.type;
    chains.set(chain, [...(chains.get(chain) ?? []), index]);
  }
  const limit = pLimit(options.concurrency);
  const running = [...chains.values()].map((indexes) =>
    limit(async () => {
      for (const index of indexes) {
        if (firstError) return;
        const source = selected[index]!;
        try {
          outcomes[index] = await run(source, signal, progressOf(source.name));
        } catch (error) {
          firstError ??= { error };
          cancelOthers.abort();
          return;
        } finally {
          lines.delete(source.name);
        }
      }
    }),
  );
  await Promise.all(running);
  if (firstError) throw firstError.error;
  return outcomes;
}
