/**
 * The GitHub revoker on leavers' own access, against the emulator: a dry run names the call and
 * sends nothing; removing a member is done once, then already-revoked (404); the last owner is
 * refused (403); an invited login reads as pending; removing a member as an outside collaborator
 * is refused (422); the invitations list pages by Link header.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { Credential } from '../../../src/core/model.js';
import { AS_OF, memberEstate, PEOPLE } from './member-estate.js';
import { githubScanner } from './run-scanner.js';

function record(uid: string, principalName: string): Credential {
  const [, account, kind, externalId] = uid.split(':') as [string, string, string, string];
  return {
    uid,
    provider: 'github',
    account,
    kind,
    externalId,
    principalUid: null,
    principalName,
    status: 'active',
    createdAt: null,
    expiresAt: null,
    lastUsedAt: null,
    lastUsedKnown: false,
    privileged: false,
    privilegedReasons: [],
    department: null,
    ownerSignals: [],
    nature: 'person-account',
  };
}

describe('github revoker on leavers’ own access', () => {
  let emulator: GithubEmulator | undefined;
  const start = async () => {
    emulator = await startGithubEmulator({ estate: memberEstate() });
    return emulator;
  };
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });
  const options = { dryRun: false, signal: new AbortController().signal };
  const context = { signal: options.signal, asOf: new Date(`${AS_OF}T00:00:00Z`), baseDir: '.' };
  const calls = (github: GithubEmulator, from = 0) =>
    github.requestLog.slice(from).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

  it('plans without a call, removes the member once, then says already revoked', async () => {
    const github = await start();
    const revoker = githubScanner(github).revoker;
    const bob = record('github:acme:org-membership:bob', 'bob');
    expect(await revoker.revoke(bob, 'delete', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: 'DELETE /orgs/acme/memberships/bob',
    });
    expect(github.requestLog).toEqual([]);
    expect(await revoker.verify(bob, context)).toEqual({
      usable: true,
      exists: true,
      detail: 'bob is still a member of acme (role member)',
    });
    expect((await revoker.revoke(bob, 'delete', options)).outcome).toBe('revoked');
    expect(await revoker.revoke(bob, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: 'DELETE /orgs/acme/memberships/bob',
      detail: '404 Not Found',
    });
    expect(await revoker.verify(bob, context)).toEqual({
      usable: false,
      exists: false,
      detail: 'bob is not a member of acme',
    });
    expect(calls(github)).toEqual([
      'GET /orgs/acme/memberships/bob 200',
      'DELETE /orgs/acme/memberships/bob 204',
      'DELETE /orgs/acme/memberships/bob 404',
      'GET /orgs/acme/memberships/bob 404',
    ]);
  });

  it('refuses the last owner and a member removed as a collaborator; reads an invited login as pending', async () => {
    const github = await start();
    const revoker = githubScanner(github).revoker;
    await expect(
      revoker.revoke(record('github:acme:org-membership:ann', 'ann'), 'delete', options),
    ).rejects.toThrow(/403 DELETE \/orgs\/acme\/memberships\/ann: You cannot remove the last owner/);
    await expect(
      revoker.revoke(record('github:acme:outside-collaborator:cyd', 'cyd'), 'delete', options),
    ).rejects.toThrow(/422 DELETE \/orgs\/acme\/outside_collaborators\/cyd/);
    expect(await revoker.verify(record('github:acme:org-membership:gil', 'gil'), context)).toEqual({
      usable: false,
      exists: true,
      detail: 'gil is invited to acme, not yet a member',
    });
    // Removing the membership of an invited login cancels the invitation (GitHub documents it).
    expect(
      (await revoker.revoke(record('github:acme:org-membership:gil', 'gil'), 'delete', options)).outcome,
    ).toBe('revoked');
    expect(github.estate.orgs[0]!.invitations!.map((invitation) => invitation.id)).toEqual([9101]);
    expect(github.estate.orgs[0]!.members.map((member) => member.login)).toEqual(['ann', 'bob', 'cyd']);
  });

  it('follows the invitations list page by page', async () => {
    const github = await start();
    const scanner = githubScanner(github, { orgs: ['acme'], perPage: 1, kinds: ['org-invitation'] });
    const uids: string[] = [];
    for await (const page of scanner.list({ ...context, people: PEOPLE }))
      uids.push(...page.credentials.map((c) => c.uid));
    expect(uids).toEqual(['github:acme:org-invitation:9101']);
    const invitations = github.requestLog.filter((entry) => entry.route === 'GET /orgs/{org}/invitations');
    expect(invitations.map((entry) => `${entry.path} ${entry.query.page ?? '-'}`)).toEqual([
      '/orgs/acme/invitations -',
      '/organizations/1001/invitations 2',
    ]);
  });
});
