/**
 * The `ecs` report format: Elastic Common Schema 8.17 documents as NDJSON, one per line.
 *  - every reported finding: event.kind `alert`;
 *  - with `--include-inventory`, every reported credential: event.kind `asset`;
 *  - with `--include-actions`, every revocation the queue carried out: event.kind `event`.
 * Each document's event.id is stable and its own: the OCSF event of the same fact has another id
 * (reports/events.ts). reports/ecs/index-template.json is the Elasticsearch index template.
 */

import { findingEventId, findingTime, inventoryEventId, ndjson, type ReportEvent } from '../events.js';
import { buildJsonReport, type JsonReportInput } from '../json/build.js';
import type { RenderOptions } from '../types.js';
import { ecsAction, ecsAsset, ecsFinding } from './documents.js';

export { ECS_SEVERITY, ECS_VERSION, ecsAction, ecsAsset, ecsFinding } from './documents.js';

/** Findings first (most severe first), then the inventory (by credential uid), then the actions (by seq). */
export function ecsEvents(input: JsonReportInput, options: RenderOptions = {}): ReportEvent[] {
  const report = buildJsonReport(input);
  const credentials = new Map(report.credentials.map((credential) => [credential.uid, credential]));
  const context = { productVersion: report.tool.version, scan: report.scan };
  const events: ReportEvent[] = report.findings.map((finding) => {
    const id = findingEventId('ecs', finding);
    return {
      id,
      time: findingTime(finding),
      event: ecsFinding(finding, credentials.get(finding.credentialUid), { ...context, id }),
    };
  });
  if (options.includeInventory) {
    for (const credential of report.credentials) {
      const id = inventoryEventId('ecs', credential);
      events.push({
        id,
        time: Date.parse(credential.lastSeenAt),
        event: ecsAsset(credential, { ...context, id }),
      });
    }
  }
  for (const action of options.actions ?? []) {
    const event = ecsAction(action);
    events.push({ id: (event.event as { id: string }).id, time: action.time, event });
  }
  return events;
}

export function renderEcs(input: JsonReportInput, options: RenderOptions = {}): string {
  return ndjson(ecsEvents(input, options));
}
