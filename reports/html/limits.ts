/**
 * How much of a large estate the page shows. Every capped list says how many it left out and
 * where to find them (report.json); the page's "About this page" states these numbers. With them
 * the file stays a few megabytes whatever the estate (test/reports/html.test.ts measures it).
 */
export const LIMITS = {
  /** Findings listed, each with its evidence. */
  findings: 2_000,
  /** Characters of one finding's evidence (pretty-printed JSON) before it is cut. */
  evidenceCharacters: 2_000,
  /** Revocation requests listed. */
  requests: 1_000,
  /** Leavers listed in the table. */
  leavers: 500,
  /** Leavers drawn on the timeline chart (the first, longest-gone, ones). */
  timelineRows: 50,
  sources: 200,
  problemsPerSource: 20,
  /** Rows of each "top owners" table. */
  owners: 20,
  expiredBaselineEntries: 100,
} as const;
