/**
 * How a run lists its selected sources: sources of different types at once (they answer to
 * different providers, each with its own limits), sources of one type one after another (two `aws`
 * or two `github` sources may share an organization's, a token's or a tenant's limits).
 *
 * Invariants: outcomes come back in the configured order, whatever order they finish in. A source
 * that throws (bad input, cancellation) cancels the others, which are awaited before its error is
 * thrown, so nothing is still writing when the caller discards the run. The progress line shows
 * every source being listed.
 */
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
  options: { signal: AbortSignal; progress: Progress },
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
  const byType = new Map<string, number[]>();
  for (const [index, source] of selected.entries())
    byType.set(source.type, [...(byType.get(source.type) ?? []), index]);
  const chains = [...byType.values()].map(async (indexes) => {
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
  });
  await Promise.all(chains);
  if (firstError) throw firstError.error;
  return outcomes;
}
