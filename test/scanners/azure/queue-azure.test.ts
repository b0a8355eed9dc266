/**
 * The revocation queue end to end with the azure scanner, through the CLI against the emulator:
 * a leaver's app secret and certificate (leaver-owned), and the leaver's still-enabled Entra user
 * (leaver-access-remains), are proposed; every Entra request waits for approval (the reversible
 * step disables the whole service principal; the user is disabled and its sessions revoked);
 * approved ones run exactly the named Graph calls, each re-read after it; a
 * SAML token-signing certificate only ever becomes a task for a person.
 */
import { describe, expect, it } from 'vitest';
import { startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import { HR_WRITTEN, queueHarness } from '../queue-harness.js';
import {
  appId,
  CLIENT_ID,
  CLIENT_SECRET,
  HR_CSV,
  keyId,
  SECRET_ENV,
  TENANT,
  tenantEstate,
} from './estate.js';
import { caFileOf } from './run-scanner.js';

const BOB_USER = 'e0000000-0000-4000-8000-000000000002';
const uid = (kind: string, id: string) => `azure:${TENANT}:${kind}:${id}`;

/** A request as the plan reads it: credential, rule, state, mode, approvals and its steps with their delays. */
const requestPlan = (request: {
  credentialUid: string;
  rule: string;
  state: string;
  mode: string;
  requiredApprovals: number;
  steps: { step: string; afterDays: number }[];
}) => [
  request.credentialUid,
  request.rule,
  request.state,
  request.mode,
  request.requiredApprovals,
  request.steps.map((step) => `${step.step} ${step.afterDays}`),
];

describe('revocation queue against the Entra emulator', () => {
  const queue = queueHarness({
    start: () => startAzureEmulator({ estate: { tenants: [tenantEstate()] } }),
    env: { [SECRET_ENV]: CLIENT_SECRET },
    hr: HR_CSV,
    source: (emulator) => [
      '  - type: azure',
      '    name: entra',
      `    tenantId: ${TENANT}`,
      `    credentials: { clientId: ${CLIENT_ID}, clientSecret: env:${SECRET_ENV} }`,
      `    graphUrl: ${emulator.graphEndpoint}`,
      `    authorityHost: ${emulator.authorityHost}`,
      `    authorityCaFile: ${caFileOf(emulator)}`,
    ],
  });
  const { run, requests, writeHr } = queue;
  const writes = (from: number) =>
    queue.emulator.requestLog
      .slice(from)
      .filter((entry) => entry.server === 'graph' && entry.method !== 'GET')
      .map((entry) => `${entry.method} ${entry.path} ${entry.status} ${JSON.stringify(entry.body ?? null)}`);

  it('raises owner-unknown for the ownerless app and expired-not-removed for the expired secret', async () => {
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      severity: string;
      credentialUid: string;
    }[];
    expect(
      findings
        .map(
          (finding) =>
            `${finding.credentialUid.replace(`azure:${TENANT}:`, '')} ${finding.rule} ${finding.severity}`,
        )
        .sort(),
    ).toEqual(
      [
        `certificate:${keyId(5)} leaver-owned critical`,
        `certificate:${keyId(5)} over-age low`,
        // saml-portal's token-signing certificate: never stale (its use is not in the sign-in report).
        `certificate:${keyId(10)} over-age low`,
        `client-secret:${keyId(1)} over-age medium`,
        `client-secret:${keyId(2)} expired-not-removed medium`,
        `client-secret:${keyId(3)} owner-unknown high`,
        `client-secret:${keyId(3)} over-age low`,
        `client-secret:${keyId(3)} stale medium`,
        `client-secret:${keyId(4)} leaver-owned critical`,
        `client-secret:${keyId(4)} over-age low`,
        `client-secret:${keyId(4)} stale medium`,
        `client-secret:${keyId(7)} over-age low`,
        `client-secret:${keyId(7)} stale medium`,
        // Bob's own Entra user is still enabled: a downstream account check, one finding only.
        `sign-in-sessions:${BOB_USER} leaver-access-remains critical`,
      ].sort(),
    );
  });

  it('proposes the leaver’s secret, certificate and sessions, each waiting for approval', async () => {
    expect((await requests()).map(requestPlan)).toEqual([
      [
        uid('certificate', keyId(5)),
        'leaver-owned',
        'pending-approval',
        'approve',
        1,
        ['disable-principal 0', 'delete 14'],
      ],
      [
        uid('client-secret', keyId(4)),
        'leaver-owned',
        'pending-approval',
        'approve',
        1,
        ['disable-principal 0', 'delete 14'],
      ],
      [
        uid('sign-in-sessions', BOB_USER),
        'leaver-access-remains',
        'pending-approval',
        'approve',
        1,
        ['disable 0', 'revoke-sessions 0'],
      ],
    ]);
  });

  it('asks a person to rotate a leaver’s SAML token-signing certificate, and never calls Graph for it', async () => {
    writeHr(
      HR_CSV.replace(
        'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,',
        'E3,cyd@acme.example,Cyd,terminated,employee,2020-01-01,2026-11-20,',
      ),
      HR_WRITTEN,
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    const saml = (await requests()).filter((request) =>
      [uid('certificate', keyId(10)), uid('client-secret', keyId(7))].includes(request.credentialUid),
    );
    expect(saml.map(requestPlan)).toEqual([
      [uid('certificate', keyId(10)), 'leaver-owned', 'approved', 'auto', 0, ['manual 0']],
      // A client secret of the SAML app: only that secret is removed (approved), never its service principal.
      [uid('client-secret', keyId(7)), 'leaver-owned', 'pending-approval', 'approve', 1, ['delete 0']],
    ]);
    const before = queue.emulator.requestLog.length;
    const applied = await run([
      'queue',
      'execute',
      '--apply',
      '--accept-hr-change',
      // Acknowledging the HR change is a decision: a current person (Ann), not the service actor.
      '--by',
      'ann@acme.example',
      '--reason',
      'cyd left',
    ]);
    expect(applied.stderr).toBe('');
    expect(writes(before)).toEqual([]);
    const certificate = (await requests()).find(
      (request) => request.credentialUid === uid('certificate', keyId(10)),
    )!;
    expect([certificate.state, certificate.steps.map((step) => step.state)]).toEqual([
      'waiting-for-human',
      ['waiting-for-human'],
    ]);
    expect(applied.stdout).toContain('rotate the SAML token-signing certificate');
    expect(applied.stdout).toContain(`nhiscan queue confirm ${certificate.id} --by WHO --reason TEXT`);
  });

  it('disables the leaver’s Entra user, then revokes its sessions, once approved; a dry run calls neither', async () => {
    const account = (await requests()).find(
      (request) => request.credentialUid === uid('sign-in-sessions', BOB_USER),
    )!;
    const approve = await run([
      'queue',
      'approve',
      String(account.id),
      '--by',
      'ann@acme.example',
      '--reason',
      'bob left',
    ]);
    expect(approve.stderr).toBe('');
    let before = queue.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(`PATCH /v1.0/users/${BOB_USER} {"accountEnabled":false}`);
    expect(writes(before)).toEqual([]);

    before = queue.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(writes(before)).toEqual([
      `PATCH /v1.0/users/${BOB_USER} 204 {"accountEnabled":false}`,
      `POST /v1.0/users/${BOB_USER}/revokeSignInSessions 200 null`,
    ]);
    // Each step was re-read: the user, after the PATCH and after the POST.
    expect(
      queue.emulator.requestLog
        .slice(before)
        .filter((entry) => entry.server === 'graph')
        .map((entry) => `${entry.method} ${entry.path}`),
    ).toEqual([
      `PATCH /v1.0/users/${BOB_USER}`,
      `GET /v1.0/users/${BOB_USER}`,
      `POST /v1.0/users/${BOB_USER}/revokeSignInSessions`,
      `GET /v1.0/users/${BOB_USER}`,
    ]);
    const bob = queue.emulator.estate.tenants[0]!.users.find((user) => user.id === BOB_USER)!;
    expect(bob.accountEnabled).toBe(false);
    expect(bob.signInSessionsValidFromDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const done = (await requests()).find((request) => request.id === account.id)!;
    expect([done.state, done.steps.map((step) => `${step.step} ${step.state} ${step.apiCall}`)]).toEqual([
      'done',
      [
        `disable done PATCH /v1.0/users/${BOB_USER} {"accountEnabled":false}`,
        `revoke-sessions done POST /v1.0/users/${BOB_USER}/revokeSignInSessions`,
      ],
    ]);
    // A later re-read still finds the access gone.
    const verify = await run(['queue', 'verify', '--json', '--by', 'ann@acme.example']);
    expect(verify.stderr).toBe('');
    expect(JSON.parse(verify.stdout)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ requestId: account.id, step: 'revoke-sessions', verdict: 'holds' }),
      ]),
    );
  });

  it('runs exactly the approved calls: disable the service principal, later remove the secret', async () => {
    const [, secret] = await requests();
    for (const request of [secret!]) {
      const approve = await run([
        'queue',
        'approve',
        String(request.id),
        '--by',
        'ann@acme.example',
        '--reason',
        'bob left',
      ]);
      expect(approve.stderr).toBe('');
    }
    let before = queue.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(writes(before)).toEqual([
      `PATCH /v1.0/servicePrincipals(appId='${appId(3)}') 204 {"accountEnabled":false}`,
    ]);
    const estate = queue.emulator.estate.tenants[0]!;
    expect(
      estate.servicePrincipals.map((entry) => [
        entry.servicePrincipal.displayName,
        entry.servicePrincipal.accountEnabled,
      ]),
    ).toEqual([
      ['payroll-sync', true],
      ['legacy-report', true],
      ['bob-tool', false],
      ['saml-portal', true],
      ['vm-identity', true],
    ]);

    // Fifteen days on: fresh HR, a rescan, then the secret (and only it) is removed.
    writeHr(HR_CSV, '2026-12-11T06:00:00Z');
    expect(
      (await run(['scan', '--as-of', '2026-12-11', '--fail-on', 'none'], '2026-12-11T07:00:00Z')).exitCode,
    ).toBe(0);
    before = queue.emulator.requestLog.length;
    const deleted = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-12-11T08:00:00Z',
    );
    expect(deleted.stderr).toBe('');
    expect(writes(before)).toEqual([
      `POST /v1.0/applications(appId='${appId(3)}')/removePassword 204 {"keyId":"${keyId(4)}"}`,
    ]);
    const bobTool = estate.applications.find((entry) => entry.application.appId === appId(3))!.application;
    expect(bobTool.passwordCredentials).toEqual([]);
    expect(bobTool.keyCredentials.map((key) => key.keyId)).toEqual([keyId(5), keyId(6)]);
  });
});
