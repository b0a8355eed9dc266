/**
 * A scan of the two-project GCP estate through the CLI: the exact findings (none stale in the
 * project without Policy Analyzer permission), and the JSON report showing how each owner was
 * found and how sure the resolution is.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GcpEmulator, startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { HR_CSV, keyId, TOKEN, TOKEN_ENV, twoProjectEstate } from './estate.js';

interface ReportCredential {
  uid: string;
  lastUsedKnown: boolean;
  owner: {
    email: string | null;
    confidence: number;
    outcome: string;
    evidence: { kind: string; value: string; source: string; matchedEmployeeId: string | null }[];
  };
}

const uid = (project: string, n: number) => `gcp:${project}:service-account-key:${keyId(n)}`;

describe('gcp findings and ownership through the CLI', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let emulator: GcpEmulator;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });

  beforeAll(async () => {
    dir = temporaryDirectory();
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    process.env[TOKEN_ENV] = TOKEN;
    writeFileSync(join(dir.path, 'hr.csv'), HR_CSV);
    utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - type: gcp',
        '    projects: [acme-prod, acme-dev]',
        `    rootUrl: ${emulator.endpoint}`,
        `    credentials: { accessToken: env:${TOKEN_ENV} }`,
        '',
      ].join('\n'),
    );
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(scan.stderr).toBe('');
    expect(scan.exitCode).toBe(0);
  });
  afterAll(async () => {
    await emulator.close();
    delete process.env[TOKEN_ENV];
    dir.remove();
  });

  it('raises exactly these findings, and none stale where last use is unknown', async () => {
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      severity: string;
      credentialUid: string;
    }[];
    expect(
      findings.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`).sort(),
    ).toEqual(
      [
        `${uid('acme-dev', 7)} over-age low`,
        `${uid('acme-prod', 1)} over-age medium`,
        `${uid('acme-prod', 4)} leaver-owned critical`,
        `${uid('acme-prod', 4)} over-age low`,
        `${uid('acme-prod', 5)} expired-not-removed low`,
      ].sort(),
    );
  });

  it('would call the same never-used key stale once Policy Analyzer is readable (so the absence above is the permission)', async () => {
    const other = temporaryDirectory();
    const allowed = twoProjectEstate();
    allowed.projects[1]!.policyAnalyzer = true;
    const readable = await startGcpEmulator({ estate: allowed });
    try {
      writeFileSync(join(other.path, 'hr.csv'), HR_CSV);
      utimesSync(
        join(other.path, 'hr.csv'),
        new Date('2026-11-26T06:00:00Z'),
        new Date('2026-11-26T06:00:00Z'),
      );
      writeFileSync(
        join(other.path, 'nhiscan.yaml'),
        [
          'hr: { source: csv, path: hr.csv }',
          'sources:',
          '  - type: gcp',
          '    projects: [acme-prod, acme-dev]',
          `    rootUrl: ${readable.endpoint}`,
          `    credentials: { accessToken: env:${TOKEN_ENV} }`,
          '',
        ].join('\n'),
      );
      const runHere = (argv: string[]) => cli(argv, { cwd: other.path, now: '2026-11-26T12:00:00Z' });
      const scan = await runHere(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
      expect(scan.stderr).toBe('');
      expect(scan.exitCode).toBe(0);
      const findings = JSON.parse((await runHere(['findings', '--json'])).stdout) as {
        rule: string;
        severity: string;
        credentialUid: string;
      }[];
      expect(
        findings
          .filter((finding) => finding.credentialUid.startsWith('gcp:acme-dev:'))
          .map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`)
          .sort(),
      ).toEqual([`${uid('acme-dev', 7)} over-age low`, `${uid('acme-dev', 7)} stale medium`]);
    } finally {
      await readable.close();
      other.remove();
    }
  });

  it('shows the ownership evidence and its confidence in the JSON report', async () => {
    const report = await run(['report', '--format', 'json']);
    expect(report.exitCode).toBe(0);
    const credentials = (JSON.parse(report.stdout) as { credentials: ReportCredential[] }).credentials;
    const owner = (n: number, project = 'acme-prod') =>
      credentials.find((entry) => entry.uid === uid(project, n))!.owner;

    expect(owner(4)).toEqual({
      employeeId: 'E2',
      email: 'bob@acme.example',
      name: 'Bob',
      confidence: 0.7,
      outcome: 'resolved',
      evidence: [
        {
          kind: 'iam-binding',
          value: 'bob@acme.example',
          source:
            'IAM policy of service account backup@acme-prod.iam.gserviceaccount.com: roles/iam.serviceAccountKeyAdmin',
          matchedEmployeeId: 'E2',
          matchedBy: 'email',
        },
        {
          kind: 'name-match',
          value: 'backup',
          source: 'account id of service account backup@acme-prod.iam.gserviceaccount.com',
          matchedEmployeeId: null,
          matchedBy: 'no person in HR has this identifier',
        },
      ],
    });
    expect([owner(1).email, owner(1).confidence, owner(1).outcome, owner(1).evidence[0]!.source]).toEqual([
      'ann@acme.example',
      0.95,
      'resolved',
      'description of service account deployer@acme-prod.iam.gserviceaccount.com',
    ]);
    expect([owner(5).email, owner(5).confidence, owner(5).outcome]).toEqual([
      'cyd@acme.example',
      0.5,
      'resolved',
    ]);
    const shared = owner(8, 'acme-dev');
    expect([shared.email, shared.confidence, shared.outcome]).toEqual(['ann@acme.example', 0.42, 'conflict']);
    expect(shared.evidence.map((entry) => [entry.value, entry.matchedEmployeeId, entry.source])).toEqual([
      [
        'ann@acme.example',
        'E1',
        'IAM policy of service account shared@acme-dev.iam.gserviceaccount.com: roles/iam.serviceAccountUser',
      ],
      [
        'dee@acme.example',
        'E4',
        'IAM policy of service account shared@acme-dev.iam.gserviceaccount.com: roles/iam.serviceAccountUser',
      ],
      [
        'eve@acme.example',
        'E5',
        'IAM policy of service account shared@acme-dev.iam.gserviceaccount.com: roles/iam.serviceAccountTokenCreator, deleted Google account',
      ],
      ['shared', null, 'account id of service account shared@acme-dev.iam.gserviceaccount.com'],
    ]);
    expect(
      credentials
        .filter((entry) => entry.uid.startsWith('gcp:acme-dev:'))
        .map((entry) => entry.lastUsedKnown),
    ).toEqual([false, false]);
  });
});
