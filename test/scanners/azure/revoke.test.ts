/**
 * Entra revocation against the emulator: dry runs call nothing; disable-principal, removePassword,
 * the certificate PATCH touch exactly what is named (a leaver's own user: revoke-user.test.ts); a
 * SAML app's secret or ordinary certificate is only ever removed by itself; 404 and an
 * already-removed secret are already revoked; a SAML token-signing certificate is only ever a
 * manual task; verify reads the holder and its service principal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type AzureEmulator, startAzureEmulator } from '../../../scanners/azure/emulator/index.js';
import type { Credential } from '../../../src/core/model.js';
import { appId, keyId, SAML_THUMBPRINT, SECRET_ENV, TENANT, tenantEstate } from './estate.js';
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
    expect(scanner.revoker.steps(secret)).toEqual(['disable-principal', 'delete']);

    const start = emulator.requestLog.length;
    expect(await scanner.revoker.revoke(secret, 'disable-principal', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: `PATCH /v1.0/servicePrincipals(appId='${appId(3)}') {"accountEnabled":false}`,
    });
    expect(await scanner.revoker.revoke(secret, 'delete', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: `POST /v1.0/applications(appId='${appId(3)}')/removePassword {"keyId":"${keyId(4)}"}`,
    });
    expect(graphCalls(start)).toEqual([]);

    expect(await scanner.revoker.verify(secret, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'credential present, service principal enabled',
    });
    expect((await scanner.revoker.revoke(secret, 'disable-principal', options)).outcome).toBe('revoked');
    expect(await scanner.revoker.verify(secret, scanContext())).toEqual({
      usable: false,
      exists: true,
      detail: 'service principal disabled',
    });
    expect((await scanner.revoker.revoke(secret, 'delete', options)).outcome).toBe('revoked');
    expect(await scanner.revoker.verify(secret, scanContext())).toEqual({
      usable: false,
      exists: false,
      detail: 'credential no longer on its holder',
    });
    const start2 = emulator.requestLog.length;
    expect(await scanner.revoker.revoke(secret, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `POST /v1.0/applications(appId='${appId(3)}')/removePassword {"keyId":"${keyId(4)}"}`,
      detail: `400 Request_BadRequest: No password credential found with keyId ${keyId(4)}.; a re-read found no such credential`,
    });
    expect(graphCalls(start2)).toEqual([
      `POST /v1.0/applications(appId='${appId(3)}')/removePassword 400`,
      `GET /v1.0/applications(appId='${appId(3)}') 200`,
    ]);
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
    expect(await scanner.revoker.revoke(certificate, 'delete', options)).toEqual({
      outcome: 'revoked',
      apiCall: `PATCH /v1.0/applications(appId='${appId(3)}') keyCredentials without ${keyId(5)}`,
    });
    expect(graphCalls(start)).toEqual([
      `GET /v1.0/applications(appId='${appId(3)}') 200`,
      `PATCH /v1.0/applications(appId='${appId(3)}') 204`,
    ]);
    // The list written back is the holder's other key credentials, exactly as read.
    expect(emulator.requestLog.slice(start).find((entry) => entry.method === 'PATCH')?.body).toEqual({
      keyCredentials: [
        {
          keyId: keyId(6),
          displayName: 'CN=cert 6',
          type: 'AsymmetricX509Cert',
          usage: 'Sign',
          startDateTime: '2026-02-01T00:00:00Z',
          endDateTime: '2027-02-01T00:00:00Z',
          customKeyIdentifier: 'C0FFEE0000000000000000000000000000000006',
        },
      ],
    });
    const bobTool = emulator.estate.tenants[0]!.applications.find(
      (entry) => entry.application.appId === appId(3),
    )!;
    expect(bobTool.application.keyCredentials.map((key) => key.keyId)).toEqual([keyId(6)]);
    expect(await scanner.revoker.revoke(certificate, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `PATCH /v1.0/applications(appId='${appId(3)}') keyCredentials without ${keyId(5)}`,
      detail: 'no such certificate on the holder',
    });
  });

  it('removes a secret the service principal holds on the service principal', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const secret = await credential('client-secret', 7);
    expect(await azureScanner(emulator).revoker.revoke(secret, 'delete', options)).toEqual({
      outcome: 'revoked',
      apiCall: `POST /v1.0/servicePrincipals(appId='${appId(7)}')/removePassword {"keyId":"${keyId(7)}"}`,
    });
    const saml = emulator.estate.tenants[0]!.servicePrincipals.find(
      (entry) => entry.servicePrincipal.appId === appId(7),
    )!;
    // Only the named secret: the password of the token-signing certificate's private key stays.
    expect(saml.servicePrincipal.passwordCredentials.map((entry) => entry.keyId)).toEqual([keyId(8)]);
    expect(saml.servicePrincipal.keyCredentials.map((entry) => entry.keyId)).toEqual([keyId(8), keyId(10)]);
  });

  it('removes only the one client secret of a SAML single sign-on app: disable-principal is never a step', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    // saml-portal's service principal has preferredSingleSignOnMode saml and holds secret 7.
    const secret = await credential('client-secret', 7);
    expect(secret.attributes).toEqual({ displayName: 'secret 7', preferredSingleSignOnMode: 'saml' });
    const scanner = azureScanner(emulator);
    expect(scanner.revoker.steps(secret)).toEqual(['delete']);
    const start = emulator.requestLog.length;
    for (const dryRun of [true, false])
      await expect(
        scanner.revoker.revoke(secret, 'disable-principal', { ...options, dryRun }),
      ).rejects.toThrow(
        `azure: azure:${TENANT}:client-secret:${keyId(7)} is a client secret of saml-portal, which uses SAML single sign-on: step disable-principal is refused (it would stop every user signing in to the app); use delete`,
      );
    expect(graphCalls(start)).toEqual([]);
    expect((await scanner.revoker.revoke(secret, 'delete', options)).outcome).toBe('revoked');
    expect(graphCalls(start)).toEqual([
      `POST /v1.0/servicePrincipals(appId='${appId(7)}')/removePassword 204`,
    ]);
    const saml = emulator.estate.tenants[0]!.servicePrincipals.find(
      (entry) => entry.servicePrincipal.appId === appId(7),
    )!.servicePrincipal;
    expect(saml.accountEnabled).toBe(true);
    expect(await scanner.revoker.verify(secret, scanContext())).toEqual({
      usable: false,
      exists: false,
      detail: 'credential no longer on its holder',
    });
  });

  it('reads SAML single sign-on from the service principal for a secret its application holds', async () => {
    const estate = tenantEstate();
    const bobToolSp = estate.servicePrincipals.find((entry) => entry.servicePrincipal.appId === appId(3))!;
    bobToolSp.servicePrincipal.preferredSingleSignOnMode = 'saml';
    emulator = await startAzureEmulator({ estate: { tenants: [estate] } });
    const samlSecret = await credential('client-secret', 4);
    expect(samlSecret.principalUid).toBe(`azure:${TENANT}:application:${appId(3)}`);
    expect(azureScanner(emulator).revoker.steps(samlSecret)).toEqual(['delete']);
    // Another app's secret (payroll-sync, no SAML) keeps today's steps.
    expect(azureScanner(emulator).revoker.steps(await credential('client-secret', 1))).toEqual([
      'disable-principal',
      'delete',
    ]);
  });

  it('leaves a SAML token-signing certificate to a person: a manual task, and every Graph step refused', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const certificate = await credential('certificate', 10);
    const scanner = azureScanner(emulator);
    expect(scanner.revoker.steps(certificate)).toEqual(['manual']);
    const start = emulator.requestLog.length;
    const instructions =
      `rotate the SAML token-signing certificate (thumbprint …${SAML_THUMBPRINT.slice(-8)}) of saml-portal in the Entra admin center ` +
      '(Enterprise applications → saml-portal → Single sign-on → SAML Certificates): add a new certificate, ' +
      'give it to the service provider, make it active, then delete this one; ' +
      'then run: nhiscan queue confirm ID --by WHO --reason TEXT. ' +
      'nhiscan never removes it through Graph nor disables the service principal: either stops every user signing in to the app.';
    expect(await scanner.revoker.revoke(certificate, 'manual', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall: 'manual',
      manualTask: { instructions },
    });
    expect(await scanner.revoker.revoke(certificate, 'manual', options)).toEqual({
      outcome: 'waiting-for-human',
      apiCall: 'manual',
      manualTask: { instructions },
    });
    for (const step of ['delete', 'disable-principal'] as const)
      await expect(scanner.revoker.revoke(certificate, step, options)).rejects.toThrow(
        `azure: azure:${TENANT}:certificate:${keyId(10)} is a SAML token-signing certificate: step ${step} is refused; it is rotated by hand (manual)`,
      );
    expect(graphCalls(start)).toEqual([]);
    const saml = emulator.estate.tenants[0]!.servicePrincipals.find(
      (entry) => entry.servicePrincipal.appId === appId(7),
    )!.servicePrincipal;
    expect([saml.accountEnabled, saml.keyCredentials.length, saml.passwordCredentials.length]).toEqual([
      true,
      2,
      2,
    ]);
    // verify still reads it: present, unexpired, its service principal enabled.
    expect(await scanner.revoker.verify(certificate, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'credential present, service principal enabled',
    });
  });

  it('removes only the one ordinary certificate of a SAML single sign-on app: disable-principal is never a step', async () => {
    const estate = tenantEstate();
    const saml = estate.servicePrincipals.find((entry) => entry.servicePrincipal.appId === appId(7))!;
    // An ordinary certificate next to saml-portal's token-signing certificate (keys 8 and 10).
    saml.servicePrincipal.keyCredentials.push({
      keyId: keyId(11),
      displayName: 'CN=saml-portal api',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      startDateTime: '2026-06-01T00:00:00Z',
      endDateTime: '2027-06-01T00:00:00Z',
      customKeyIdentifier: 'C0FFEE0000000000000000000000000000000011',
    });
    emulator = await startAzureEmulator({ estate: { tenants: [estate] } });
    const certificate = await credential('certificate', 11);
    expect(certificate.attributes).toEqual({
      displayName: 'CN=saml-portal api',
      type: 'AsymmetricX509Cert',
      usage: 'Verify',
      preferredSingleSignOnMode: 'saml',
    });
    const scanner = azureScanner(emulator);
    expect(scanner.revoker.steps(certificate)).toEqual(['delete']);
    // The token-signing certificate stays a person's task.
    expect(scanner.revoker.steps(await credential('certificate', 10))).toEqual(['manual']);
    const start = emulator.requestLog.length;
    for (const dryRun of [true, false])
      await expect(
        scanner.revoker.revoke(certificate, 'disable-principal', { ...options, dryRun }),
      ).rejects.toThrow(
        `azure: azure:${TENANT}:certificate:${keyId(11)} is a certificate of saml-portal, which uses SAML single sign-on: step disable-principal is refused (it would stop every user signing in to the app); use delete`,
      );
    expect(graphCalls(start)).toEqual([]);
    expect((await scanner.revoker.revoke(certificate, 'delete', options)).outcome).toBe('revoked');
    expect(graphCalls(start)).toEqual([
      `GET /v1.0/servicePrincipals(appId='${appId(7)}') 200`,
      `PATCH /v1.0/servicePrincipals(appId='${appId(7)}') 204`,
    ]);
    const stored = emulator.estate.tenants[0]!.servicePrincipals.find(
      (entry) => entry.servicePrincipal.appId === appId(7),
    )!.servicePrincipal;
    expect(stored.accountEnabled).toBe(true);
    expect(stored.keyCredentials.map((key) => key.keyId)).toEqual([keyId(8), keyId(10)]);
  });

  it('takes an app without a service principal in the tenant as already disabled', async () => {
    emulator = await startAzureEmulator({ estate: { tenants: [tenantEstate()] } });
    const secret = await credential('client-secret', 3);
    const tenant = emulator.estate.tenants[0]!;
    tenant.servicePrincipals = tenant.servicePrincipals.filter(
      (entry) => entry.servicePrincipal.appId !== appId(2),
    );
    const start = emulator.requestLog.length;
    expect(await azureScanner(emulator).revoker.revoke(secret, 'disable-principal', options)).toEqual({
      outcome: 'already-revoked',
      apiCall: `PATCH /v1.0/servicePrincipals(appId='${appId(2)}') {"accountEnabled":false}`,
      detail: '404: the app has no service principal in this tenant',
    });
    expect(graphCalls(start)).toEqual([`PATCH /v1.0/servicePrincipals(appId='${appId(2)}') 404`]);
  });
});
