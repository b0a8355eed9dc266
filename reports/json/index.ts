/** The `json` report format: a versioned document validated by ./schema.json. */
import { buildJsonReport, type JsonReportInput } from './build.js';

export type { JsonReportInput } from './build.js';
export { buildJsonReport } from './build.js';
export type { JsonReport } from './types.js';

export function renderJsonReport(input: JsonReportInput): string {
  return `${JSON.stringify(buildJsonReport(input), null, 2)}\n`;
}
