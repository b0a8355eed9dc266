/**
 * The generator's ground truth against nhiscan itself: a generated estate is served by the four
 * emulators, `nhiscan scan --as-of` runs over it with the generated HR roster, and the open
 * findings in the database must be exactly the truth (precision and recall 1.0), with every
 * generated credential listed under its provider.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanTimings } from '../../src/scan/run-scan.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { type ServedEstate, serveGeneratedEstate } from '../support/served-estate.js';

const line = (finding: { credentialUid: string; rule: string; severity: string }) =>
  `${finding.credentialUid} ${finding.rule} ${finding.severity}`;

describe('a generated estate scanned by nhiscan', () => {
  let served: ServedEstate;
  beforeAll(async () => {
    served = await serveGeneratedEstate({ people: 300, credentials: 800, seed: 7, asOf: '2026-11-26' });
  });
  afterAll(() => served?.close());

  it('raises exactly the ground truth and lists every credential', async () => {
    const run = await cli(['scan', '--as-of', served.generated.spec.asOf, '--json'], { cwd: served.dir });
    // Findings at or above the default --fail-on exit 1; 3 would mean a source was partial.
    expect(run.stderr).not.toMatch(/partial|failed/i);
    expect(run.exitCode).toBe(1);

    const db = openDatabase(join(served.dir, 'nhiscan.db'));
    try {
      const findings = db
        .prepare("SELECT credential_uid AS credentialUid, rule, severity FROM findings WHERE status = 'open'")
        .all() as { credentialUid: string; rule: string; severity: string }[];
      expect(findings.map(line).sort()).toEqual(served.generated.truth.map(line).sort());

      const perProvider = db
        .prepare(
          "SELECT provider, count(*) AS count FROM credentials WHERE state = 'present' GROUP BY provider",
        )
        .all() as { provider: string; count: number }[];
      expect(Object.fromEntries(perProvider.map((row) => [row.provider, row.count]))).toEqual({
        aws: served.generated.counts['credentials.aws'],
        github: served.generated.counts['credentials.github'],
        gcp: served.generated.counts['credentials.gcp'],
        azure: served.generated.counts['credentials.azure'],
        gitlab: served.generated.counts['credentials.gitlab'],
        okta: served.generated.counts['credentials.okta'],
        kubernetes: served.generated.counts['credentials.kubernetes'],
      });
    } finally {
      db.close();
    }
  });

  it('rescans the unchanged estate with the same requests, rewriting no credential, and records where the time went', async () => {
    const before = served.emulators.traffic();
    const run = await cli(['scan', '--as-of', served.generated.spec.asOf], { cwd: served.dir });
    expect(run.exitCode).toBe(1);
    const after = served.emulators.traffic();
    const db = openDatabase(join(served.dir, 'nhiscan.db'));
    try {
      const runs = (
        db
          .prepare("SELECT payload FROM audit_log WHERE action = 'scan.finished' ORDER BY seq")
          .pluck()
          .all() as string[]
      ).map(
        (payload) =>
          JSON.parse(payload) as {
            merge: Record<string, number>;
            timings: ScanTimings;
          },
      );
      expect(runs).toHaveLength(2);
      const [first, second] = runs as [(typeof runs)[0], (typeof runs)[0]];
      // Every record: the 800 credentials and the person-account records of people who have left.
      expect(second.merge).toEqual({
        inserted: 0,
        updated: 0,
        unchanged: served.generated.counts.credentials,
        gone: 0,
        unverified: 0,
      });
      expect(Object.keys(second.timings.sources).sort()).toEqual(
        served.emulators.sources.map((source) => source.name as string).sort(),
      );
      // The evaluation's stages are timed apart: correlate+policy (its reading included) and findings.
      for (const { timings } of runs) {
        expect(Object.keys(timings).sort()).toEqual(
          [
            'correlateAndPolicy',
            'findings',
            'hr',
            'inventoryRead',
            'merge',
            'queue',
            'sources',
            'total',
          ].sort(),
        );
        expect(timings.inventoryRead).toBeLessThanOrEqual(timings.correlateAndPolicy);
        expect(timings.total).toBeGreaterThanOrEqual(timings.correlateAndPolicy + timings.findings);
      }
      expect(first.merge.inserted).toBe(800);
      // The emulators counted both scans; the second made exactly the requests of the first.
      for (const provider of ['aws', 'github', 'gcp', 'azure']) {
        const secondScan = after[provider]!.requests - before[provider]!.requests;
        expect(secondScan, provider).toBe(before[provider]!.requests);
        expect(after[provider]!.throttled, provider).toBe(0);
      }
    } finally {
      db.close();
    }
  });
});
