/**
 * The revocation queue end to end with the gitlab scanner, through the CLI: the leaver's PAT is
 * proposed for revocation, which GitLab cannot undo, so it waits for approval; the dry run names
 * the exact call and asks GitLab nothing; --apply revokes exactly that token and verifies it by
 * re-reading it. The emulator's request log is compared call for call.
 */
import { describe, expect, it } from 'vitest';
import { queueHarness } from '../queue-harness.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { type StartedGitlab, startGitlab } from './start.js';
import { logOf } from './support.js';

const BOB_PAT = 'gitlab:127.0.0.1:personal-access-token:102';
const VARIABLE = 'gitlab:acme:ci-variable:100/DB_PASSWORD:*';

describe('revocation queue against the GitLab emulator', () => {
  const queue = queueHarness<StartedGitlab>({
    start: () => startGitlab({}, { perPage: 100 }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: [
      'employee_id,email,name,status,worker_type,hire_date,termination_date,aliases',
      'E1,ann@acme.example,Ann,active,employee,2020-01-01,,ann',
      'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01,bob',
      'E3,cyd@acme.example,Cyd,active,employee,2020-01-01,,cyd',
      '',
    ].join('\n'),
    source: (started) => [
      '  - type: gitlab',
      '    name: gitlab',
      `    host: ${started.emulator.endpoint}`,
      `    token: env:${TOKEN_ENV}`,
      '    groups: [acme, beta]',
      '    instance: true',
    ],
    revocation:
      'revocation: { leaver: approve, rules: { leaver-owned: { standard: auto } }, privilegedApprovals: 2 }',
  });
  const { run, requests } = queue;

  it('proposes revoking the leaver’s PAT (approval needed) and rotating the variable they could read (by hand)', async () => {
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
      [BOB_PAT, 'leaver-owned', 'pending-approval', 'approve', 1, ['delete pending 0']],
      // A rotation is a person's task: nothing to call, so nothing waits for approval.
      [VARIABLE, 'leaver-shared-secret', 'approved', 'auto', 0, ['manual pending 0']],
    ]);
  });

  it('plans the exact call, then revokes exactly the approved token and verifies it', async () => {
    const request = (await requests()).find((entry) => entry.credentialUid === BOB_PAT)!;
    const approve = await run([
      'queue',
      'approve',
      String(request.id),
      '--by',
      'ann@acme.example',
      '--reason',
      'leaver',
    ]);
    expect(approve.exitCode).toBe(0);

    const before = queue.emulator.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      `plan     #${request.id} delete  ${BOB_PAT}  →  DELETE /personal_access_tokens/102`,
    );
    // The rotation is planned as a person's task, with no call.
    expect(plan.stdout).toContain(`plan     #2 manual  ${VARIABLE}  →  manual (manual: rotate ${VARIABLE}:`);
    expect(logOf(queue.emulator, before)).toEqual([]);

    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(logOf(queue.emulator, before)).toEqual([
      'DELETE /api/v4/personal_access_tokens/102 204',
      'GET /api/v4/personal_access_tokens/102 200',
    ]);
    const tokens = queue.emulator.emulator.estate.personalAccessTokens;
    expect(tokens.map((token) => [token.id, token.revoked, token.active])).toEqual([
      [101, false, true],
      [102, true, false],
      [103, true, false],
      [104, false, false],
    ]);
    const done = (await requests()).find((entry) => entry.id === request.id)!;
    expect([done.state, done.steps.map((step) => step.state)]).toEqual(['done', ['done']]);
  });
});
