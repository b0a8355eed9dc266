/**
 * A source read focused on some people (a termination scan): the plugin lists only their person
 * accounts (ScanContext.focus). The outcome is recorded as partial with the reason, so that no
 * check that needs a whole listing (manual-task verification, the source-shrink guard's count, a
 * finding resolved by absence) ever takes it for one; the merge touches only what it looked for
 * (FocusCoverage, src/store/inventory.ts).
 */
import type { SourceConfig } from '../config/load.js';
import type { ScanContext } from '../core/plugin.js';
import type { Db } from '../store/index.js';
import { type SourceOutcome, scanSource } from './scan-source.js';

export async function scanFocused(
  db: Db,
  runId: number,
  source: SourceConfig,
  context: ScanContext,
  employeeIds: readonly string[],
): Promise<SourceOutcome> {
  const kinds = source.plugin.personAccountKinds ?? [];
  const people = (context.people ?? []).filter((person) => employeeIds.includes(person.employeeId));
  const outcome = await scanSource(db, runId, source, { ...context, focus: people });
  if (outcome.status === 'failed') return outcome;
  return {
    ...outcome,
    status: 'partial',
    problems: [
      ...outcome.problems,
      {
        scope: `source ${source.name}`,
        reason: `focused on the termination of ${employeeIds.join(', ')}: only their accounts (${kinds.join(', ')}) were read`,
      },
    ],
    focus: { kinds, employeeIds, complete: outcome.status === 'complete' },
  };
}
