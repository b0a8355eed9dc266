/**
 * The okta revoker against the emulator: exact steps per kind, dry runs that name the exact call
 * and ask Okta nothing, each step's exact calls, verification by re-reading (404 = gone, INACTIVE =
 * unusable), idempotent repeats, and a delete Okta refuses failing the step with Okta's reason.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isTransient } from '../../../scanners/okta/errors.js';
import { ProviderError } from '../../../src/core/errors.js';
import type { Credential } from '../../../src/core/model.js';
import { oktaEstate } from './estate.js';
import { EXPECTED } from './expected.js';
import { type StartedOkta, startOkta } from './start.js';
import { AS_OF, callsOf, clearEnv, contextOf, scannerFor } from './support.js';

const byId = (id: string): Credential => EXPECTED.find((credential) => credential.externalId.endsWith(id))!;
const TOKEN = byId('00T2report0000000002');
const SECRET = byId('ocs2legacy0000000001');
const KEY = byId('pks1billingkey000001');
const SECRET_PATH = '/api/v1/apps/0oa2legacy0000000002/credentials/secrets/ocs2legacy0000000001';
const KEY_PATH = '/api/v1/apps/0oa1billing000000001/credentials/jwks/pks1billingkey000001';

describe('okta revoker against the emulator', () => {
  let started: StartedOkta | undefined;
  afterEach(async () => {
    clearEnv(started);
    await started?.close();
    started = undefined;
  });

  const revoker = () => scannerFor(started!).revoker;
  const signal = new AbortController().signal;
  const apply = (credential: Credential, step: 'disable' | 'delete') =>
    revoker().revoke(credential, step, { dryRun: false, signal });

  it('deletes a token (Okta has no disable) and disables, then deletes, a secret or key', async () => {
    started = await startOkta(oktaEstate());
    expect([TOKEN, SECRET, KEY].map((credential) => revoker().steps(credential))).toEqual([
      ['delete'],
      ['disable', 'delete'],
      ['disable', 'delete'],
    ]);
    const planned = [];
    for (const [credential, step] of [
      [TOKEN, 'delete'],
      [SECRET, 'disable'],
      [SECRET, 'delete'],
      [KEY, 'disable'],
      [KEY, 'delete'],
    ] as const)
      planned.push(await revoker().revoke(credential, step, { dryRun: true, signal }));
    expect(planned).toEqual([
      { outcome: 'planned', apiCall: 'DELETE /api/v1/api-tokens/00T2report0000000002' },
      { outcome: 'planned', apiCall: `POST ${SECRET_PATH}/lifecycle/deactivate` },
      { outcome: 'planned', apiCall: `DELETE ${SECRET_PATH}` },
      { outcome: 'planned', apiCall: `POST ${KEY_PATH}/lifecycle/deactivate` },
      { outcome: 'planned', apiCall: `DELETE ${KEY_PATH}` },
    ]);
    expect(started.emulator.requestLog).toEqual([]);
    await expect(revoker().revoke(TOKEN, 'disable', { dryRun: true, signal })).rejects.toThrow(
      'okta: step disable is not supported for api-token; expected delete',
    );
  });

  it('deletes the token and re-reads it: gone; deleting again is already-revoked', async () => {
    started = await startOkta(oktaEstate());
    const verify = () => revoker().verify!(TOKEN, contextOf(started!));
    expect(await verify()).toEqual({
      usable: true,
      exists: true,
      detail: 'GET /api/v1/api-tokens/00T2report0000000002 answers the token',
    });
    expect(await apply(TOKEN, 'delete')).toEqual({
      outcome: 'revoked',
      apiCall: 'DELETE /api/v1/api-tokens/00T2report0000000002',
    });
    expect(await verify()).toEqual({ usable: false, exists: false, detail: '404 E0000007' });
    expect((await apply(TOKEN, 'delete')).outcome).toBe('already-revoked');
    expect(callsOf(started)).toEqual([
      'GET /api/v1/api-tokens/00T2report0000000002 200',
      'DELETE /api/v1/api-tokens/00T2report0000000002 204',
      'GET /api/v1/api-tokens/00T2report0000000002 404',
      'DELETE /api/v1/api-tokens/00T2report0000000002 404',
    ]);
    expect(started.emulator.estate.apiTokens.map((token) => token.id)).toEqual([
      '00T1deploy0000000001',
      '00T3orphan0000000003',
      '00T4expired000000004',
    ]);
  });

  it('deactivates the secret (unusable, still there), then deletes it (gone); only that secret', async () => {
    started = await startOkta(oktaEstate());
    const verify = () => revoker().verify!(SECRET, contextOf(started!));
    expect((await apply(SECRET, 'disable')).outcome).toBe('revoked');
    expect(await verify()).toEqual({ usable: false, exists: true, detail: 'status INACTIVE' });
    expect((await apply(SECRET, 'delete')).outcome).toBe('revoked');
    expect(await verify()).toEqual({ usable: false, exists: false, detail: '404 E0000007' });
    expect(callsOf(started)).toEqual([
      `POST ${SECRET_PATH}/lifecycle/deactivate 200`,
      `GET ${SECRET_PATH} 200`,
      `DELETE ${SECRET_PATH} 204`,
      `GET ${SECRET_PATH} 404`,
    ]);
    const apps = started.emulator.estate.apps;
    expect(apps.map((app) => app.secrets.map((secret) => `${secret.id} ${secret.status}`))).toEqual([
      ['ocs1billingactive001 ACTIVE', 'ocs1billingold000002 INACTIVE'],
      [],
      ['ocs3cron000000000001 ACTIVE'],
    ]);
  });

  it('deactivates and deletes a key the same way', async () => {
    started = await startOkta(oktaEstate());
    const verify = () => revoker().verify!(KEY, contextOf(started!));
    expect(await verify()).toEqual({ usable: true, exists: true, detail: 'status ACTIVE' });
    expect((await apply(KEY, 'disable')).outcome).toBe('revoked');
    expect((await verify()).usable).toBe(false);
    expect((await apply(KEY, 'delete')).outcome).toBe('revoked');
    expect(await verify()).toEqual({ usable: false, exists: false, detail: '404 E0000007' });
    expect(started.emulator.estate.apps[0]!.jwks).toEqual([]);
  });

  it('fails a delete Okta refuses (an active secret) with Okta’s reason, not as transient', async () => {
    started = await startOkta(oktaEstate());
    const failure = await apply(SECRET, 'delete').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ProviderError);
    expect((failure as Error).message).toBe(
      `okta: DELETE ${SECRET_PATH} failed: for org 127.0.0.1: 400 E0000001: Api validation failed: invalid request (OAuth2ClientSecret ocs2legacy0000000001 is ACTIVE: deactivate it before deleting it)`,
    );
    expect(isTransient(failure)).toBe(false);
    expect(started.emulator.estate.apps[1]!.secrets).toHaveLength(1);
  });

  it('says unknown when the re-read is refused, and an expired token is unusable', async () => {
    started = await startOkta({ ...oktaEstate(), denied: ['api-tokens'] });
    expect(await revoker().verify!(TOKEN, contextOf(started))).toEqual({
      usable: 'unknown',
      exists: 'unknown',
      detail: 're-read failed: 403 E0000006: You do not have permission to perform the requested action',
    });
    clearEnv(started);
    await started.close();
    started = await startOkta(oktaEstate());
    const expired = byId('00T4expired000000004');
    expect(await revoker().verify!(expired, { ...contextOf(started), asOf: AS_OF })).toEqual({
      usable: false,
      exists: true,
      detail: 'expired at 2026-10-01T10:00:00.000Z',
    });
  });
});
