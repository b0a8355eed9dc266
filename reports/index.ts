/**
 * The report formats, one folder each under reports/. Each renders the same input (the JSON
 * report's input, read from the store by src/cli/report-data.ts) to text; loaded lazily so a
 * format's dependencies load only when it is used.
 */
import type { JsonReportInput } from './json/build.js';

export interface RenderOptions {
  /** Repo-relative file SARIF locations point at (nhiscan.yaml or the baseline). */
  sarifLocation?: string;
  /** OCSF finding class: IAM Analysis Finding (default) or Detection Finding for older consumers. */
  ocsfClass?: 'iam-analysis' | 'detection';
  /** Add the credential inventory (OCSF User Inventory Info / ECS asset events). */
  includeInventory?: boolean;
}

export interface ReportFormat {
  id: string;
  description: string;
  /** File name the demo writes it to. */
  fileName: string;
  render(input: JsonReportInput, options: RenderOptions): string;
}

type FormatLoader = () => Promise<ReportFormat>;

const formats = new Map<string, FormatLoader>([
  [
    'json',
    async () => {
      const { renderJsonReport } = await import('./json/index.js');
      return {
        id: 'json',
        description: 'versioned JSON document (reports/json/schema.json)',
        fileName: 'report.json',
        render: (input) => renderJsonReport(input),
      };
    },
  ],
]);

/** Adds a format at run time (tests); the built-in formats are the entries of the map above. */
export function registerReportFormat(id: string, load: FormatLoader): void {
  if (formats.has(id)) throw new Error(`report format ${id} is registered twice`);
  formats.set(id, load);
}

export function reportFormatIds(): string[] {
  return [...formats.keys()];
}

export async function loadReportFormat(id: string): Promise<ReportFormat | undefined> {
  return formats.get(id)?.();
}
