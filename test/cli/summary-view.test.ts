/**
 * The scan summary read with aggregate queries says exactly what the full report says: the same
 * run, sources, counts by rule and severity, leavers and exit code, on the demo estate (which has
 * every rule, suppressed and privileged findings aside).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildJsonReport } from '../../reports/json/build.js';
import type { JsonReport } from '../../reports/json/types.js';
import { scanExitCode } from '../../src/cli/exit-decision.js';
import { renderScanSummary } from '../../src/cli/render-summary.js';
import { collectReportInput } from '../../src/report/report-input.js';
import { type SummaryView, summaryViewFromStore, summaryViewOf } from '../../src/report/summary-view.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const sorted = (view: SummaryView) => ({
  ...view,
  findingCounts: [...view.findingCounts].sort((a, b) =>
    `${a.rule} ${a.severity} ${a.status}`.localeCompare(`${b.rule} ${b.severity} ${b.status}`),
  ),
});

describe('the scan summary from aggregate queries', () => {
  const dir = temporaryDirectory();
  let report: JsonReport;
  let fromStore: SummaryView;
  beforeAll(async () => {
    const demo = await cli(['demo'], { cwd: dir.path });
    expect(demo.exitCode).toBe(0);
    const db = openDatabase(join(dir.path, 'nhiscan-demo', 'nhiscan.db'));
    try {
      const generatedAt = new Date('2026-11-26T12:00:00Z');
      report = buildJsonReport(collectReportInput(db, { generatedAt }));
      fromStore = summaryViewFromStore(db, { generatedAt });
    } finally {
      db.close();
    }
  }, 120_000);
  afterAll(() => dir.remove());

  it('equals the view of the full report', () => {
    expect(sorted(fromStore)).toEqual(sorted(summaryViewOf(report)));
    expect(fromStore.summary.findings.open).toBe(197);
    expect(fromStore.summary.leaversWithLiveCredentials).toHaveLength(7);
  });

  it('renders the same summary and gives the same exit code', () => {
    for (const failOn of ['high', 'critical', 'none'] as const) {
      expect(renderScanSummary(fromStore, failOn)).toBe(renderScanSummary(report, failOn));
      expect(scanExitCode(fromStore, failOn)).toBe(scanExitCode(report, failOn));
    }
  });

  it('lists 25 leavers by name and counts the rest', () => {
    const leaver = fromStore.summary.leaversWithLiveCredentials[0]!;
    const many = Array.from({ length: 30 }, (_, index) => ({ ...leaver, employeeId: `E${100 + index}` }));
    const text = renderScanSummary(
      { ...fromStore, summary: { ...fromStore.summary, leaversWithLiveCredentials: many } },
      'none',
    );
    expect(text).toContain('Leavers still holding live credentials: 30');
    expect(text).toContain('  E124 ');
    expect(text).not.toContain('  E125 ');
    expect(text).toContain('  … and 5 more (nhiscan report lists them all)');
  });
});
