/**
 * Entra revocation against the emulator: dry runs call nothing; disable-principal, removePassword,
 * the certificate PATCH and revokeSignInSessions touch exactly what is named; 404 and an
 * already-removed secret are already revoked; verify reads the holder and its service principal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../scanners/azure/emulator/index.js';
import type { Credential } from '../../src/core/model.js';
import { appId, keyId, SECRET_ENV, TENANT, tenantEstate } from './estate.js';
import { azureScanner, list, scanContext } from './run-scanner.js';

let emulator: AzureEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[SECRET_ENV];
});

const options = { dryRun: false, signal: new AbortController().signal };
const graphCalls = (from: number) =>
  emulator!.requestLog
    .slice(from)
    .filter((entry) => entry.server === 'graph')
    .map((entry) => `${entry.method} ${entry.path} ${entry.status}`);

async function credential(kind: string, n: number): Promise<Credential> {
  const listed = await list(emulator!);
  return listed.credentials.find((entry) => entry.uid === `azure:${TENANT}:${kind}:${keyId(n)}`)!;
}

describe('azure revocation', () => {
  it('disables the service principal, then removes exactly the named secret', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const secret = await credential('client-secret', 4);
    const scanner = azureScanner(emulator);
    expect(scanner.revocationSteps!(secret)).toEqual(['disable-principal', 'delete']);

    const start = emulator.requestLog.length;
    expect(await scanner.revoke!(secret, 'disable-principal', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: `PATCH /v1.0/servicePrincipals(appId='${appId(3)}') {"accountEnabled":false}`,
    });
    expect(await scanner.revoke!(secret, 'delete', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: `POST /v1.0/applications(appId='${appId(3)}')/removePassword {"keyId":"${keyId(4)}"}`,
    });
    expect(graphCalls(start)).toEqual([]);

    expect(await scanner.verify!(secret, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'credential present, service principal enabled',
    });
    expect((await scanner.revoke!(secret, 'disable-principal', options)).outcome).toBe('revoked');
    expect(await scanner.verify!(secret, scanContext())).toEqual({
      usable: false,
      exists: true,
      detail: 'service principal disabled',
    });
    expect((await scanner.revoke!(secret, 'delete', options)).outcome).toBe('revoked');
    expect(await scanner.verify!(secret, scanContext())).toEqual({
      usable: false,
      exists: false,
      detail: 'credential no longer on its holder',
    });
    const again = await scanner.revoke!(secret, 'delete', options);
    expect(again.outcome).toBe('already-revoked');
    const tenant = emulator.estate.tenants[0]!;
    const bobTool = tenant.applications.find((entry) => entry.application.appId === appId(3))!.application;
    expect(bobTool.passwordCredentials).toEqual([]);
    expect(bobTool.keyCredentials.map((key) => key.keyId)).toEqual([keyId(5), keyId(6)]);
    expect(tenant.applications[0]!.application.passwordCredentials.map((entry) => entry.keyId)).toEqual([
      keyId(1),
      keyId(2),
    ]);
  });

  it('removes a certificate by writing the holder’s list back without it', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const certificate = await credential('certificate', 5);
    const scanner = azureScanner(emulator);
    const start = emulator.requestLog.length;
    expect(await scanner.revoke!(certificate, 'delete', options)).toEqual({
      outcome: 'revoked',
      apiCall: `PATCH /v1.0/applications(appId='${appId(3)}') keyCredentials without ${keyId(5)}`,
    });
    expect(graphCalls(start)).toEqual([
      `GET /v1.0/applications(appId='${appId(3)}') 200`,
      `PATCH /v1.0/applications(appId='${appId(3)}') 204`,
    ]);
    const bobTool = emulator.estate.tenants[0]!.applications.find(
      (entry) => entry.application.appId === appId(3),
    )!;
    expect(bobTool.application.keyCredentials.map((key) => key.keyId)).toEqual([keyId(6)]);
    expect(await scanner.revoke!(certificate, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `PATCH /v1.0/applications(appId='${appId(3)}') keyCredentials without ${keyId(5)}`,
      detail: 'no such certificate on the holder',
    });
  });

  it('removes a secret the service principal holds on the service principal', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const secret = await credential('client-secret', 7);
    expect(await azureScanner(emulator).revoke!(secret, 'delete', options)).toEqual({
      outcome: 'revoked',
      apiCall: `POST /v1.0/servicePrincipals(appId='${appId(7)}')/removePassword {"keyId":"${keyId(7)}"}`,
    });
    const saml = emulator.estate.tenants[0]!.servicePrincipals.find(
      (entry) => entry.servicePrincipal.appId === appId(7),
    )!;
    expect(saml.servicePrincipal.passwordCredentials).toEqual([]);
  });
});
