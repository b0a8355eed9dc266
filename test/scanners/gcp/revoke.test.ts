/**
 * GCP revocation against the emulator: a dry run names the exact call and makes none; disable,
 * disable-principal and delete touch exactly the named key or account, with the exact request log;
 * 404 is already revoked for every step;
 * 400 FAILED_PRECONDITION on delete counts as revoked only when a re-read finds no key; verify
 * reads the key and its account.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type GcpEmulator, startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import type { Credential } from '../../../src/core/model.js';
import { keyId, TOKEN_ENV, twoProjectEstate } from './estate.js';
import { gcpScanner, list, scanContext } from './run-scanner.js';

const BACKUP = 'projects/acme-prod/serviceAccounts/backup@acme-prod.iam.gserviceaccount.com';
const KEY = `${BACKUP}/keys/${keyId(4)}`;

let emulator: GcpEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[TOKEN_ENV];
});

async function backupKey(): Promise<Credential> {
  const listed = await list(emulator!);
  return listed.credentials.find((credential) => credential.externalId === keyId(4))!;
}

const calls = (from: number) =>
  emulator!.requestLog.slice(from).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
const options = { dryRun: false, signal: new AbortController().signal };

describe('gcp revocation', () => {
  it('plans without calling, then disables, disables the account, and deletes exactly the named key', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const credential = await backupKey();
    const scanner = gcpScanner(emulator, { disableServiceAccount: true });
    expect(scanner.revoker.steps(credential)).toEqual(['disable', 'disable-principal', 'delete']);
    expect(gcpScanner(emulator).revoker.steps(credential)).toEqual(['disable', 'delete']);

    const start = emulator.requestLog.length;
    const planned = await Promise.all(
      (['disable', 'disable-principal', 'delete'] as const).map((step) =>
        scanner.revoker.revoke(credential, step, { ...options, dryRun: true }),
      ),
    );
    expect(planned).toEqual([
      { outcome: 'planned', apiCall: `POST /v1/${KEY}:disable` },
      { outcome: 'planned', apiCall: `POST /v1/${BACKUP}:disable` },
      { outcome: 'planned', apiCall: `DELETE /v1/${KEY}` },
    ]);
    expect(calls(start)).toEqual([]);

    const applied = emulator.requestLog.length;
    expect(await scanner.revoker.verify(credential, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'key and service account enabled',
    });
    expect(await scanner.revoker.revoke(credential, 'disable', options)).toEqual({
      outcome: 'revoked',
      apiCall: `POST /v1/${KEY}:disable`,
    });
    expect(await scanner.revoker.verify(credential, scanContext())).toEqual({
      usable: false,
      exists: true,
      detail: 'key disabled (SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED)',
    });
    expect(await scanner.revoker.revoke(credential, 'disable-principal', options)).toEqual({
      outcome: 'revoked',
      apiCall: `POST /v1/${BACKUP}:disable`,
    });
    expect(await scanner.revoker.revoke(credential, 'delete', options)).toEqual({
      outcome: 'revoked',
      apiCall: `DELETE /v1/${KEY}`,
    });
    expect(await scanner.revoker.verify(credential, scanContext())).toEqual({
      usable: false,
      exists: false,
      detail: '404 NOT_FOUND',
    });
    expect(await scanner.revoker.revoke(credential, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `DELETE /v1/${KEY}`,
      detail: '404 NOT_FOUND',
    });
    // The exact calls, in order: each step one call, each verify its re-reads, nothing else.
    expect(calls(applied)).toEqual([
      `GET /v1/${KEY} 200`,
      `GET /v1/${BACKUP} 200`,
      `POST /v1/${KEY}:disable 200`,
      `GET /v1/${KEY} 200`,
      `POST /v1/${BACKUP}:disable 200`,
      `DELETE /v1/${KEY} 200`,
      `GET /v1/${KEY} 404`,
      `DELETE /v1/${KEY} 404`,
    ]);
    // Only the backup account and its one key changed.
    const estate = emulator.estate.projects[0]!;
    expect(
      estate.serviceAccounts.filter((entry) => entry.account.disabled).map((entry) => entry.account.email),
    ).toEqual(['backup@acme-prod.iam.gserviceaccount.com', 'legacy@acme-prod.iam.gserviceaccount.com']);
    expect(estate.serviceAccounts.flatMap((entry) => entry.keys.map((key) => key.keyId))).toEqual([
      keyId(1),
      keyId(2),
      keyId(3),
      keyId(5),
      keyId(6),
    ]);
  });

  it('takes 404 as already revoked for every step: a key or an account that is gone', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const credential = await backupKey();
    const scanner = gcpScanner(emulator, { disableServiceAccount: true });
    const prod = emulator.estate.projects[0]!;
    const backup = prod.serviceAccounts[1]!;
    backup.keys = [];
    const start = emulator.requestLog.length;
    expect(await scanner.revoker.revoke(credential, 'disable', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `POST /v1/${KEY}:disable`,
      detail: '404 NOT_FOUND',
    });
    prod.serviceAccounts.splice(1, 1);
    expect(await scanner.revoker.revoke(credential, 'disable-principal', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `POST /v1/${BACKUP}:disable`,
      detail: '404 NOT_FOUND',
    });
    expect(await scanner.revoker.revoke(credential, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `DELETE /v1/${KEY}`,
      detail: '404 NOT_FOUND',
    });
    expect(calls(start)).toEqual([
      `POST /v1/${KEY}:disable 404`,
      `POST /v1/${BACKUP}:disable 404`,
      `DELETE /v1/${KEY} 404`,
    ]);
  });

  it('reads a key of a disabled account as unusable', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const legacy = (await list(emulator)).credentials.find(
      (credential) => credential.externalId === keyId(6),
    )!;
    expect(await gcpScanner(emulator).revoker.verify(legacy, scanContext())).toEqual({
      usable: false,
      exists: true,
      detail: 'key enabled, service account disabled',
    });
  });

  it('takes 400 FAILED_PRECONDITION on delete as already revoked only when a re-read finds no key', async () => {
    emulator = await startGcpEmulator({
      estate: twoProjectEstate(),
      faults: { deleteGoneKeyFailsPrecondition: true },
    });
    const credential = await backupKey();
    const scanner = gcpScanner(emulator);
    await scanner.revoker.revoke(credential, 'delete', options);
    const start = emulator.requestLog.length;
    expect(await scanner.revoker.revoke(credential, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `DELETE /v1/${KEY}`,
      detail: '400 FAILED_PRECONDITION: Precondition check failed.; a re-read found no such key',
    });
    expect(calls(start)).toEqual([`DELETE /v1/${KEY} 400`, `GET /v1/${KEY} 404`]);
  });

  it('names the failed call, the project and Google’s answer when a revocation is refused', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const credential = await backupKey();
    const scanner = gcpScanner(emulator);
    // The token is read when the scanner first calls: this one the emulator does not know.
    process.env[TOKEN_ENV] = 'a-token-the-emulator-does-not-know';
    await expect(scanner.revoker.revoke(credential, 'disable', options)).rejects.toThrow(
      `gcp: POST /v1/${KEY}:disable failed: for project acme-prod: 401 UNAUTHENTICATED: Request had invalid authentication credentials.`,
    );
  });
});
