/**
 * The GitLab part of a generated estate against nhiscan itself: built from a seed with the
 * generator's own roster, owners and calendar, served by the GitLab emulator and scanned through
 * the CLI as of the spec's day, its open findings must be exactly the ground truth the generator
 * derived from its decisions (src/emulate/generate/ground-truth.ts), every credential listed.
 * The part is built here directly, at a size the test scans in seconds; a larger one is checked
 * for the accounts it records (several top-level groups, one a prefix of another's name).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { emulatedProvider } from '../../../scanners/gitlab/emulator/provider.js';
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

describe('a generated GitLab estate scanned by nhiscan', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let started: StartedEmulator;
  const facts: CredentialFacts[] = [];

  beforeAll(async () => {
    const random = new Random(11, 'estate');
    const calendar = new Calendar(AS_OF);
    const rosterBuilder = new RosterBuilder(random.fork('people'), calendar);
    const roster = rosterBuilder.build(120);
    const stream = random.fork('gitlab');
    const estate = emulatedProvider.generator.build(
      {
        random: stream,
        calendar,
        roster,
        rosterBuilder,
        owners: new OwnerPicker(roster, stream),
        facts,
        seed: 11,
      },
      150,
    );
    started = await emulatedProvider.start(estate, { port: () => 0, latencyMs: 0 });
    Object.assign(process.env, started.env);
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), rosterCsv(roster.people));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      stringify({ db: 'nhiscan.db', hr: { source: 'csv', path: 'hr.csv' }, sources: started.sources }),
    );
  });
  afterAll(async () => {
    await started.close();
    for (const name of Object.keys(started.env)) delete process.env[name];
    dir.remove();
  });

  it('raises exactly the ground truth and lists every credential it wrote', async () => {
    expect(facts).toHaveLength(150);
    expect(new Set(facts.map((fact) => fact.kind))).toEqual(
      new Set(['personal-access-token', 'group-access-token', 'project-access-token', 'deploy-key']),
    );
    const run = await cli(['scan', '--as-of', AS_OF, '--json'], { cwd: dir.path });
    expect(run.stderr).not.toMatch(/partial|failed/i);
    expect(run.exitCode).toBe(1);
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      const findings = db
        .prepare("SELECT credential_uid AS credentialUid, rule, severity FROM findings WHERE status = 'open'")
        .all() as { credentialUid: string; rule: string; severity: string }[];
      const truth = groundTruth(facts);
      expect(truth.length).toBeGreaterThan(100);
      expect(findings.map(line).sort()).toEqual(truth.map(line).sort());
      const listed = db
        .prepare("SELECT uid FROM credentials WHERE state = 'present' AND provider = 'gitlab'")
        .pluck()
        .all() as string[];
      expect(listed.sort()).toEqual(facts.map((fact) => fact.uid).sort());
    } finally {
      db.close();
    }
    expect(started.traffic().throttled).toBe(0);
  });

  it('records each group or project credential under the top-level group it is in, at any size', () => {
    const random = new Random(5, 'estate');
    const calendar = new Calendar(AS_OF);
    const rosterBuilder = new RosterBuilder(random.fork('people'), calendar);
    const roster = rosterBuilder.build(400);
    const stream = random.fork('gitlab');
    const large: CredentialFacts[] = [];
    const estate = emulatedProvider.generator.build(
      {
        random: stream,
        calendar,
        roster,
        rosterBuilder,
        owners: new OwnerPicker(roster, stream),
        facts: large,
        seed: 5,
      },
      2_000,
    );
    const tops = estate.groups
      .filter((entry) => entry.group.parent_id === null)
      .map((entry) => entry.group.full_path);
    // acme and acme-labs: a name that starts with another top-level group's name.
    expect(tops).toEqual(['acme', 'acme-labs']);
    const inside = (path: string, top: string) => path === top || path.startsWith(`${top}/`);
    const holders = [
      ...estate.groups.map((entry) => ({
        path: entry.group.full_path,
        tokens: entry.accessTokens,
        keys: [] as { id: number }[],
      })),
      ...estate.projects.map((entry) => ({
        path: entry.project.path_with_namespace,
        tokens: entry.accessTokens,
        keys: entry.deployKeys,
      })),
    ];
    const misplaced = large.filter((fact) => {
      if (fact.kind === 'personal-access-token') return false;
      const id = Number(fact.uid.split(/[:/]/).at(-1));
      const holder = holders.find((candidate) =>
        (fact.kind === 'deploy-key' ? candidate.keys : candidate.tokens).some((item) => item.id === id),
      );
      return !holder || !inside(holder.path, fact.account);
    });
    expect(misplaced.map((fact) => fact.uid)).toEqual([]);
    expect(large.filter((fact) => fact.account === 'acme-labs').length).toBeGreaterThan(0);
  });
});
