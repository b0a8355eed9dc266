/**
 * An expired baseline entry stops suppressing on its expiry date: the finding is open again, the
 * exit code follows --fail-on as if the entry were not there, and the expiry is warned about on
 * stderr (scan and report) and named in the JSON, SARIF, JUnit and Markdown outputs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingUid } from '../../src/policy/finding-uid.js';
import { cli } from '../support/cli.js';
import { validateSarif } from '../support/sarif-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const leaverKey = 'vault:prod:token:t-1';
const oldKey = 'vault:prod:token:t-2';
const leaver = findingUid('leaver-owned', leaverKey);
const overAge = findingUid('over-age', oldKey);
const warnLeaver = `nhiscan: warning: baseline entry for ${leaver} expired on 2026-12-01 (handover in progress; approved by carol) and no longer suppresses\n`;
const warnOld = `nhiscan: warning: baseline entry for ${oldKey} expired on 2026-11-20 (rotation planned; approved by dan) and no longer suppresses\n`;

describe('expired baseline entries', () => {
  const dir = temporaryDirectory();
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });
  const scan = (asOf: string, failOn: string, extra: string[] = []) =>
    run(['scan', '--as-of', asOf, '--fail-on', failOn, ...extra]);

  beforeAll(() => {
    writeFileSync(
      join(dir.path, 'hr.csv'),
      [
        'employee_id,email,name,status,worker_type,aliases',
        'E1,alice@acme.example,Alice,active,employee,',
        'E2,bob@acme.example,Bob,terminated,employee,',
        // The baseline's approvers: current people (by username), owners of neither credential.
        'E3,carol@acme.example,Carol,active,employee,carol',
        'E4,dan@acme.example,Dan,active,employee,dan',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(dir.path, 'inv.csv'),
      'provider,account,kind,credential_id,owner,created_at,last_used_at\nvault,prod,token,t-1,bob@acme.example,2026-11-01,2026-11-20\nvault,prod,token,t-2,alice@acme.example,2025-01-01,2026-11-20\n',
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    path: inv.csv\nbaseline: .nhiscan-baseline.yaml\n',
    );
    writeFileSync(
      join(dir.path, '.nhiscan-baseline.yaml'),
      [
        'entries:',
        `  - finding: ${leaver}`,
        '    reason: handover in progress',
        '    approvedBy: carol',
        '    expires: 2026-12-01',
        `  - credential: ${oldKey}`,
        '    reason: rotation planned',
        '    approvedBy: dan',
        '    expires: 2026-11-20',
        '',
      ].join('\n'),
    );
  });
  afterAll(() => dir.remove());

  it('suppresses while active; an expired entry warns on stderr and its finding gates again', async () => {
    const before = await scan('2026-11-30', 'high', ['--json']);
    // The leaver finding (critical) is suppressed until 2026-12-01; the credential entry expired on
    // 2026-11-20, so over-age (low) is open again: below high, exit 0; at --fail-on low, exit 1.
    expect(before.exitCode).toBe(0);
    expect(before.stderr).toBe(warnOld);
    const report = JSON.parse(before.stdout);
    expect(report.findings.map((f: { uid: string; status: string }) => [f.uid, f.status])).toEqual([
      [leaver, 'suppressed'],
      [overAge, 'open'],
    ]);
    expect(report.baseline.expiredEntries).toEqual([
      { credential: oldKey, reason: 'rotation planned', approvedBy: 'dan', expires: '2026-11-20' },
    ]);
    expect((await scan('2026-11-30', 'low')).exitCode).toBe(1);
    expect((await scan('2026-11-30', 'medium')).exitCode).toBe(0);

    // On its expiry date the leaver entry stops suppressing too.
    const after = await scan('2026-12-01', 'critical');
    expect(after.exitCode).toBe(1);
    expect(after.stderr).toBe(warnLeaver + warnOld);
    expect(after.stdout).toContain('Expired baseline entries (no longer suppressing): 2');
    expect(after.stdout).toContain('Result: 1 open finding at or above critical (exit 1).');
  });

  it('report names the expired entries in every CI format and warns on stderr', async () => {
    const json = await run(['report', '--format', 'json']);
    expect(json.stderr).toBe(warnLeaver + warnOld);
    expect(
      JSON.parse(json.stdout).baseline.expiredEntries.map((e: { expires: string }) => e.expires),
    ).toEqual(['2026-12-01', '2026-11-20']);

    const sarif = JSON.parse((await run(['report', '--format', 'sarif'])).stdout);
    expect(validateSarif(sarif)).toEqual([]);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'leaver-owned');
    expect(result.message.text).toContain(
      `Its baseline entry for ${leaver} expired on 2026-12-01 (handover in progress; approved by carol) and no longer suppresses.`,
    );
    expect(
      sarif.runs[0].invocations[0].toolExecutionNotifications.map(
        (n: { descriptor: { id: string } }) => n.descriptor.id,
      ),
    ).toEqual(['baseline-entry-expired', 'baseline-entry-expired']);

    const markdown = (await run(['report', '--format', 'markdown'])).stdout;
    expect(markdown).toContain(
      '> **2 baseline entries expired** and no longer suppress: renew or remove them.',
    );
    expect(markdown).toContain(
      `> - \`${leaver}\` expired 2026-12-01: handover in progress (approved by carol)`,
    );

    const junit = (await run(['report', '--format', 'junit'])).stdout;
    expect(junit).toContain('<testsuite name="nhiscan.baseline" tests="2" failures="2"');
  });

  it('report --baseline reads another file; without a baseline nothing is warned', async () => {
    writeFileSync(join(dir.path, 'none.yaml'), 'entries: []\n');
    const other = await run(['report', '--format', 'json', '--baseline', 'none.yaml']);
    expect(other.stderr).toBe('');
    expect(JSON.parse(other.stdout).baseline).toBeUndefined();
    const missing = await run(['report', '--format', 'json', '--baseline', 'missing.yaml']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stdout).toBe('');
  });

  it('--github-annotations prints escaped workflow commands on stderr, stdout untouched', async () => {
    const plain = await run(['report', '--format', 'sarif']);
    const annotated = await run(['report', '--format', 'sarif', '--github-annotations']);
    expect(annotated.stdout).toBe(plain.stdout);
    const commands = annotated.stderr.split('\n').filter((line) => line.startsWith('::'));
    expect(commands).toEqual([
      `::warning title=nhiscan%3A baseline entry expired::The baseline entry for ${leaver} expired on 2026-12-01 (handover in progress; approved by carol) and no longer suppresses.`,
      `::warning title=nhiscan%3A baseline entry expired::The baseline entry for ${oldKey} expired on 2026-11-20 (rotation planned; approved by dan) and no longer suppresses.`,
      `::error title=nhiscan leaver-owned (critical)::Token t-1 of vault/prod is owned by leaver Bob (terminated) [credential ${leaverKey}, finding ${leaver}] Its baseline entry for ${leaver} expired on 2026-12-01 (handover in progress; approved by carol) and no longer suppresses.`,
      `::warning title=nhiscan over-age (low)::Token t-2 of vault/prod is 699 days old (created 2025-01-01) [credential ${oldKey}, finding ${overAge}] Its baseline entry for ${oldKey} expired on 2026-11-20 (rotation planned; approved by dan) and no longer suppresses.`,
    ]);
    const scanned = await scan('2026-12-01', 'none', ['--github-annotations']);
    expect(scanned.stderr.split('\n').filter((line) => line.startsWith('::'))).toEqual(commands);
  });

  it('rejects a --sarif-location outside the repository before reading anything', async () => {
    const bad = await run(['report', '--format', 'sarif', '--sarif-location', '../nhiscan.yaml']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toBe(
      'nhiscan: error: key --sarif-location: expected a file inside the repository, got "../nhiscan.yaml"\n',
    );
    const good = JSON.parse(
      (await run(['report', '--format', 'sarif', '--sarif-location', '.nhiscan-baseline.yaml'])).stdout,
    );
    expect(good.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      '.nhiscan-baseline.yaml',
    );
  });
});
