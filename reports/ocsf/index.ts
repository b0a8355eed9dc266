/**
 * The `ocsf` report format: OCSF 1.8.0 events as NDJSON, one event per line.
 *  - every reported finding: IAM Analysis Finding (2008), or Detection Finding (2004) with
 *    `--ocsf-class detection`;
 *  - with `--include-inventory`, every reported credential: User Inventory Info (5003);
 *  - with `--include-actions`, every revocation the queue carried out: Account Change (3001), as
 *    `nhiscan audit export --format ocsf` writes them (src/audit/export-ocsf.ts).
 */
import type { OcsfAccountChange } from '../../src/core/ocsf.js';
import { actionEventId, findingEventId, inventoryEventId, ndjson, type ReportEvent } from '../events.js';
import { buildJsonReport, type JsonReportInput } from '../json/build.js';
import type { RenderOptions } from '../types.js';
import { ocsfFinding } from './finding.js';
import { ocsfUserInventory } from './inventory.js';

export { OCSF_FINDING_STATUS, type OcsfFindingClass, ocsfFinding } from './finding.js';
export { ocsfUserInventory } from './inventory.js';

/** An Account Change event of the audit export as a report event (its id is the record's hash). */
export function accountChangeEvent(event: OcsfAccountChange): ReportEvent {
  return {
    id: actionEventId('ocsf', event.metadata.uid),
    time: event.time,
    event: event as unknown as Record<string, unknown>,
  };
}

/** Findings first (most severe first), then the inventory (by credential uid), then the actions (by seq). */
export function ocsfEvents(input: JsonReportInput, options: RenderOptions = {}): ReportEvent[] {
  const report = buildJsonReport(input);
  const credentials = new Map(report.credentials.map((credential) => [credential.uid, credential]));
  const context = {
    productVersion: report.tool.version,
    scan: report.scan,
    findingClass: options.ocsfClass ?? 'iam-analysis',
  };
  const events: ReportEvent[] = report.findings.map((finding) => {
    const id = findingEventId('ocsf', finding);
    const event = ocsfFinding(finding, credentials.get(finding.credentialUid), context, id);
    return { id, time: event.time as number, event };
  });
  if (options.includeInventory) {
    for (const credential of report.credentials) {
      const event = ocsfUserInventory(credential, context);
      events.push({ id: inventoryEventId('ocsf', credential), time: event.time as number, event });
    }
  }
  for (const action of options.actions ?? []) events.push(accountChangeEvent(action));
  return events;
}

export function renderOcsf(input: JsonReportInput, options: RenderOptions = {}): string {
  return ndjson(ocsfEvents(input, options));
}
