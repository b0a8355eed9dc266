/**
 * GitLab.com's group credentials inventory: a group Owner's token (not an administrator) lists the
 * enterprise users' PATs of each top-level group, with owners from the users' usernames and their
 * group SAML identities (a group without SAML answers 404: no identity, not partial), and revokes
 * one through the inventory, verifying it by re-reading the inventory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type StartedGitlab, startGitlab } from './start.js';
import { contextOf, credentialsOf, listPages, logOf, scannerFor } from './support.js';

let started: StartedGitlab | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
});

async function startInventory() {
  started = await startGitlab(
    {},
    { instance: false, credentialsInventory: true, kinds: ['personal-access-token'], perPage: 100 },
  );
  const { estate } = started.emulator;
  estate.admin = false;
  estate.tokenUserId = 2;
  estate.groups[0]!.enterpriseUserIds = [2, 3];
  estate.groups[0]!.samlIdentities = [
    { user_id: 2, extern_uid: 'ann@acme.example' },
    { user_id: 3, extern_uid: 'bob@acme.example' },
  ];
  estate.groups[2]!.enterpriseUserIds = [4];
  return started;
}

describe('the gitlab scanner on a group credentials inventory', () => {
  it('lists the enterprise users’ PATs of each group with their SAML identities, exactly', async () => {
    const started = await startInventory();
    const pages = await listPages(started);
    expect(pages.filter((page) => page.partial)).toEqual([]);
    expect(
      credentialsOf(pages).map((credential) => [
        credential.uid,
        credential.status,
        credential.attributes?.group_id,
        credential.ownerSignals,
      ]),
    ).toEqual([
      [
        'gitlab:acme:personal-access-token:101',
        'active',
        '10',
        [
          { kind: 'login', value: 'ann', source: 'username of GitLab user ann (GET /users/2)' },
          {
            kind: 'saml-identity',
            value: 'ann@acme.example',
            source: 'SAML identity of ann in group acme (GET /groups/10/saml/identities)',
          },
        ],
      ],
      [
        'gitlab:acme:personal-access-token:102',
        'active',
        '10',
        [
          { kind: 'login', value: 'bob', source: 'username of GitLab user bob (GET /users/3)' },
          {
            kind: 'saml-identity',
            value: 'bob@acme.example',
            source: 'SAML identity of bob in group acme (GET /groups/10/saml/identities)',
          },
        ],
      ],
      [
        'gitlab:beta:personal-access-token:104',
        'expired',
        '20',
        [{ kind: 'login', value: 'cyd', source: 'username of GitLab user cyd (GET /users/4)' }],
      ],
    ]);
    expect(logOf(started).filter((line) => /manage|saml|users/.test(line))).toEqual([
      'GET /api/v4/groups/10/manage/personal_access_tokens?page=1&per_page=100 200',
      'GET /api/v4/groups/10/saml/identities?page=1&per_page=100 200',
      'GET /api/v4/users/2 200',
      'GET /api/v4/users/3 200',
      'GET /api/v4/groups/20/manage/personal_access_tokens?page=1&per_page=100 200',
      'GET /api/v4/groups/20/saml/identities?page=1&per_page=100 404',
      'GET /api/v4/users/4 200',
    ]);
  });

  it('marks a denied inventory partial, naming the call', async () => {
    const started = await startInventory();
    started.emulator.injectFaults([{ path: '/api/v4/groups/10/manage/personal_access_tokens', status: 403 }]);
    const pages = await listPages(started);
    expect(pages.flatMap((page) => (page.partial ? [page.partial] : []))).toEqual([
      {
        scope: 'group acme: credentials inventory',
        reason: 'GET /groups/10/manage/personal_access_tokens failed: 403: 403 Forbidden',
      },
    ]);
  });

  it('revokes a PAT through the inventory and verifies it there; a second revoke is already-revoked', async () => {
    const started = await startInventory();
    const credential = credentialsOf(await listPages(started)).find(
      (entry) => entry.uid === 'gitlab:acme:personal-access-token:102',
    )!;
    const { revoker } = scannerFor(started);
    const signal = new AbortController().signal;
    expect(await revoker.revoke(credential, 'delete', { dryRun: true, signal })).toEqual({
      outcome: 'planned',
      apiCall: 'DELETE /groups/10/manage/personal_access_tokens/102',
    });
    const before = started.emulator.requestLog.length;
    const result = await revoker.revoke(credential, 'delete', { dryRun: false, signal });
    const verified = await revoker.verify(credential, contextOf());
    const again = await revoker.revoke(credential, 'delete', { dryRun: false, signal });
    expect([result.outcome, verified, again.outcome]).toEqual([
      'revoked',
      { usable: false, exists: false, detail: 'revoked' },
      'already-revoked',
    ]);
    expect(logOf(started, before)).toEqual([
      'DELETE /api/v4/groups/10/manage/personal_access_tokens/102 204',
      'GET /api/v4/groups/10/manage/personal_access_tokens?page=1&per_page=100 200',
      'DELETE /api/v4/groups/10/manage/personal_access_tokens/102 404',
    ]);
    expect(started.emulator.estate.personalAccessTokens[1]!.revoked).toBe(true);
  });
});
