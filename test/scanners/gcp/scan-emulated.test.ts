/**
 * The GCP scanner through the official clients against the IAM / Resource Manager / Policy Analyzer
 * emulator: the exact inventory of a two-project estate across service-account pages, the same
 * inventory under throttling and through Application Default Credentials, a project without Policy
 * Analyzer permission, Policy Analyzer pages, a configured owner convention, and failed reads that
 * are reported, never taken as "nothing there".
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GcpEstate } from '../../../scanners/gcp/emulator/estate.js';
import { type GcpEmulator, startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { keyId, TOKEN, TOKEN_ENV, twoProjectEstate } from './estate.js';
import { credentialLine, list, operationCounts } from './run-scanner.js';

const SA = (name: string, project: string) => `${name}@${project}.iam.gserviceaccount.com`;

const INVENTORY = [
  'gcp:acme-dev:service-account-key:…00000007 active principal=ci@acme-dev.iam.gserviceaccount.com created=2024-02-01T00:00:00Z expires=null used=unknown privileged=[] owner=[declared:dee@acme.example, name-match:ci] hint=00000007 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:ci}',
  'gcp:acme-dev:service-account-key:…00000008 active principal=shared@acme-dev.iam.gserviceaccount.com created=2026-10-01T00:00:00Z expires=null used=unknown privileged=[] owner=[iam-binding:ann@acme.example, iam-binding:dee@acme.example, iam-binding:eve@acme.example, name-match:shared] hint=00000008 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:shared}',
  'gcp:acme-prod:service-account-key:…00000001 active principal=deployer@acme-prod.iam.gserviceaccount.com created=2025-01-01T00:00:00Z expires=null used=2026-11-20T00:00:00Z privileged=[roles/editor on project acme-prod] owner=[declared:ann@acme.example, name-match:deployer] hint=00000001 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:deployer}',
  'gcp:acme-prod:service-account-key:…00000002 inactive principal=deployer@acme-prod.iam.gserviceaccount.com created=2024-01-01T00:00:00Z expires=null used=null privileged=[roles/editor on project acme-prod] owner=[declared:ann@acme.example, name-match:deployer] hint=00000002 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:true, disableReason:SERVICE_ACCOUNT_KEY_DISABLE_REASON_USER_INITIATED, serviceAccountDisplayName:deployer}',
  'gcp:acme-prod:service-account-key:…00000004 active principal=backup@acme-prod.iam.gserviceaccount.com created=2025-03-01T00:00:00Z expires=null used=2026-11-01T00:00:00Z privileged=[] owner=[iam-binding:bob@acme.example, name-match:backup] hint=00000004 attributes={keyOrigin:USER_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:backup}',
  'gcp:acme-prod:service-account-key:…00000005 expired principal=cyd@acme-prod.iam.gserviceaccount.com created=2026-01-01T00:00:00Z expires=2026-06-01T00:00:00Z used=null privileged=[] owner=[name-match:cyd] hint=00000005 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:cyd}',
  'gcp:acme-prod:service-account-key:…00000006 inactive principal=legacy@acme-prod.iam.gserviceaccount.com created=2023-05-05T00:00:00Z expires=null used=null privileged=[] owner=[name-match:legacy] hint=00000006 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:legacy}',
];

const DENIED_REASON =
  "Policy Analyzer denied for project acme-dev (needs policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query): 403 PERMISSION_DENIED: Permission 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query' denied on resource '//cloudresourcemanager.googleapis.com/projects/acme-dev' (or it may not exist).";

let emulator: GcpEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[TOKEN_ENV];
});

describe('gcp scanner against the emulator', () => {
  it('lists the exact inventory of two projects across service-account pages', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const listed = await list(emulator, { pageSize: 2 });

    expect(listed.partial).toEqual([]);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(listed.principals.map((principal) => principal.name).sort()).toEqual(
      [
        SA('backup', 'acme-prod'),
        SA('ci', 'acme-dev'),
        SA('cyd', 'acme-prod'),
        SA('deployer', 'acme-prod'),
        SA('legacy', 'acme-prod'),
        SA('shared', 'acme-dev'),
        SA('workload-1', 'acme-prod'),
        SA('workload-2', 'acme-prod'),
        SA('workload-3', 'acme-prod'),
      ].sort(),
    );
    // The system-managed key of deployer is Google's to rotate: asked away by keyTypes, never listed.
    const keyLists = emulator.requestLog.filter((entry) => entry.operation === 'serviceAccounts.keys.list');
    expect(new Set(keyLists.map((entry) => JSON.stringify(entry.query.keyTypes)))).toEqual(
      new Set([JSON.stringify('USER_MANAGED')]),
    );
    expect(operationCounts(emulator)).toEqual({
      'acme-prod projects.getIamPolicy': 1,
      'acme-prod activities.query': 1,
      'acme-prod serviceAccounts.list': 4,
      'acme-prod serviceAccounts.getIamPolicy': 7,
      'acme-prod serviceAccounts.keys.list': 7,
      'acme-dev projects.getIamPolicy': 1,
      'acme-dev activities.query': 1,
      'acme-dev serviceAccounts.list': 1,
      'acme-dev serviceAccounts.getIamPolicy': 2,
      'acme-dev serviceAccounts.keys.list': 2,
    });
    // Every page after the first asked for the token the previous page gave.
    const pages = emulator.requestLog.filter(
      (entry) => entry.project === 'acme-prod' && entry.operation === 'serviceAccounts.list',
    );
    expect(pages.map((entry) => [entry.query.pageSize, entry.query.pageToken !== undefined])).toEqual([
      ['2', false],
      ['2', true],
      ['2', true],
      ['2', true],
    ]);
  });

  it('says why last use is unknown in a project without Policy Analyzer permission, and never guesses', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const listed = await list(emulator);
    const dev = listed.credentials.filter((credential) => credential.account === 'acme-dev');
    expect(
      dev.map((credential) => [
        credential.lastUsedKnown,
        credential.lastUsedAt,
        credential.lastUsedUnknownReason,
      ]),
    ).toEqual([
      [false, null, DENIED_REASON],
      [false, null, DENIED_REASON],
    ]);
    // A denied permission is a known gap in what can be read, not an incomplete listing.
    expect(listed.partial).toEqual([]);
    const prod = listed.credentials.filter((credential) => credential.account === 'acme-prod');
    expect(prod.every((credential) => credential.lastUsedKnown)).toBe(true);
    // With the permission, the same key reads as known and never used (which policy calls stale).
    await emulator.close();
    const allowed = twoProjectEstate();
    allowed.projects[1]!.policyAnalyzer = true;
    emulator = await startGcpEmulator({ estate: allowed });
    const ci = (await list(emulator)).credentials.find(
      (credential) => credential.principalName === SA('ci', 'acme-dev'),
    )!;
    expect([ci.lastUsedKnown, ci.lastUsedAt, ci.lastUsedUnknownReason]).toEqual([true, null, undefined]);
  });

  it('says the Policy Analyzer API is disabled in a project (403 SERVICE_DISABLED), not that a permission is missing', async () => {
    const estate = twoProjectEstate();
    estate.projects[1]!.policyAnalyzer = 'service-disabled';
    emulator = await startGcpEmulator({ estate });
    const listed = await list(emulator);
    const reason =
      'the API policyanalyzer.googleapis.com is disabled in project acme-dev (403 SERVICE_DISABLED): enable it there to read key last use';
    expect(
      listed.credentials
        .filter((credential) => credential.account === 'acme-dev')
        .map((credential) => [
          credential.lastUsedKnown,
          credential.lastUsedAt,
          credential.lastUsedUnknownReason,
        ]),
    ).toEqual([
      [false, null, reason],
      [false, null, reason],
    ]);
    // The same status as a denied permission: last use unknown, the listing itself complete.
    expect(listed.partial).toEqual([]);
    expect(
      listed.credentials
        .filter((credential) => credential.account === 'acme-prod')
        .every((c) => c.lastUsedKnown),
    ).toBe(true);
  });

  it('lists the same inventory when the API throttles, retrying each 429 until it passes', async () => {
    emulator = await startGcpEmulator({
      estate: twoProjectEstate(),
      rateLimit: { requestsPerSecond: 25, burst: 3 },
    });
    const listed = await list(emulator, { pageSize: 2, concurrency: 8 });
    expect(emulator.throttledCount).toBeGreaterThan(0);
    expect(listed.partial).toEqual([]);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    const answered = emulator.requestLog.filter((entry) => !entry.throttled);
    expect(answered).toHaveLength(27);
    expect(emulator.requestLog).toHaveLength(27 + emulator.throttledCount);
  });

  it('authenticates through Application Default Credentials when no token is configured', async () => {
    // A token endpoint of its own: ADC (GOOGLE_APPLICATION_CREDENTIALS) refreshes there, once.
    const grants: string[] = [];
    const tokenServer = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      request.on('end', () => {
        grants.push(`${request.method} ${request.url} ${body}`);
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ access_token: TOKEN, expires_in: 3600, token_type: 'Bearer' }));
      });
    });
    await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
    const dir = temporaryDirectory();
    const file = join(dir.path, 'application_default_credentials.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'external_account_authorized_user',
        audience: '//iam.googleapis.com/locations/global/workforcePools/acme/providers/idp',
        client_id: 'nhiscan-test-client',
        client_secret: 'nhiscan-test-not-a-secret',
        refresh_token: 'nhiscan-test-refresh-token',
        token_url: `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`,
        universe_domain: 'googleapis.com',
      }),
    );
    const previous = process.env.GOOGLE_APPLICATION_CREDENTIALS;
    process.env.GOOGLE_APPLICATION_CREDENTIALS = file;
    try {
      emulator = await startGcpEmulator({ estate: twoProjectEstate() });
      const listed = await list(emulator, { pageSize: 2, credentials: undefined });
      expect(listed.partial).toEqual([]);
      expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
      expect(grants).toEqual([
        'POST /token grant_type=refresh_token&refresh_token=nhiscan-test-refresh-token',
      ]);
      // Every call carried the token ADC obtained: the one refusal is acme-dev's Policy Analyzer.
      expect(
        emulator.requestLog
          .filter((entry) => entry.status !== 200)
          .map((entry) => `${entry.project} ${entry.operation} ${entry.status}`),
      ).toEqual(['acme-dev activities.query 403']);
    } finally {
      if (previous === undefined) delete process.env.GOOGLE_APPLICATION_CREDENTIALS;
      else process.env.GOOGLE_APPLICATION_CREDENTIALS = previous;
      await new Promise((resolve) => tokenServer.close(resolve));
      dir.remove();
    }
  });

  it('reads last use from every Policy Analyzer page, following pageToken', async () => {
    const email = 'bulk@acme-bulk.iam.gserviceaccount.com';
    const lastAuthenticated = (n: number) =>
      `2026-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}T00:00:00Z`;
    // 1,001 authenticated keys: one more than a Policy Analyzer page holds.
    const estate: GcpEstate = {
      token: TOKEN,
      projects: [
        {
          projectId: 'acme-bulk',
          projectNumber: '333333333333',
          iamPolicy: { version: 1, etag: 'BwYbulk', bindings: [] },
          serviceAccounts: [
            {
              account: { email, uniqueId: '300000000000000000001', displayName: 'bulk' },
              keys: Array.from({ length: 1001 }, (_, n) => ({
                keyId: keyId(n + 1),
                key: { keyType: 'USER_MANAGED' as const, validAfterTime: '2025-01-01T00:00:00Z' },
                lastAuthenticatedTime: lastAuthenticated(n + 1),
              })),
            },
          ],
        },
      ],
    };
    emulator = await startGcpEmulator({ estate });
    const listed = await list(emulator, { projects: ['acme-bulk'] });
    expect(listed.partial).toEqual([]);
    expect(listed.credentials).toHaveLength(1001);
    expect(
      listed.credentials.filter(
        (credential) =>
          !credential.lastUsedKnown ||
          credential.lastUsedAt !== lastAuthenticated(Number(credential.externalId.slice(-8))),
      ),
    ).toEqual([]);
    const queries = emulator.requestLog.filter((entry) => entry.operation === 'activities.query');
    expect(
      queries.map((entry) => [entry.status, entry.query.pageSize, typeof entry.query.pageToken]),
    ).toEqual([
      [200, '1000', 'undefined'],
      [200, '1000', 'string'],
    ]);
    // The last key is on the second page only.
    expect(listed.credentials.find((credential) => credential.externalId === keyId(1001))!.lastUsedAt).toBe(
      lastAuthenticated(1001),
    );
  });

  it('reads owners with a configured description pattern instead of the default one', async () => {
    const estate = twoProjectEstate();
    estate.projects[1]!.serviceAccounts[0]!.account.description = 'CI for dev; maintainer=dee@acme.example';
    emulator = await startGcpEmulator({ estate });
    const listed = await list(emulator, { ownerDescriptionPattern: String.raw`maintainer=(\S+)` });
    expect(
      listed.credentials
        .filter((credential) => [keyId(1), keyId(7)].includes(credential.externalId))
        .map((credential) => [credential.principalName, credential.ownerSignals]),
    ).toEqual([
      [
        SA('ci', 'acme-dev'),
        [
          {
            kind: 'declared',
            value: 'dee@acme.example',
            source: `description of service account ${SA('ci', 'acme-dev')}`,
          },
          {
            kind: 'name-match',
            value: 'ci',
            source: `account id of service account ${SA('ci', 'acme-dev')}`,
          },
        ],
      ],
      [
        // "owner: ann@acme.example" no longer counts: only the configured pattern does.
        SA('deployer', 'acme-prod'),
        [
          {
            kind: 'name-match',
            value: 'deployer',
            source: `account id of service account ${SA('deployer', 'acme-prod')}`,
          },
        ],
      ],
    ]);
  });

  it('reports a key listing that failed instead of taking it as no keys', async () => {
    emulator = await startGcpEmulator({
      estate: twoProjectEstate(),
      faults: { denyServiceAccountKeys: [SA('backup', 'acme-prod')] },
    });
    const listed = await list(emulator);
    expect(listed.partial).toEqual([
      {
        scope: `project acme-prod service account ${SA('backup', 'acme-prod')} keys`,
        reason: expect.stringMatching(/^403 PERMISSION_DENIED: /),
      },
    ]);
    expect(listed.credentials.map((credential) => credential.principalName)).not.toContain(
      SA('backup', 'acme-prod'),
    );
    expect(listed.credentials).toHaveLength(INVENTORY.length - 1);
  });

  it('reports a project whose service accounts cannot be listed, and goes on to the next project', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    const listed = await list(emulator, { projects: ['acme-gone', 'acme-dev'] });
    expect(listed.partial).toEqual([
      {
        scope: 'project acme-gone IAM policy',
        reason: expect.stringMatching(/^403 PERMISSION_DENIED: /),
      },
      {
        scope: 'project acme-gone service accounts',
        reason: expect.stringMatching(/^403 PERMISSION_DENIED: Permission 'iam.serviceAccounts.list' denied/),
      },
    ]);
    expect(listed.credentials.map((credential) => credential.account)).toEqual(['acme-dev', 'acme-dev']);
  });

  it('treats every key as privileged when the project policy cannot be read, and says so', async () => {
    emulator = await startGcpEmulator({ estate: twoProjectEstate() });
    // Resource Manager unreachable (nothing listens on port 9): the policy read fails.
    const listed = await list(emulator, {
      projects: ['acme-dev'],
      rootUrls: { cloudresourcemanager: 'http://127.0.0.1:9/' },
      retries: 0,
      requestTimeoutSeconds: 2,
    });
    expect(listed.partial.map((mark) => mark.scope)).toEqual(['project acme-dev IAM policy']);
    expect(
      listed.credentials.map((credential) => [credential.privileged, credential.privilegedReasons[0]]),
    ).toEqual([
      [
        true,
        expect.stringMatching(/^privilege unknown: the IAM policy of project acme-dev could not be read \(/),
      ],
      [
        true,
        expect.stringMatching(/^privilege unknown: the IAM policy of project acme-dev could not be read \(/),
      ],
    ]);
  });
});
