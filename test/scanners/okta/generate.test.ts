/**
 * The Okta part of a generated estate against nhiscan itself: the part is built from a seeded
 * roster exactly as src/emulate/generate does (its own random stream, the shared owner picker),
 * served by the okta emulator as its emulated provider starts it (HTTPS, CA file, `env:` token),
 * and scanned through the CLI with the roster as HR: the open findings must equal the ground truth
 * computed from the generator's facts alone, and every generated credential must be listed.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildOktaEstate } from '../../../scanners/okta/emulator/generate/index.js';
import { emulatedProvider } from '../../../scanners/okta/emulator/provider.js';
import type { StartedEmulator } from '../../../src/emulate/emulated-provider.js';
import { Calendar } from '../../../src/emulate/generate/calendar.js';
import type { CredentialFacts } from '../../../src/emulate/generate/facts.js';
import { groundTruth } from '../../../src/emulate/generate/ground-truth.js';
import { rosterCsv } from '../../../src/emulate/generate/hr-csv.js';
import { OwnerPicker } from '../../../src/emulate/generate/owners.js';
import { RosterBuilder } from '../../../src/emulate/generate/people.js';
import { Random } from '../../../src/emulate/generate/random.js';
import { openDatabase } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

const AS_OF = '2026-11-26';
const line = (finding: { credentialUid: string; rule: string; severity: string }) =>
  `${finding.credentialUid} ${finding.rule} ${finding.severity}`;

function generate(seed: number, people: number, credentials: number) {
  const random = new Random(seed, 'estate');
  const calendar = new Calendar(AS_OF);
  const rosterBuilder = new RosterBuilder(random.fork('people'), calendar);
  const roster = rosterBuilder.build(people);
  const stream = random.fork('okta');
  const facts: CredentialFacts[] = [];
  const owners = new OwnerPicker(roster, stream);
  const context = { random: stream, calendar, roster, rosterBuilder, owners, facts, seed };
  return { estate: buildOktaEstate(context, credentials), facts, people: roster.people };
}

describe('a generated Okta org scanned by nhiscan', () => {
  const generated = generate(11, 200, 150);
  let dir: ReturnType<typeof temporaryDirectory>;
  let started: StartedEmulator;
  beforeAll(async () => {
    dir = temporaryDirectory();
    started = await emulatedProvider.start(generated.estate, { port: () => 0, latencyMs: 0 });
    Object.assign(process.env, started.env);
    writeFileSync(join(dir.path, 'hr.csv'), rosterCsv(generated.people));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      stringify({ db: 'nhiscan.db', hr: { source: 'csv', path: 'hr.csv' }, sources: started.sources }),
    );
  });
  afterAll(async () => {
    for (const name of Object.keys(started?.env ?? {})) delete process.env[name];
    await started?.close();
    dir?.remove();
  });

  it('writes exactly the credentials asked for, of every kind, each recorded with its facts', () => {
    const { estate, facts } = generated;
    const secrets = estate.apps.flatMap((app) => app.secrets).length;
    const keys = estate.apps.flatMap((app) => app.jwks).length;
    expect([facts.length, estate.apiTokens.length + secrets + keys]).toEqual([150, 150]);
    expect(new Set(facts.map((fact) => fact.uid)).size).toBe(150);
    expect([estate.apiTokens.length > 0, secrets > 0, keys > 0]).toEqual([true, true, true]);
    // Okta says nothing of a secret's or key's use, nor of a never-renewed token's.
    for (const fact of facts)
      expect([fact.uid, fact.lastUseUnknown === true]).toEqual([
        fact.uid,
        fact.kind !== 'api-token' || fact.timeline.lastUsedDaysAgo === null,
      ]);
  });

  it('raises exactly the ground truth and lists every credential', async () => {
    const run = await cli(['scan', '--as-of', AS_OF, '--json'], { cwd: dir.path });
    expect(run.stderr).not.toMatch(/partial|failed/i);
    // Findings at or above the default --fail-on exit 1; 3 would mean the source was partial.
    expect(run.exitCode).toBe(1);
    const truth = groundTruth(generated.facts);
    expect(truth.length).toBeGreaterThan(50);
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      const findings = db
        .prepare("SELECT credential_uid AS credentialUid, rule, severity FROM findings WHERE status = 'open'")
        .all() as { credentialUid: string; rule: string; severity: string }[];
      expect(findings.map(line).sort()).toEqual(truth.map(line).sort());
      const listed = db
        .prepare("SELECT uid FROM credentials WHERE state = 'present'")
        .pluck()
        .all() as string[];
      expect(listed.sort()).toEqual(generated.facts.map((fact) => fact.uid).sort());
    } finally {
      db.close();
    }
  });
});
