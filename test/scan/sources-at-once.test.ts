/**
 * `scan.sourceConcurrency` end to end: a generated estate served by the four emulators, scanned with
 * sources of different types at once. The providers' traffic overlaps (sampled while the scan runs),
 * and the findings are exactly the ground truth, as with one source at a time.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { type ServedEstate, serveGeneratedEstate } from '../support/served-estate.js';

const line = (finding: { credentialUid: string; rule: string; severity: string }) =>
  `${finding.credentialUid} ${finding.rule} ${finding.severity}`;

describe('sources of different types listed at once', () => {
  let served: ServedEstate;
  beforeAll(async () => {
    served = await serveGeneratedEstate(
      { people: 200, credentials: 600, seed: 11, asOf: '2026-11-26' },
      { scan: { sourceConcurrency: 4 } },
    );
  });
  afterAll(() => served?.close());

  it('lists the providers at once and raises exactly the ground truth', async () => {
    // While the scan runs, note the moments when more than one provider had started and not yet
    // answered its last request (its count is between 0 and its final count).
    const samples: Record<string, number>[] = [];
    const sampler = setInterval(() => {
      samples.push(
        Object.fromEntries(Object.entries(emulators.traffic()).map(([name, t]) => [name, t.requests])),
      );
    }, 2);
    const { dir, emulators, generated } = served;
    const run = await cli(['scan', '--as-of', generated.spec.asOf, '--json'], { cwd: dir });
    clearInterval(sampler);
    expect(run.stderr).not.toMatch(/partial|failed/i);
    expect(run.exitCode).toBe(1);

    const final = Object.fromEntries(
      Object.entries(emulators.traffic()).map(([name, t]) => [name, t.requests]),
    );
    const midway = samples.map((sample) =>
      Object.keys(final).filter((name) => (sample[name] ?? 0) > 0 && (sample[name] ?? 0) < final[name]!),
    );
    expect(Math.max(...midway.map((names) => names.length))).toBeGreaterThanOrEqual(2);

    const db = openDatabase(join(dir, 'nhiscan.db'));
    try {
      const findings = db
        .prepare("SELECT credential_uid AS credentialUid, rule, severity FROM findings WHERE status = 'open'")
        .all() as { credentialUid: string; rule: string; severity: string }[];
      expect(findings.map(line).sort()).toEqual(generated.truth.map(line).sort());
      const statuses = db.prepare('SELECT status FROM scan_sources').pluck().all() as string[];
      expect(statuses).toEqual(emulators.sources.map(() => 'complete'));
    } finally {
      db.close();
    }
  });
});
