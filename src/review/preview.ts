/**
 * The dry-run preview of `queue execute`: the executor itself with apply off, so the guards and the
 * exact provider calls are the ones an `--apply` run would meet. Without the config (a database
 * opened with --db alone) the sources are unknown: the plan lists due steps without their calls.
 * The verdict (how many actions, which guards refuse) comes first, then the actions: a long plan
 * scrolls on the screen, and its outcome must not be below the fold.
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
      `${plan.due.length} step(s) due, ${plan.scheduled.length} scheduled later.`,
      ...plan.due.map(
        (action) => `due      #${action.request.id} ${action.step.step} ${action.request.credentialUid}`,
      ),
      ...plan.scheduled.map(
        (item) => `later    #${item.request.id} ${item.step.step} not before ${item.notBefore.slice(0, 10)}`,
      ),
    ];
  }
  const planned: string[] = [];
  const result = await executeQueue(db, {
    apply: false,
    actor,
    now,
    sources: config.sources,
    settings: config.settings,
    signal: new AbortController().signal,
    onEvent: (event) => {
      if (event.type === 'planned')
        planned.push(
          `plan     #${event.action.request.id} ${event.action.step.step} → ${event.manual ? `manual: ${event.manual}` : event.apiCall}`,
        );
    },
  });
  const refusedBy = result.guards.filter((guard) => !guard.ok).map((guard) => guard.guard);
  return [
    result.plan.due.length === 0
      ? 'Nothing is due.'
      : refusedBy.length > 0
        ? `Dry run: ${planned.length} action(s), but --apply would be refused by ${refusedBy.join(', ')}; nothing was changed.`
        : `Dry run: ${planned.length} action(s); nothing was changed.`,
    ...result.guards.map((guard) => `${guard.ok ? 'ok     ' : 'REFUSED'} ${guard.guard}: ${guard.message}`),
    ...planned,
    ...result.plan.held.map((item) => `held     #${item.request.id} ${item.step.step}: ${item.reason}`),
  ];
}
