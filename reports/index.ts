/**
 * The report formats, one folder each under reports/. Each renders the same input (the JSON
 * report's input, read from the store by src/report/report-input.ts) to text; loaded lazily so a
 * format's dependencies load only when it is used.
 */
import type { ReportEvent } from './events.js';
import type { JsonReportInput } from './json/build.js';
import type { RenderOptions } from './types.js';

export type { RenderOptions } from './types.js';

export interface ReportFormat {
  id: string;
  description: string;
  /** File name the demo writes it to. */
  fileName: string;
  render(input: JsonReportInput, options: RenderOptions): string;
  /** Event formats (ocsf, ecs): the events one by one, each with a stable id, for a sink. */
  events?(input: JsonReportInput, options: RenderOptions): ReportEvent[];
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
  [
    'ocsf',
    async () => {
      const { ocsfEvents, renderOcsf } = await import('./ocsf/index.js');
      return {
        id: 'ocsf',
        description: 'OCSF 1.8.0 events, NDJSON (IAM Analysis Finding 2008; docs/formats.md)',
        fileName: 'findings.ocsf.ndjson',
        render: renderOcsf,
        events: ocsfEvents,
      };
    },
  ],
  [
    'ecs',
    async () => {
      const { ecsEvents, renderEcs } = await import('./ecs/index.js');
      return {
        id: 'ecs',
        description: 'Elastic Common Schema 8.17 documents, NDJSON (docs/formats.md)',
        fileName: 'findings.ecs.ndjson',
        render: renderEcs,
        events: ecsEvents,
      };
    },
  ],
  [
    'sarif',
    async () => {
      const { renderSarif } = await import('./sarif/index.js');
      return {
        id: 'sarif',
        description: 'SARIF 2.1.0 for GitHub code scanning (docs/ci.md)',
        fileName: 'findings.sarif',
        render: renderSarif,
      };
    },
  ],
  [
    'junit',
    async () => {
      const { renderJunit } = await import('./junit/index.js');
      return {
        id: 'junit',
        description: 'JUnit XML for GitLab and Jenkins test reports (docs/ci.md)',
        fileName: 'junit.xml',
        render: renderJunit,
      };
    },
  ],
  [
    'markdown',
    async () => {
      const { renderMarkdown } = await import('./markdown/index.js');
      return {
        id: 'markdown',
        description: 'Markdown summary for $GITHUB_STEP_SUMMARY, under 1 MiB (docs/ci.md)',
        fileName: 'summary.md',
        render: renderMarkdown,
      };
    },
  ],
  [
    'html',
    async () => {
      const { renderHtmlReport } = await import('./html/index.js');
      return {
        id: 'html',
        description: 'one self-contained HTML page with charts, no script (docs/formats.md#html-report)',
        fileName: 'report.html',
        // The input carries the revocation queue when the caller read it (src/report/report-queue.ts).
        render: renderHtmlReport,
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
