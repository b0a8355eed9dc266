/**
 * The revocation queue end to end with the GitHub scanner: a leaver's SAML-authorized SSH key and
 * the write deploy key they added are proposed for deletion, which GitHub cannot undo, so both wait
 * for approval; a dry run names the call; --apply deletes exactly the approved credential.
 */
import { describe, expect, it } from 'vitest';
import { startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import { queueHarness } from '../queue-harness.js';
import { TOKEN, TOKEN_ENV, twoOrgEstate } from './estate.js';

describe('revocation queue against the GitHub emulator', () => {
  const queue = queueHarness({
    start: () => startGithubEmulator({ estate: twoOrgEstate() }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: [
      'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
      'E1,ann@acme.example,Ann,active,employee,2020-01-01,,',
      'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,',
      'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,github:cyd',
      '',
    ].join('\n'),
    source: (emulator) => [
      '  - type: github',
      '    name: github',
      '    orgs: [acme]',
      `    baseUrl: ${emulator.endpoint}`,
      `    auth: { token: env:${TOKEN_ENV} }`,
    ],
    revocation:
      'revocation: { leaver: approve, rules: { leaver-owned: { standard: auto } }, privilegedApprovals: 2 }',
  });
  const { run, requests } = queue;
  const log = (from: number) =>
    queue.emulator.requestLog
      .slice(from)
      .map(
        (entry) =>
          `${entry.method} ${entry.path}${Object.keys(entry.query).length > 0 ? `?${new URLSearchParams(entry.query)}` : ''} ${entry.status}`,
      );

  it('proposes deleting the leaver’s credentials, each waiting for approval (two for the privileged key)', async () => {
    const listed = await requests();
    expect(
      listed.map((request) => [
        request.credentialUid,
        request.rule,
        request.state,
        request.mode,
        request.requiredApprovals,
        request.steps.map((step) => `${step.step} ${step.state} ${step.afterDays}`),
      ]),
    ).toEqual([
      [
        'github:acme/api:deploy-key:41',
        'leaver-owned',
        'pending-approval',
        'approve',
        2,
        ['delete pending 0'],
      ],
      // Bob is still a member too: his removal is proposed (queue-member-removal.test.ts).
      [
        'github:acme:org-membership:bob',
        'leaver-access-remains',
        'pending-approval',
        'approve',
        1,
        ['delete pending 0'],
      ],
      ['github:acme:ssh-key:502', 'leaver-owned', 'pending-approval', 'approve', 1, ['delete pending 0']],
    ]);
  });

  it('plans the exact call, then deletes exactly the approved authorization and verifies it', async () => {
    const ssh = (await requests()).find((request) => request.credentialUid === 'github:acme:ssh-key:502')!;
    const approve = await run([
      'queue',
      'approve',
      String(ssh.id),
      '--by',
      'ann@acme.example',
      '--reason',
      'leaver',
    ]);
    expect(approve.exitCode).toBe(0);

    const before = queue.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      `plan     #${ssh.id} delete  github:acme:ssh-key:502  →  DELETE /orgs/acme/credential-authorizations/502`,
    );

    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(log(before)).toEqual([
      'DELETE /orgs/acme/credential-authorizations/502 204',
      'GET /orgs/acme/credential-authorizations?login=bob&per_page=100 200',
    ]);
    const acme = queue.emulator.estate.orgs[0]!;
    expect(acme.credentialAuthorizations.map((authorization) => authorization.credential_id)).toEqual([
      501, 503,
    ]);
    expect(acme.repos[0]!.deployKeys.map((key) => key.id)).toEqual([41, 42]);
    const done = (await requests()).find((request) => request.id === ssh.id)!;
    expect([done.state, done.steps.map((step) => step.state)]).toEqual(['done', ['done']]);
  });
});
