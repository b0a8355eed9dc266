/**
 * The gitlab revoker through its emulator: the exact call of every credential's step (a dry run
 * asks GitLab nothing), each kind revoked and verified by re-reading it, a second revoke
 * `already-revoked`, a CI/CD variable left to a person, a denied revoke failing with the call named,
 * and which errors are worth a retry.
 */
import { GitbeakerRequestError } from '@gitbeaker/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { isTransient } from '../../../scanners/gitlab/errors.js';
import { RateLimited } from '../../../scanners/gitlab/requester.js';
import { type StartedGitlab, startGitlab } from './start.js';
import { contextOf, credentialsOf, listPages, logOf, scannerFor } from './support.js';

let started: StartedGitlab | undefined;
afterEach(async () => {
  await started?.close();
  started = undefined;
});

const signal = new AbortController().signal;

async function listed() {
  started = await startGitlab({}, { perPage: 100 });
  const credentials = credentialsOf(await listPages(started));
  const { revoker } = scannerFor(started);
  return { started, credentials, revoker };
}

describe('the gitlab revoker', () => {
  it('names the exact call of every step in a dry run and asks GitLab nothing', async () => {
    const { started, credentials, revoker } = await listed();
    const before = started.emulator.requestLog.length;
    const planned: string[] = [];
    for (const credential of credentials)
      for (const step of revoker.steps(credential)) {
        const result = await revoker.revoke(credential, step, { dryRun: true, signal });
        planned.push(`${credential.uid} ${step} ${result.outcome} ${result.apiCall}`);
      }
    expect(planned).toEqual([
      'gitlab:127.0.0.1:personal-access-token:101 delete planned DELETE /personal_access_tokens/101',
      'gitlab:127.0.0.1:personal-access-token:102 delete planned DELETE /personal_access_tokens/102',
      'gitlab:127.0.0.1:personal-access-token:104 delete planned DELETE /personal_access_tokens/104',
      'gitlab:acme:ci-variable:100/DB_PASSWORD:* manual planned manual',
      'gitlab:acme:deploy-key:100/401 delete planned DELETE /projects/100/deploy_keys/401',
      'gitlab:acme:deploy-key:101/402 delete planned DELETE /projects/101/deploy_keys/402',
      'gitlab:acme:deploy-token:301 delete planned DELETE /projects/100/deploy_tokens/301',
      'gitlab:acme:deploy-token:302 delete planned DELETE /groups/10/deploy_tokens/302',
      'gitlab:acme:group-access-token:201 delete planned DELETE /groups/10/access_tokens/201',
      'gitlab:acme:project-access-token:202 delete planned DELETE /projects/100/access_tokens/202',
      'gitlab:beta:deploy-key:110/403 delete planned DELETE /projects/110/deploy_keys/403',
    ]);
    expect(started.emulator.requestLog.length).toBe(before);
  });

  it('revokes each kind exactly, verifies it by re-reading, and calls a second revoke already-revoked', async () => {
    const { started, credentials, revoker } = await listed();
    const wanted = [
      'gitlab:127.0.0.1:personal-access-token:101',
      'gitlab:acme:group-access-token:201',
      'gitlab:acme:project-access-token:202',
      'gitlab:acme:deploy-token:301',
      'gitlab:acme:deploy-token:302',
      'gitlab:acme:deploy-key:100/401',
    ];
    for (const uid of wanted) {
      const credential = credentials.find((entry) => entry.uid === uid)!;
      const first = await revoker.verify(credential, contextOf());
      expect([first.usable, first.exists], uid).toEqual([true, true]);
      const before = started.emulator.requestLog.length;
      const result = await revoker.revoke(credential, 'delete', { dryRun: false, signal });
      const verified = await revoker.verify(credential, contextOf());
      const again = await revoker.revoke(credential, 'delete', { dryRun: false, signal });
      expect([result.outcome, verified.usable, verified.exists, again.outcome, again.detail], uid).toEqual([
        'revoked',
        false,
        false,
        'already-revoked',
        '404 Not Found',
      ]);
      expect(
        logOf(started, before).map((line) => `${line.split(' ')[0]} ${line.split(' ')[2]}`),
        uid,
      ).toEqual(['DELETE 204', `GET ${uid.includes('access-token') ? '200' : '404'}`, 'DELETE 404']);
    }
    const estate = started.emulator.estate;
    expect(estate.personalAccessTokens.map((token) => [token.id, token.revoked])).toEqual([
      [101, true],
      [102, false],
      [103, true],
      [104, false],
    ]);
    expect(estate.groups[0]!.accessTokens[0]!.revoked).toBe(true);
    expect(estate.projects[0]!.accessTokens[0]!.revoked).toBe(true);
    expect(estate.groups[0]!.deployTokens).toEqual([]);
    expect(estate.projects[0]!.deployTokens).toEqual([]);
    expect(estate.projects.map((project) => project.deployKeys.map((key) => key.id))).toEqual([
      [],
      [402],
      [403],
    ]);
  });

  it('leaves a CI/CD variable to a person, and re-reads it without keeping its value', async () => {
    const { started, credentials, revoker } = await listed();
    const variable = credentials.find((entry) => entry.kind === 'ci-variable')!;
    const before = started.emulator.requestLog.length;
    const result = await revoker.revoke(variable, 'manual', { dryRun: false, signal });
    expect(result.outcome).toBe('waiting-for-human');
    expect(result.manualTask?.instructions).toBe(
      'Rotate the CI/CD variable DB_PASSWORD (environment scope *) of project acme/platform/api: issue a new value at the service it unlocks, set it under Settings › CI/CD › Variables of the project, revoke the old value at that service, then run `nhiscan queue confirm ID --by WHO --reason TEXT`. Do not delete the variable: pipelines using it would fail.',
    );
    expect(logOf(started, before)).toEqual([]);
    expect(await revoker.verify(variable, contextOf())).toEqual({
      usable: true,
      exists: true,
      detail: 'the variable exists; a rotation shows at the next scan',
    });
    await expect(revoker.revoke(variable, 'delete', { dryRun: false, signal })).rejects.toThrow(
      'gitlab: gitlab:acme:ci-variable:100/DB_PASSWORD:* is rotated by hand: step delete is refused; its only step is manual',
    );
  });

  it('fails a denied revoke naming the call, and says unknown when the re-read fails', async () => {
    const { started, credentials, revoker } = await listed();
    const pat = credentials.find((entry) => entry.uid === 'gitlab:127.0.0.1:personal-access-token:102')!;
    started.emulator.injectFaults([
      { path: /\/personal_access_tokens\/102$/, status: 403, times: Number.POSITIVE_INFINITY },
    ]);
    await expect(revoker.revoke(pat, 'delete', { dryRun: false, signal })).rejects.toThrow(
      'gitlab: DELETE /personal_access_tokens/102 failed: 403: 403 Forbidden',
    );
    expect(await revoker.verify(pat, contextOf())).toEqual({
      usable: 'unknown',
      exists: 'unknown',
      detail: 're-read failed: 403: 403 Forbidden',
    });
    expect(started.emulator.estate.personalAccessTokens[1]!.revoked).toBe(false);
  });

  it('calls 429s that outlived their retries, 5xx and dropped connections transient, and nothing else', () => {
    const answered = (status: number) =>
      new GitbeakerRequestError('x', {
        cause: {
          description: 'x',
          request: new Request('http://127.0.0.1/'),
          response: new Response(null, { status }),
        },
      });
    expect(isTransient(new RateLimited('429 Too Many Requests after 4 attempts'))).toBe(true);
    expect(isTransient(answered(502))).toBe(true);
    expect(isTransient(answered(429))).toBe(true);
    expect(isTransient(answered(403))).toBe(false);
    expect(isTransient(answered(404))).toBe(false);
    expect(isTransient(Object.assign(new Error('socket'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isTransient(new Error('a token id 502 is not a 502'))).toBe(false);
  });
});
