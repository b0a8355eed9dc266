/**
 * The `html` report format: one self-contained page (inline CSS and SVG, no script) for people —
 * the headline numbers and the scan's completeness, findings by severity and rule, credential ages
 * and last use, the leavers who still hold live credentials with their way to disable, the
 * revocation queue, owners and sources, the compliance view, and every finding with its evidence
 * on click. Pure and deterministic: the same input gives the same bytes (the time on the page is
 * the input's `generatedAt`). Long lists are capped (limits.ts) and say so.
 */
import type { RenderOptions } from '../types.js';
import { pageContext } from './context.js';
import { html } from './escape.js';
import { renderPage } from './page.js';
import type { HtmlReportInput } from './queue-input.js';
import { complianceSection } from './section-compliance.js';
import { estateSection } from './section-estate.js';
import { findingChartsSection, findingListSection } from './section-findings.js';
import { leaversSection } from './section-leavers.js';
import { overviewSection } from './section-overview.js';
import { queueSection } from './section-queue.js';

export { LIMITS } from './limits.js';
export type { HtmlReportInput, ReportQueueInput } from './queue-input.js';

/** The sections' ids and headings, in page order (each section renders its own heading). */
const NAV = [
  { id: 'overview', title: 'Overview' },
  { id: 'completeness', title: 'Scan completeness' },
  { id: 'findings', title: 'Findings' },
  { id: 'leavers', title: 'Leavers' },
  { id: 'queue', title: 'Revocation queue' },
  { id: 'ages', title: 'Age and last use' },
  { id: 'owners', title: 'Sources and owners' },
  { id: 'compliance', title: 'Compliance' },
  { id: 'finding-list', title: 'Each finding' },
] as const;

export function renderHtmlReport(input: HtmlReportInput, options: RenderOptions = {}): string {
  const context = pageContext(input, options);
  const { scan, tool, generatedAt } = context.report;
  return renderPage({
    title: `nhiscan report: scan #${scan.runId} as of ${scan.asOf.slice(0, 10)}`,
    subtitle: `Scan ${scan.status}, as of ${scan.asOf}; page generated ${generatedAt}.`,
    toolVersion: tool.version,
    generatedAt,
    nav: NAV,
    body: html`${overviewSection(context)}${findingChartsSection(context)}${leaversSection(context)}${queueSection(
      context,
    )}${estateSection(context)}${complianceSection(context)}${findingListSection(context)}`,
  });
}
