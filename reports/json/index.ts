/** The `json` report format: a versioned document validated by ./schema.json. */
import { buildJsonReport, type JsonReportInput } from './build.js';

export type { JsonReportCredentialInput, JsonReportFindingInput, JsonReportInput } from './build.js';
export { buildJsonReport } from './build.js';
export type { JsonReport } from './types.js';
export { REPORT_SCHEMA_VERSION } from './types.js';

/** The report as pretty-printed JSON with a trailing newline. */
export function renderJsonReport(input: JsonReportInput): string {
  return `${JSON.stringify(buildJsonReport(input), null, 2)}\n`;
}
