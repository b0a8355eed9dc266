/**
 * A leaver's own project IAM binding through the revocation queue: the scan raises
 * leaver-access-remains (and nothing else) on each leaver's and expired contractor's `user:`
 * binding; the request is one `delete` step that always waits for approval; the dry run names the
 * setIamPolicy call and makes none; applied, it reads the policy and writes it back with the etag,
 * Bob removed from every binding and every other member untouched; verify re-reads the policy.
 */
import { describe, expect, it } from 'vitest';
import { startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { queueHarness } from '../queue-harness.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { LEAVER_HR_CSV, leaverBindingEstate } from './leaver-estate.js';

const BOB = 'gcp:acme-prod:iam-binding:user:bob@acme.example';
const EVE = 'gcp:acme-dev:iam-binding:user:eve@acme.example';
const FAY = 'gcp:acme-prod:iam-binding:user:fay.k@partner.example';
const SET_POLICY =
  'POST /v3/projects/acme-prod:setIamPolicy removing user:bob@acme.example from roles/viewer, roles/owner';

describe('a leaver’s project IAM binding through the queue', () => {
  const queue = queueHarness({
    start: () => startGcpEmulator({ estate: leaverBindingEstate() }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: LEAVER_HR_CSV,
    source: (emulator) => [
      '  - type: gcp',
      '    name: gcp',
      '    projects: [acme-prod, acme-dev]',
      `    rootUrl: ${emulator.endpoint}`,
      `    credentials: { accessToken: env:${TOKEN_ENV} }`,
    ],
  });
  const { run, requests } = queue;
  const log = (from: number) =>
    queue.emulator.requestLog.slice(from).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  it('raises leaver-access-remains, and after approval removes Bob from every binding and verifies', async () => {
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      severity: string;
      credentialUid: string;
      evidence: Record<string, unknown>;
    }[];
    const onBindings = findings.filter((finding) => finding.credentialUid.includes(':iam-binding:'));
    expect(
      onBindings.map((finding) => `${finding.credentialUid} ${finding.rule} ${finding.severity}`).sort(),
    ).toEqual(
      [
        `${BOB} leaver-access-remains critical`,
        `${EVE} leaver-access-remains critical`,
        `${FAY} leaver-access-remains critical`,
      ].sort(),
    );
    expect(onBindings.find((finding) => finding.credentialUid === BOB)!.evidence.access).toEqual({
      member: 'user:bob@acme.example',
      roles: 'roles/viewer, roles/owner',
      conditions: 'no',
      matchedBy: 'HR email',
    });

    const proposed = (await requests()).filter((request) => request.credentialUid === BOB);
    expect(
      proposed.map((request) => [
        request.rule,
        request.state,
        request.mode,
        request.privileged,
        request.requiredApprovals,
        request.steps.map((step) => `${step.step} ${step.state} ${step.afterDays}`),
      ]),
    ).toEqual([['leaver-access-remains', 'pending-approval', 'approve', true, 2, ['delete pending 0']]]);
    const id = String(proposed[0]!.id);

    let before = queue.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(log(before)).toEqual([]);

    for (const by of ['ann@acme.example', 'dee@acme.example']) {
      const approve = await run(['queue', 'approve', id, '--by', by, '--reason', 'Bob left on 2026-10-01']);
      expect(approve.stderr).toBe('');
      expect(approve.exitCode).toBe(0);
    }
    const dryRun = await run(['queue', 'execute']);
    expect(dryRun.exitCode).toBe(0);
    expect(dryRun.stdout).toContain(`plan     #${id} delete  ${BOB}  →  ${SET_POLICY}`);
    expect(log(before)).toEqual([]);

    before = queue.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    // The leaver's key (#4, auto) runs too; the policy calls are Resource Manager's (/v3/).
    const bobCalls = log(before).filter((line) => line.includes(' /v3/'));
    expect(bobCalls).toEqual([
      'POST /v3/projects/acme-prod:getIamPolicy 200',
      'POST /v3/projects/acme-prod:setIamPolicy 200',
      'POST /v3/projects/acme-prod:getIamPolicy 200',
    ]);
    const prod = queue.emulator.estate.projects[0]!.iamPolicy;
    const expected = leaverBindingEstate().projects[0]!.iamPolicy.bindings!.map((binding) => ({
      ...binding,
      members: binding.members!.filter((member) => member !== 'user:bob@acme.example'),
    }));
    expect(prod.bindings).toEqual(expected);
    const request = (await requests()).find((entry) => entry.credentialUid === BOB)!;
    expect([request.state, request.steps.map((step) => [step.step, step.state, step.apiCall])]).toEqual([
      'done',
      [['delete', 'done', SET_POLICY]],
    ]);
  });
});
