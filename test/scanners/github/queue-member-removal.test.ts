/**
 * The revocation queue end to end for leavers' own access to a GitHub organization: the scan
 * raises leaver-access-remains for a member, an outside collaborator and an invitation; each is
 * proposed for removal (`delete`, irreversible: always approved); a dry run makes no call; --apply
 * makes exactly the approved DELETE and the verification re-read shows the access gone.
 */
import { describe, expect, it } from 'vitest';
import { startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import { queueHarness } from '../queue-harness.js';
import { TOKEN, TOKEN_ENV } from './estate.js';
import { HR_CSV, memberEstate } from './member-estate.js';

const MEMBERSHIP = 'github:acme:org-membership:bob';
const COLLABORATOR = 'github:acme:outside-collaborator:vendor-vic';
const INVITATION = 'github:acme:org-invitation:9101';

describe('removing leavers from a GitHub organization through the queue', () => {
  const queue = queueHarness({
    start: () => startGithubEmulator({ estate: memberEstate() }),
    env: { [TOKEN_ENV]: TOKEN },
    hr: HR_CSV,
    source: (emulator) => [
      '  - type: github',
      '    name: github',
      '    orgs: [acme]',
      `    baseUrl: ${emulator.endpoint}`,
      `    auth: { token: env:${TOKEN_ENV} }`,
      '    kinds: [org-membership, outside-collaborator, org-invitation]',
    ],
  });
  const { run, requests } = queue;
  const log = (from: number) =>
    queue.emulator.requestLog
      .slice(from)
      .map(
        (entry) =>
          `${entry.method} ${entry.path}${Object.keys(entry.query).length > 0 ? `?${new URLSearchParams(entry.query)}` : ''} ${entry.status}`,
      );
  const approve = async (uid: string) => {
    const request = (await requests()).find((candidate) => candidate.credentialUid === uid)!;
    const approved = await run([
      'queue',
      'approve',
      String(request.id),
      '--by',
      'ann@acme.example',
      '--reason',
      'left',
    ]);
    expect(approved.exitCode).toBe(0);
    return request;
  };

  it('proposes removing each access, waiting for approval', async () => {
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
    ).toEqual(
      [INVITATION, MEMBERSHIP, COLLABORATOR].map((uid) => [
        uid,
        'leaver-access-remains',
        'pending-approval',
        'approve',
        1,
        ['delete pending 0'],
      ]),
    );
  });

  it('plans without a call, then removes exactly the approved member and re-reads the membership', async () => {
    const request = await approve(MEMBERSHIP);
    const before = queue.emulator.requestLog.length;
    const plan = await run(['queue', 'execute']);
    expect(plan.exitCode).toBe(0);
    expect(plan.stdout).toContain(
      `plan     #${request.id} delete  ${MEMBERSHIP}  →  DELETE /orgs/acme/memberships/bob`,
    );
    expect(log(before)).toEqual([]);

    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(log(before)).toEqual([
      'DELETE /orgs/acme/memberships/bob 204',
      'GET /orgs/acme/memberships/bob 404',
    ]);
    const acme = queue.emulator.estate.orgs[0]!;
    expect(acme.members.map((member) => member.login)).toEqual(['ann', 'cyd']);
    expect(acme.outsideCollaborators.map((user) => user.login)).toEqual(['vendor-vic']);
    expect(acme.invitations!.map((invitation) => invitation.id)).toEqual([9101, 9102]);
    const done = (await requests()).find((candidate) => candidate.id === request.id)!;
    expect([done.state, done.steps.map((step) => step.state)]).toEqual(['done', ['done']]);

    // The next scan no longer lists the membership: its finding is resolved. One record of three is
    // gone, but nhiscan's own delete removed it: the source-shrink guard does not count it.
    const rescan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(rescan.stderr).toBe('');
    expect(rescan.exitCode).toBe(0);
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as { credentialUid: string }[];
    expect(findings.map((finding) => finding.credentialUid).sort()).toEqual([INVITATION, COLLABORATOR]);
  });

  it('cancels the invitation and removes the outside collaborator, each verified by a re-list', async () => {
    await approve(INVITATION);
    await approve(COLLABORATOR);
    const before = queue.emulator.requestLog.length;
    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example']);
    expect(applied.stderr).toBe('');
    expect(applied.exitCode).toBe(0);
    expect(log(before)).toEqual([
      'DELETE /orgs/acme/invitations/9101 204',
      'GET /orgs/acme/invitations?per_page=100 200',
      'DELETE /orgs/acme/outside_collaborators/vendor-vic 204',
      'GET /orgs/acme/outside_collaborators?per_page=100 200',
    ]);
    const acme = queue.emulator.estate.orgs[0]!;
    expect(acme.invitations!.map((invitation) => invitation.id)).toEqual([9102]);
    expect(acme.outsideCollaborators).toEqual([]);
    expect(acme.members.map((member) => member.login)).toEqual(['ann', 'bob', 'cyd']);
    expect((await requests()).map((request) => [request.credentialUid, request.state])).toEqual([
      [INVITATION, 'done'],
      [MEMBERSHIP, 'pending-approval'],
      [COLLABORATOR, 'done'],
    ]);
  });
});
