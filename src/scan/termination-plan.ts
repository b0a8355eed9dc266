/**
 * What a termination scan reads (`hr serve --on-terminate scan`, issue 23): only what the
 * terminated people can hold, not every source.
 *
 * - A source holding a live credential they own or co-own (their employee id in the credential's
 *   owner resolution, person accounts aside) is read whole: new credentials of theirs appear.
 * - A source whose plugin checks person accounts (`personAccountKinds`) is read focused on them:
 *   only their own accounts there (organization membership, IAM user, binding, Entra user).
 * - Any other source is not read. Every stored credential is still evaluated against the new HR
 *   data, so a secret a leaver could read (leaver-shared-secret) is raised from what is stored.
 */
import type { SourceConfig } from '../config/load.js';
import type { Db } from '../store/index.js';

export interface TerminationPlan {
  /** Every source the scan reads (ScanRequest.only). */
  only: string[];
  /** The subset read focused on the people (ScanRequest.focus). */
  focus: { employeeIds: string[]; sources: string[] };
  /** Sources not read, for the log and the audit record. */
  skipped: string[];
}

/**
 * Sources holding a live, non-person-account credential whose owner resolution names one of the
 * people: as the resolved owner, or as any signal's match (a co-owner).
 */
function sourcesHoldingTheirs(
  db: Db,
  sources: readonly SourceConfig[],
  employeeIds: readonly string[],
): Set<string> {
  const ids = JSON.stringify(employeeIds);
  const rows = db
    .prepare(
      `SELECT DISTINCT c.source, c.kind
         FROM credentials c JOIN owner_resolutions o ON o.credential_uid = c.uid
        WHERE c.state != 'gone'
          AND (o.owner_employee_id IN (SELECT value FROM json_each(?))
               OR EXISTS (SELECT 1 FROM json_each(stored_text(o.evidence, o.credential_uid)) e
                           WHERE json_extract(e.value, '$.matchedEmployeeId') IN (SELECT value FROM json_each(?))))`,
    )
    .all(ids, ids) as { source: string; kind: string }[];
  const holding = new Set<string>();
  for (const { source, kind } of rows) {
    const plugin = sources.find((candidate) => candidate.name === source)?.plugin;
    if (!plugin?.personAccountKinds?.includes(kind)) holding.add(source);
  }
  return holding;
}

export function terminationPlan(
  db: Db,
  sources: readonly SourceConfig[],
  employeeIds: readonly string[],
): TerminationPlan {
  const holding = sourcesHoldingTheirs(db, sources, employeeIds);
  const plan: TerminationPlan = {
    only: [],
    focus: { employeeIds: [...employeeIds], sources: [] },
    skipped: [],
  };
  for (const source of sources) {
    if (holding.has(source.name)) plan.only.push(source.name);
    else if (source.plugin.personAccountKinds?.length) {
      plan.only.push(source.name);
      plan.focus.sources.push(source.name);
    } else plan.skipped.push(source.name);
  }
  return plan;
}
