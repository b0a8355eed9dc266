/**
 * `scan.sourceConcurrency` end to end: a generated estate served by the four emulators, scanned with
 * sources of different types at once. The providers' traffic overlaps (sampled while the scan runs),
 * and the findings are exactly the ground truth, as with one source at a time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type GeneratedEstate, generateEstate } from '../../src/emulate/generate/index.js';
import { type RunningEmulators, startEmulators } from '../../src/emulate/start-emulators.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const line = (finding: { credentialUid: string; rule: string; severity: string }) =>
  `${finding.credentialUid} ${finding.rule} ${finding.severity}`;

describe('sources of different types listed at once', () => {
  const dir = temporaryDirectory();
  let generated: GeneratedEstate;
  let emulators: RunningEmulators;
  const previousEnv: Record<string, string | undefined> = {};

  beforeAll(async () => {
    generated = generateEstate({ people: 200, credentials: 600, seed: 11, asOf: '2026-11-26' });
    emulators = await startEmulators(generated.estate);
    for (const [name, value] of Object.entries(emulators.env)) {
      previousEnv[name] = process.env[name];
      process.env[name] = value;
    }
    writeFileSync(join(dir.path, 'hr.csv'), generated.hrCsv());
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      stringify({
        db: 'nhiscan.db',
        hr: { source: 'csv', path: 'hr.csv' },
        sources: emulators.sources,
        scan: { sourceConcurrency: 4 },
      }),
    );
  });

  afterAll(async () => {
    await emulators?.close();
    for (const [name, value] of Object.entries(previousEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    dir.remove();
  });

  it('lists the providers at once and raises exactly the ground truth', async () => {
    // While the scan runs, note the moments when more than one provider had started and not yet
    // answered its last request (its count is between 0 and its final count).
    const samples: Record<string, number>[] = [];
    const sampler = setInterval(() => {
      samples.push(
        Object.fromEntries(Object.entries(emulators.traffic()).map(([name, t]) => [name, t.requests])),
      );
    }, 2);
    const run = await cli(['scan', '--as-of', generated.spec.asOf, '--json'], { cwd: dir.path });
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

    const db = openDatabase(join(dir.path, 'nhiscan.db'));
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
