/**
 * Revocation against the emulator: exactly the named credential is touched (the request log is
 * exact), a dry run calls nothing, 404 is already-revoked, and verify re-reads the provider.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type GithubEmulator, startGithubEmulator } from '../../../scanners/github/emulator/index.js';
import type { Credential } from '../../../src/core/model.js';
import { twoOrgEstate } from './estate.js';
import { type GithubScanner, githubScanner, list } from './run-scanner.js';

const signal = new AbortController().signal;
const context = { signal, asOf: new Date('2026-11-26T00:00:00Z'), baseDir: '.' };

describe('github revocation', () => {
  let emulator: GithubEmulator;
  let scanner: GithubScanner;
  let byUid: Map<string, Credential>;
  const credential = (uid: string) => byUid.get(uid)!;
  const log = () =>
    emulator.requestLog.map(
      (entry) =>
        `${entry.method} ${entry.path}${Object.keys(entry.query).length > 0 ? `?${new URLSearchParams(entry.query)}` : ''} ${entry.status}${entry.body ? ` ${JSON.stringify(entry.body)}` : ''}`,
    );

  beforeEach(async () => {
    emulator = await startGithubEmulator({ estate: twoOrgEstate() });
    byUid = new Map((await list(emulator)).credentials.map((c) => [c.uid, c]));
    emulator.requestLog.length = 0;
    scanner = githubScanner(emulator);
  });
  afterEach(() => emulator.close());

  it('has one irreversible step for every kind acted on through the API, and refuses any other step', async () => {
    for (const uid of byUid.keys())
      expect(scanner.revoker.steps(credential(uid))).toEqual(
        credential(uid).kind === 'app-installation' ? ['manual'] : ['delete'],
      );
    await expect(
      scanner.revoker.revoke(credential('github:acme:ssh-key:502'), 'disable', { dryRun: true, signal }),
    ).rejects.toThrow('github: step disable is not supported; GitHub revocation is delete only');
  });

  it('plans the exact call on a dry run and sends nothing', async () => {
    const planned = [];
    for (const uid of [
      'github:acme:personal-access-token:501',
      'github:acme:ssh-key:502',
      'github:acme:fine-grained-pat:702',
      'github:acme/api:deploy-key:41',
    ])
      planned.push(await scanner.revoker.revoke(credential(uid), 'delete', { dryRun: true, signal }));
    expect(planned).toEqual([
      { outcome: 'planned', apiCall: 'DELETE /orgs/acme/credential-authorizations/501' },
      { outcome: 'planned', apiCall: 'DELETE /orgs/acme/credential-authorizations/502' },
      { outcome: 'planned', apiCall: 'POST /orgs/acme/personal-access-tokens/702 {"action":"revoke"}' },
      { outcome: 'planned', apiCall: 'DELETE /repos/acme/api/keys/41' },
    ]);
    expect(emulator.requestLog).toEqual([]);
  });

  it('removes exactly one SAML authorization, then answers already-revoked', async () => {
    const token = credential('github:acme:personal-access-token:501');
    expect(await scanner.revoker.verify(token, context)).toEqual({
      usable: true,
      exists: true,
      detail: 'authorization still listed',
    });
    expect(await scanner.revoker.revoke(token, 'delete', { dryRun: false, signal })).toEqual({
      outcome: 'revoked',
      apiCall: 'DELETE /orgs/acme/credential-authorizations/501',
    });
    expect(await scanner.revoker.verify(token, context)).toEqual({
      usable: false,
      exists: false,
      detail: 'authorization no longer listed',
    });
    expect(await scanner.revoker.revoke(token, 'delete', { dryRun: false, signal })).toEqual({
      outcome: 'already-revoked',
      apiCall: 'DELETE /orgs/acme/credential-authorizations/501',
      detail: '404 Not Found',
    });
    expect(log()).toEqual([
      'GET /orgs/acme/credential-authorizations?login=ann&per_page=100 200',
      'DELETE /orgs/acme/credential-authorizations/501 204',
      'GET /orgs/acme/credential-authorizations?login=ann&per_page=100 200',
      'DELETE /orgs/acme/credential-authorizations/501 404',
    ]);
    expect(emulator.estate.orgs[0]!.credentialAuthorizations.map((a) => a.credential_id)).toEqual([502, 503]);
  });

  it("revokes one fine-grained token's access to the organization", async () => {
    const token = credential('github:acme:fine-grained-pat:702');
    expect(await scanner.revoker.revoke(token, 'delete', { dryRun: false, signal })).toEqual({
      outcome: 'revoked',
      apiCall: 'POST /orgs/acme/personal-access-tokens/702 {"action":"revoke"}',
    });
    expect(await scanner.revoker.verify(token, context)).toEqual({
      usable: false,
      exists: false,
      detail: 'grant no longer listed',
    });
    expect(log()).toEqual([
      'POST /orgs/acme/personal-access-tokens/702 204 {"action":"revoke"}',
      'GET /orgs/acme/personal-access-tokens?owner=cyd&per_page=100 200',
    ]);
    expect(emulator.estate.orgs[0]!.fineGrainedTokens.map((grant) => grant.id)).toEqual([701]);
  });

  it('deletes one deploy key and leaves its sibling in the same repository', async () => {
    const key = credential('github:acme/api:deploy-key:41');
    expect(await scanner.revoker.revoke(key, 'delete', { dryRun: false, signal })).toEqual({
      outcome: 'revoked',
      apiCall: 'DELETE /repos/acme/api/keys/41',
    });
    expect(await scanner.revoker.verify(key, context)).toEqual({
      usable: false,
      exists: false,
      detail: 'deploy key no longer exists',
    });
    expect(await scanner.revoker.verify(credential('github:acme/api:deploy-key:42'), context)).toEqual({
      usable: true,
      exists: true,
      detail: 'deploy key still exists',
    });
    expect(log()).toEqual([
      'DELETE /repos/acme/api/keys/41 204',
      'GET /repos/acme/api/keys?per_page=100 200',
      'GET /repos/acme/api/keys?per_page=100 200',
    ]);
    const next = await list(emulator);
    expect([...byUid.keys()].filter((uid) => !next.credentials.some((c) => c.uid === uid))).toEqual([
      'github:acme/api:deploy-key:41',
    ]);
  });

  it('says unknown when the re-read fails, and names the failed call when a revoke fails', async () => {
    await emulator.close();
    emulator = await startGithubEmulator({
      estate: twoOrgEstate(),
      faults: [{ path: /\/keys/, status: 403, times: Infinity }],
    });
    scanner = githubScanner(emulator);
    const key = credential('github:acme/api:deploy-key:41');
    expect(await scanner.revoker.verify(key, context)).toEqual({
      usable: 'unknown',
      exists: 'unknown',
      detail: expect.stringMatching(/^re-read failed: 403 GET \/repos\/acme\/api\/keys: /),
    });
    await expect(scanner.revoker.revoke(key, 'delete', { dryRun: false, signal })).rejects.toThrow(
      /^github: DELETE \/repos\/acme\/api\/keys\/41 failed: for organization acme: 403 DELETE \/repos\/acme\/api\/keys\/41: /,
    );
  });
});
