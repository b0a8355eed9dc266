/**
 * `nhiscan demo` as a new user runs it: a real process through bin/nhiscan.js, in a fresh folder.
 * Exact numbers pin the demo estate's findings at its fixed as-of date.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReportFormat, reportFormatIds } from '../../reports/index.js';
import { validateJsonReport } from '../reports/validate-report.js';
import { validateSarif } from '../support/sarif-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { xmlProblem } from '../support/xml-well-formed.js';

const run = promisify(execFile);
const BIN = resolve('bin/nhiscan.js');

describe('nhiscan demo', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());

  it('exits 0, prints the summary and writes a report that validates against the schema', async () => {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'demo'], { cwd: dir.path });
    expect(stderr).toBe('');
    expect(stdout).toContain('nhiscan scan #1 as of 2026-11-26: complete');
    expect(stdout).toContain('Leavers still holding live credentials: 7');
    expect(stdout).toMatch(/aws\s+\(aws\)\s+complete\s+21 credentials/);
    expect(stdout).toMatch(/spreadsheet\s+\(inventory-file\)\s+complete\s+102 credentials/);
    expect(stdout).toMatch(/github\s+\(github\)\s+complete\s+27 credentials/);
    expect(stdout).toMatch(/gcp\s+\(gcp\)\s+complete\s+11 credentials/);
    expect(stdout).toMatch(/entra\s+\(azure\)\s+complete\s+12 credentials/);
    // All eight kinds of source: the four clouds, GitLab, Okta, Kubernetes and the hand-kept list.
    expect(stdout).toMatch(/gitlab\s+\(gitlab\)\s+complete\s+6 credentials/);
    expect(stdout).toMatch(/okta\s+\(okta\)\s+complete\s+6 credentials/);
    expect(stdout).toMatch(/kubernetes\s+\(kubernetes\)\s+complete\s+5 credentials/);
    expect(stdout).toContain(
      '! github: org acme-labs credential authorizations: unsupported (the scan stays complete)',
    );
    expect(stdout).toMatch(/leaver-owned\s+38\s+38 critical/);
    // The queue is planned as a dry run: exact calls, guards, approvals awaited; nothing revoked.
    expect(stdout).toContain('Revocation queue plan (dry run, as of 2026-11-26):');
    expect(stdout).toContain(
      'plan     #2 disable aws:111111111111:access-key:AKIADEMO000000000003  →  iam:UpdateAccessKey UserName=svc-etl AccessKeyId=AKIADEMO000000000003 Status=Inactive',
    );
    expect(stdout).toContain('ok      max-per-run: 17 actions (limit revocation.maxPerRun 25)');
    // A leaver's AWS or GCP key is disabled at once, privileged or not (revocation.leaver:
    // auto-disable), and its delete waits for approval. GitHub revocations are irreversible, and a
    // hand-kept credential is a manual task: every one of those waits for approval, and so does
    // removing a leaver's own account. Rotating an Actions secret (#38) or a GitLab CI/CD variable
    // (#53) is a task without approval; so is disabling an expired contractor's token (#58).
    expect(stdout).toContain(
      'Awaiting approval: 58 request(s): #1 #2 #3 #5 #6 #7 #8 #9 #10 #11 #12 #13 #14 #15 #16 #17 #18 #19 #20 #21 #22 #23 #24 #26 #27 #28 #29 #31 #32 #33 #34 #35 #36 #37 #39 #40 #41 #42 #43 #44 #45 #46 #47 #48 #49 #50 #51 #52 #54 #56 #57 #59 #60 #61 #62 #63 #64 #65 (#1 #2 #3 #8 #9 #23 #24 #26 #57 #60: the first disables run now, without approval; the rest waits)',
    );
    // A leaver's Kubernetes token and Okta client secret are disabled at once (label, deactivate).
    expect(stdout).toContain(
      'plan     #57 disable kubernetes:acme-prod:service-account-token:payments/payments-batch-token  →  PATCH /api/v1/namespaces/payments/secrets/payments-batch-token (uid 5a1e0000-0000-4000-8000-000000000001) (application/merge-patch+json) metadata.labels.kubernetes.io/legacy-token-invalid-since=2026-11-26',
    );
    expect(stdout).toContain(
      'plan     #60 disable okta:127.0.0.1:client-secret:0oademo0export000002/ocsdemo0export000001  →  POST /api/v1/apps/0oademo0export000002/credentials/secrets/ocsdemo0export000001/lifecycle/deactivate',
    );
    expect(stdout).toContain(
      'plan     #38 manual  github:acme/payments-api:actions-secret:PAYMENTS_API_KEY  →  manual (manual: rotate github:acme/payments-api:actions-secret:PAYMENTS_API_KEY: set a new value, move its users over and remove the old one; the request closes by itself when a scan sees the new value (or run: nhiscan queue confirm 38 --by WHO --reason TEXT))',
    );
    expect(stdout).toContain(
      'Dry run: 17 action(s) planned; nothing was changed. Run with --apply to execute.',
    );
    // The notices its findings call for, as a dry run: one digest per recipient, nothing sent.
    expect(stdout).toContain(
      'Notices owners, managers and security would get (dry run, nothing sent): 26 digest(s) for 153 notice(s)',
    );
    const notices = readFileSync(join(dir.path, 'nhiscan-demo', 'notices.txt'), 'utf8');
    expect(notices).toContain('digest #1 → cto@acme.example (manager): 50 credential(s), from 2026-11-26');
    expect(notices).toContain(
      '    Subject: nhiscan: credentials of Dev Hughes, Gus Meyer and 6 others will be disabled from 2026-11-26',
    );
    expect(notices.match(/^ {2}digest #/gm)).toHaveLength(26);
    const reportPath = join(dir.path, 'nhiscan-demo', 'report.json');
    expect(existsSync(reportPath)).toBe(true);
    expect(statSync(join(dir.path, 'nhiscan-demo', 'nhiscan.db')).mode & 0o777).toBe(0o600);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(validateJsonReport(report)).toEqual([]);
    // Provider facts no rule reads: the GCP and Entra scanners keep them, the other sources have none.
    const attributesOf = (uid: string) =>
      report.credentials.find((credential: { uid: string }) => credential.uid === uid)?.attributes;
    expect(
      attributesOf('gcp:acme-analytics:service-account-key:d3m0000000000000000000000000000000000001'),
    ).toEqual({
      keyOrigin: 'GOOGLE_PROVIDED',
      keyType: 'USER_MANAGED',
      disabled: 'false',
      serviceAccountDisplayName: 'terraform',
    });
    expect(
      attributesOf(
        'azure:d3e0d3e0-0000-4000-8000-000000000001:certificate:c0000000-0000-4000-8000-000000000003',
      ),
    ).toEqual({ displayName: 'CN=cert 3', type: 'AsymmetricX509Cert', usage: 'Verify' });
    expect(
      attributesOf(
        'azure:d3e0d3e0-0000-4000-8000-000000000001:client-secret:c0000000-0000-4000-8000-000000000001',
      ),
    ).toEqual({ displayName: 'secret 1' });
    expect(
      report.credentials
        .filter((credential: { attributes?: object }) => credential.attributes)
        .map((credential: { source: string }) => credential.source)
        .filter((source: string, index: number, all: string[]) => all.indexOf(source) === index)
        .sort(),
    ).toEqual(['aws', 'entra', 'gcp', 'github', 'gitlab', 'kubernetes', 'okta']);
    expect(report.summary.findings.byRule).toEqual({
      'leaver-owned': 38,
      'contractor-expired': 7,
      'leaver-access-remains': 12,
      'leaver-shared-secret': 4,
      'owner-not-in-hr': 7,
      'owner-unknown': 18,
      'mover-recertify': 4,
      stale: 24,
      'over-age': 72,
      'expired-not-removed': 7,
      'pending-leaver': 4,
    });
    // Through the IAM emulator: an admin's old key is over-age raised from low to medium, and the
    // leaver's admin key is critical with the reason it is privileged.
    const find = (rule: string, uid: string) =>
      report.findings.find(
        (f: { rule: string; credentialUid: string }) => f.rule === rule && f.credentialUid === uid,
      );
    expect(find('over-age', 'aws:111111111111:access-key:AKIADEMO000000000009')).toMatchObject({
      severity: 'medium',
      evidence: {
        privileged: true,
        baseSeverity: 'low',
        privilegedReasons: ['AdministratorAccess attached through group admins'],
      },
    });
    expect(find('leaver-owned', 'aws:111111111111:access-key:AKIADEMO000000000002')).toMatchObject({
      severity: 'critical',
      evidence: { owner: { employeeId: 'E1031' } },
    });
    // Through the GitHub emulator: a leaver's admin:org token, owned through the SAML identity.
    expect(find('leaver-owned', 'github:acme:personal-access-token:800001')).toMatchObject({
      severity: 'critical',
      evidence: {
        owner: { employeeId: 'E1031' },
        signals: [{ kind: 'saml-identity', value: 'dev.hughes@acme.example' }],
        privilegedReasons: ['scope admin:org'],
      },
    });
    // Through the GitLab, Okta and Kubernetes emulators: a leaver's personal access token (owned
    // through the user's email), API token (owned through its creator) and cluster-admin token.
    expect(find('leaver-owned', 'gitlab:127.0.0.1:personal-access-token:102')).toMatchObject({
      severity: 'critical',
      evidence: { owner: { employeeId: 'E1031' } },
    });
    expect(find('leaver-owned', 'okta:127.0.0.1:api-token:00Tdemo0report000002')).toMatchObject({
      severity: 'critical',
      evidence: {
        owner: { employeeId: 'E1031' },
        signals: [{ kind: 'creator', value: 'dev.hughes@acme.example' }],
      },
    });
    expect(
      find('leaver-owned', 'kubernetes:acme-prod:service-account-token:payments/payments-batch-token'),
    ).toMatchObject({
      severity: 'critical',
      evidence: { owner: { employeeId: 'E1035' }, privileged: true },
    });
    // The rehired engineer (E1051 terminated 2024, E1052 rehired 2026) owns three live keys (two listed, one in AWS) and is no leaver.
    const rehired = report.credentials.filter(
      (c: { owner: { employeeId: string } }) => c.owner.employeeId === 'E1052',
    );
    expect(rehired).toHaveLength(3);
    expect(
      report.summary.leaversWithLiveCredentials.map((l: { employeeId: string }) => l.employeeId),
    ).not.toContain('E1052');
  });

  it('writes every registered report format: SARIF validates, JUnit is well-formed, Markdown fits', async () => {
    const out = join(dir.path, 'nhiscan-demo');
    for (const id of reportFormatIds()) {
      const format = (await loadReportFormat(id))!;
      expect(existsSync(join(out, format.fileName)), format.fileName).toBe(true);
      expect(statSync(join(out, format.fileName)).mode & 0o777).toBe(0o600);
    }
    expect(reportFormatIds()).toEqual(expect.arrayContaining(['json', 'sarif', 'junit', 'markdown']));
    const sarif = JSON.parse(readFileSync(join(out, 'findings.sarif'), 'utf8'));
    expect(validateSarif(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(197);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('nhiscan.yaml');
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    expect(xmlProblem(junit)).toBeNull();
    expect(junit).toContain('<testsuites name="nhiscan" tests="217" failures="197" errors="0" time="0">');
    const markdown = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(markdown).toContain('**197 open findings** (critical 57, high 31, medium 43, low 62, info 4)');
    expect(Buffer.byteLength(markdown)).toBeLessThan(1024 * 1024);
  });

  it('gives the same findings when run again', async () => {
    const uids = () =>
      JSON.parse(readFileSync(join(dir.path, 'nhiscan-demo', 'report.json'), 'utf8')).findings.map(
        (f: { uid: string }) => f.uid,
      );
    const first = uids();
    await run(process.execPath, [BIN, 'demo'], { cwd: dir.path });
    expect(uids()).toEqual(first);
  });

  it('prints --help and exits 2 on an unknown verb', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { cwd: dir.path });
    expect(stdout).toContain('Usage: nhiscan [options] [command]');
    await expect(run(process.execPath, [BIN, 'frobnicate'], { cwd: dir.path })).rejects.toMatchObject({
      code: 2,
    });
  });
});
