/**
 * The dry-run preview of `queue execute`: the executor itself with apply off, so the guards and the
 * exact provider calls are the ones an `--apply` run would meet. Without the config (a database
 * opened with --db alone) the sources are unknown: the plan lists due steps without their calls.
 */
import type { SourceConfig } from '../config/load.js';
import { executeQueue, planQueue } from '../queue/index.js';
import type { Db } from '../store/index.js';

export interface PreviewSettings {
  sources: readonly SourceConfig[];
  settings: { maxAgeHours: number; hrChangeGuardPercent: number; maxPerRun: number };
}

export async function previewExecute(
  db: Db,
  config: PreviewSettings | undefined,
  actor: string,
  now: () => Date,
): Promise<string[]> {
  if (!config) {
    const plan = planQueue(db, now());
    return [
      'No config: the calls are named once nhiscan.yaml is found (--config).',
      ...plan.due.map(
        (action) => `due      #${action.request.id} ${action.step.step} ${action.request.credentialUid}`,
      ),
      ...plan.scheduled.map(
        (item) => `later    #${item.request.id} ${item.step.step} not before ${item.notBefore.slice(0, 10)}`,
      ),
    ];
  }
  const lines: string[] = [];
  const result = await executeQueue(db, {
    apply: false,
    actor,
    now,
    sources: config.sources,
    settings: config.settings,
    signal: new AbortController().signal,
    onEvent: (event) => {
      if (event.type === 'planned')
        lines.push(
          `plan     #${event.action.request.id} ${event.action.step.step} → ${event.manual ? `manual: ${event.manual}` : event.apiCall}`,
        );
    },
  });
  for (const item of result.plan.held)
    lines.push(`held     #${item.request.id} ${item.step.step}: ${item.reason}`);
  for (const guard of result.guards)
    lines.push(`${guard.ok ? 'ok     ' : 'REFUSED'} ${guard.guard}: ${guard.message}`);
  lines.push(
    result.plan.due.length === 0
      ? 'Nothing is due.'
      : `Dry run: ${lines.filter((line) => line.startsWith('plan')).length} action(s); nothing was changed.`,
  );
  return lines;
}
