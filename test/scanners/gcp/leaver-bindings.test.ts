/**
 * Leavers' own `user:` bindings on the scanned projects (a downstream account check) against the
 * emulator: the exact records for leavers and expired contractors only; none without HR; a denied
 * project policy is a partial mark, never "no binding"; every API's 403 SERVICE_DISABLED is named as
 * a disabled API, not a missing permission; removal is a read-modify-write with the etag, repeated
 * on 409 ABORTED a bounded number of times; verify re-reads the policy.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GcpApiName } from '../../../scanners/gcp/emulator/estate.js';
import { type GcpEmulator, startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import type { GcpEmulatorOptions } from '../../../scanners/gcp/emulator/types.js';
import type { Credential } from '../../../src/core/model.js';
import { keyId, TOKEN_ENV } from './estate.js';
import { FAY_CONDITION, LEAVER_PEOPLE, leaverBindingEstate } from './leaver-estate.js';
import { credentialLine, gcpScanner, list, scanContext } from './run-scanner.js';

const LAST_USE =
  'GCP records no last use of a project IAM binding (Policy Analyzer reports service account keys only)';
const BOB = 'gcp:acme-prod:iam-binding:user:bob@acme.example';
const PROD_POLICY_DENIED =
  "403 PERMISSION_DENIED: Permission 'resourcemanager.projects.getIamPolicy' denied on resource '//cloudresourcemanager.googleapis.com/projects/acme-prod' (or it may not exist).";
const disabled = (service: string, number: string) =>
  `the API ${service} is disabled in project ${number} (403 SERVICE_DISABLED): enable it there, then retry; no permission would fix it`;

let emulator: GcpEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[TOKEN_ENV];
});

async function start(faults: GcpEmulatorOptions['faults'] = {}, disabledInDev: GcpApiName[] = []) {
  const estate = leaverBindingEstate();
  if (disabledInDev.length > 0) estate.projects[1]!.disabledApis = disabledInDev;
  emulator = await startGcpEmulator({ estate, faults });
  return emulator;
}

const bindings = (credentials: Credential[]) =>
  credentials.filter((credential) => credential.kind === 'iam-binding');
const calls = (from: number) =>
  emulator!.requestLog.slice(from).map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
const options = { dryRun: false, signal: new AbortController().signal };

async function bobBinding(): Promise<Credential> {
  return bindings((await list(emulator!, {}, LEAVER_PEOPLE)).credentials).find(
    (credential) => credential.uid === BOB,
  )!;
}

describe('leavers’ own IAM bindings', () => {
  it('reads only each project’s policy in a termination scan, and lists only the focused people’s bindings', async () => {
    await start();
    const bob = LEAVER_PEOPLE.find((person) => person.email === 'bob@acme.example')!;
    const uids: string[] = [];
    for await (const page of gcpScanner(emulator!).list({ ...scanContext(LEAVER_PEOPLE), focus: [bob] }))
      uids.push(...page.credentials.map((credential) => credential.uid));
    expect(uids).toEqual([BOB]);
    expect(calls(0).filter((call) => !call.includes('/token'))).toEqual([
      'POST /v3/projects/acme-prod:getIamPolicy 200',
      'POST /v3/projects/acme-dev:getIamPolicy 200',
    ]);
  });

  it('lists one record per leaver or expired contractor bound directly, and nobody else', async () => {
    await start();
    const listed = await list(emulator!, {}, LEAVER_PEOPLE);
    expect(listed.partial).toEqual([]);
    expect(bindings(listed.credentials).map(credentialLine)).toEqual([
      'gcp:acme-dev:iam-binding:user:eve@acme.example active principal=eve@acme.example created=null expires=null used=unknown privileged=[] owner=[login:eve@acme.example] hint=- attributes={member:user:eve@acme.example, roles:roles/viewer, conditions:no, matchedBy:HR email}',
      `${BOB} active principal=bob@acme.example created=null expires=null used=unknown privileged=[roles/owner on project acme-prod] owner=[login:bob@acme.example] hint=- attributes={member:user:bob@acme.example, roles:roles/viewer, roles/owner, conditions:no, matchedBy:HR email}`,
      'gcp:acme-prod:iam-binding:user:fay.k@partner.example active principal=fay.k@partner.example created=null expires=null used=unknown privileged=[] owner=[login:fay.k@partner.example] hint=- attributes={member:user:fay.k@partner.example, roles:roles/storage.objectViewer, conditions:yes, matchedBy:HR alias}',
    ]);
    const bob = bindings(listed.credentials).find((credential) => credential.uid === BOB)!;
    expect([
      bob.nature,
      bob.externalId,
      bob.principalUid,
      bob.lastUsedKnown,
      bob.lastUsedUnknownReason,
    ]).toEqual([
      'person-account',
      'user:bob@acme.example',
      'gcp:acme-prod:user:bob@acme.example',
      false,
      LAST_USE,
    ]);
    expect(bob.ownerSignals).toEqual([
      {
        kind: 'login',
        value: 'bob@acme.example',
        source: 'IAM policy of project acme-prod: user:bob@acme.example',
      },
    ]);
    expect(listed.principals.filter((principal) => principal.kind === 'user').map((p) => p.uid)).toEqual([
      'gcp:acme-prod:user:bob@acme.example',
      'gcp:acme-prod:user:fay.k@partner.example',
      'gcp:acme-dev:user:eve@acme.example',
    ]);
    // The policy the scan reads for privilege anyway: no extra call for the people.
    expect(emulator!.requestLog.filter((entry) => entry.operation === 'projects.getIamPolicy')).toHaveLength(
      2,
    );
  });

  it('lists none without HR’s people', async () => {
    await start();
    expect(bindings((await list(emulator!)).credentials)).toEqual([]);
  });

  it('marks a project whose policy is denied as partial, never as “no binding”', async () => {
    await start({ denyProjectIamPolicy: ['acme-prod'] });
    const listed = await list(emulator!, {}, LEAVER_PEOPLE);
    expect(listed.partial).toEqual([{ scope: 'project acme-prod IAM policy', reason: PROD_POLICY_DENIED }]);
    expect(bindings(listed.credentials).map((credential) => credential.uid)).toEqual([
      'gcp:acme-dev:iam-binding:user:eve@acme.example',
    ]);
  });
});

describe('403 SERVICE_DISABLED on every GCP API', () => {
  it('IAM: the service accounts of the project are partial, named as a disabled API', async () => {
    await start({}, ['iam']);
    const listed = await list(emulator!, {}, LEAVER_PEOPLE);
    expect(listed.partial).toEqual([
      { scope: 'project acme-dev service accounts', reason: disabled('iam.googleapis.com', '222222222222') },
    ]);
    // The project policy is Resource Manager's: Eve's binding is still read.
    expect(bindings(listed.credentials).map((credential) => credential.account)).toEqual([
      'acme-dev',
      'acme-prod',
      'acme-prod',
    ]);
  });

  it('Resource Manager: the project policy is partial, and privilege unknown says why', async () => {
    await start({}, ['cloudresourcemanager']);
    const listed = await list(emulator!, {}, LEAVER_PEOPLE);
    const reason = disabled('cloudresourcemanager.googleapis.com', '222222222222');
    expect(listed.partial).toEqual([{ scope: 'project acme-dev IAM policy', reason }]);
    const ci = listed.credentials.find((credential) => credential.externalId === keyId(7))!;
    expect(ci.privilegedReasons).toEqual([
      `privilege unknown: the IAM policy of project acme-dev could not be read (${reason})`,
    ]);
    expect(bindings(listed.credentials).map((credential) => credential.account)).toEqual([
      'acme-prod',
      'acme-prod',
    ]);
  });

  it('Policy Analyzer: last use is unknown with the reason, and the scan is not partial', async () => {
    await start({}, ['policyanalyzer']);
    const listed = await list(emulator!, {}, LEAVER_PEOPLE);
    expect(listed.partial).toEqual([]);
    const ci = listed.credentials.find((credential) => credential.externalId === keyId(7))!;
    expect(ci.lastUsedUnknownReason).toBe(
      'the API policyanalyzer.googleapis.com is disabled in project acme-dev (403 SERVICE_DISABLED): enable it there to read key last use',
    );
  });

  it('revoke and verify name the disabled API too', async () => {
    await start();
    const listed = (await list(emulator!, {}, LEAVER_PEOPLE)).credentials;
    const eve = bindings(listed).find((credential) => credential.account === 'acme-dev')!;
    const ci = listed.find((credential) => credential.externalId === keyId(7))!;
    // Disabled after the scan: the next calls meet it.
    emulator!.estate.projects[1]!.disabledApis = ['cloudresourcemanager', 'iam'];
    const scanner = gcpScanner(emulator!);
    const resourceManager = disabled('cloudresourcemanager.googleapis.com', '222222222222');
    await expect(scanner.revoker.revoke(eve, 'delete', options)).rejects.toThrow(
      `gcp: POST /v3/projects/acme-dev:getIamPolicy failed: for project acme-dev: ${resourceManager}`,
    );
    expect(await scanner.revoker.verify(eve, scanContext())).toEqual({
      usable: 'unknown',
      exists: 'unknown',
      detail: `re-read failed: ${resourceManager}`,
    });
    const key = `projects/acme-dev/serviceAccounts/ci@acme-dev.iam.gserviceaccount.com/keys/${keyId(7)}`;
    await expect(scanner.revoker.revoke(ci, 'disable', options)).rejects.toThrow(
      `gcp: POST /v1/${key}:disable failed: for project acme-dev: ${disabled('iam.googleapis.com', '222222222222')}`,
    );
    expect(emulator!.estate.projects[1]!.iamPolicy.bindings![0]!.members).toContain('user:eve@acme.example');
  });
});

describe('removing a leaver’s binding', () => {
  it('plans without calling, removes the member from every binding with the etag, and verifies', async () => {
    await start();
    const bob = await bobBinding();
    const scanner = gcpScanner(emulator!);
    expect(scanner.revoker.steps(bob)).toEqual(['delete']);
    const apiCall =
      'POST /v3/projects/acme-prod:setIamPolicy removing user:bob@acme.example from roles/viewer, roles/owner';

    let from = emulator!.requestLog.length;
    expect(await scanner.revoker.revoke(bob, 'delete', { ...options, dryRun: true })).toEqual({
      outcome: 'planned',
      apiCall,
    });
    expect(calls(from)).toEqual([]);

    expect(await scanner.revoker.verify(bob, scanContext())).toEqual({
      usable: true,
      exists: true,
      detail: 'user:bob@acme.example still holds roles/viewer, roles/owner',
    });
    from = emulator!.requestLog.length;
    expect(await scanner.revoker.revoke(bob, 'delete', options)).toEqual({ outcome: 'revoked', apiCall });
    expect(calls(from)).toEqual([
      'POST /v3/projects/acme-prod:getIamPolicy 200',
      'POST /v3/projects/acme-prod:setIamPolicy 200',
    ]);
    const policy = emulator!.estate.projects[0]!.iamPolicy;
    expect(policy.etag).not.toBe('BwYprod');
    expect([policy.version, policy.bindings]).toEqual([
      3,
      [
        {
          role: 'roles/editor',
          members: ['serviceAccount:deployer@acme-prod.iam.gserviceaccount.com', 'user:ann@acme.example'],
        },
        { role: 'roles/viewer', members: ['serviceAccount:backup@acme-prod.iam.gserviceaccount.com'] },
        { role: 'roles/owner', members: ['user:gil@acme.example'] },
        {
          role: 'roles/storage.objectViewer',
          members: ['user:fay.k@partner.example', 'group:ops@acme.example'],
          condition: FAY_CONDITION,
        },
      ],
    ]);
    expect(await scanner.revoker.verify(bob, scanContext())).toEqual({
      usable: false,
      exists: false,
      detail: 'user:bob@acme.example is in no binding of project acme-prod',
    });
    expect(await scanner.revoker.revoke(bob, 'delete', options)).toEqual({
      outcome: 'already-revoked',
      apiCall,
      detail: 'user:bob@acme.example is in no binding of project acme-prod',
    });
  });

  it('repeats the read-modify-write after 409 ABORTED, and gives up after three attempts', async () => {
    await start({ policyConflicts: 1 });
    const bob = await bobBinding();
    const scanner = gcpScanner(emulator!);
    let from = emulator!.requestLog.length;
    expect(await scanner.revoker.revoke(bob, 'delete', options)).toMatchObject({
      outcome: 'revoked',
      detail: 'after 1 concurrent policy change(s)',
    });
    expect(calls(from)).toEqual([
      'POST /v3/projects/acme-prod:getIamPolicy 200',
      'POST /v3/projects/acme-prod:setIamPolicy 409',
      'POST /v3/projects/acme-prod:getIamPolicy 200',
      'POST /v3/projects/acme-prod:setIamPolicy 200',
    ]);
    await emulator!.close();

    await start({ policyConflicts: 3 });
    const again = await bobBinding();
    from = emulator!.requestLog.length;
    const error = await gcpScanner(emulator!)
      .revoker.revoke(again, 'delete', options)
      .catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toMatch(
      /^gcp: POST \/v3\/projects\/acme-prod:setIamPolicy removing user:bob@acme\.example from roles\/viewer, roles\/owner \(3 read-modify-write attempts\) failed: for project acme-prod: 409 ABORTED: There were concurrent policy changes\. Please retry the whole read-modify-write with exponential backoff\. The request's ETag 'BwY\w+' did not match the current policy's ETag 'BwY[\w+/=]+'\.$/,
    );
    expect(calls(from)).toEqual(
      Array.from({ length: 3 }, () => [
        'POST /v3/projects/acme-prod:getIamPolicy 200',
        'POST /v3/projects/acme-prod:setIamPolicy 409',
      ]).flat(),
    );
    expect(emulator!.estate.projects[0]!.iamPolicy.bindings![2]!.members).toEqual([
      'user:bob@acme.example',
      'user:gil@acme.example',
    ]);
    expect(gcpScanner(emulator!).revoker.isTransient(error)).toBe(false);
  });
});
