/**
 * The demo estate's GCP part (fixtures/demo/estate.json, which `nhiscan demo` serves): two projects,
 * one of them without Policy Analyzer permission, listed completely through the emulator; with the
 * demo's HR, the leaver still bound directly as editor on acme-sandbox is listed too.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type GcpEmulator, startGcpEmulator } from '../../../scanners/gcp/emulator/index.js';
import { loadEstate } from '../../../src/emulate/estate.js';
import { parseHrFile } from '../../../src/hr/index.js';
import { credentialLine, list } from './run-scanner.js';

const DEMO_TOKEN_ENV = 'NHISCAN_TEST_GCP_DEMO_TOKEN';

const SANDBOX_DENIED =
  "Policy Analyzer denied for project acme-sandbox (needs policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query): 403 PERMISSION_DENIED: Permission 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query' denied on resource '//cloudresourcemanager.googleapis.com/projects/acme-sandbox' (or it may not exist).";

const KEY = (project: string, n: number) =>
  `gcp:${project}:service-account-key:d3m0${String(n).padStart(36, '0')}`;

const INVENTORY = [
  `${KEY('acme-analytics', 1)} active principal=terraform@acme-analytics.iam.gserviceaccount.com created=2025-02-10T00:00:00Z expires=null used=2026-11-25T00:00:00Z privileged=[roles/owner on project acme-analytics] owner=[declared:quin.fischer@acme.example, name-match:terraform] hint=00000001 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:terraform}`,
  `${KEY('acme-analytics', 2)} active principal=etl-loader@acme-analytics.iam.gserviceaccount.com created=2026-09-27T00:00:00Z expires=null used=2026-11-23T00:00:00Z privileged=[] owner=[iam-binding:xena.dubois@acme.example, name-match:etl-loader] hint=00000002 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:etl-loader}`,
  `${KEY('acme-analytics', 3)} active principal=etl-loader@acme-analytics.iam.gserviceaccount.com created=2025-03-03T00:00:00Z expires=null used=2025-12-01T00:00:00Z privileged=[] owner=[iam-binding:xena.dubois@acme.example, name-match:etl-loader] hint=00000003 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:etl-loader}`,
  `${KEY('acme-analytics', 4)} active principal=dashboards@acme-analytics.iam.gserviceaccount.com created=2026-11-06T00:00:00Z expires=null used=2026-11-23T00:00:00Z privileged=[] owner=[declared:ada.garcia@acme.example, name-match:dashboards] hint=00000004 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:dashboards}`,
  `${KEY('acme-analytics', 5)} active principal=key-rotator@acme-analytics.iam.gserviceaccount.com created=2026-10-12T00:00:00Z expires=null used=2026-11-23T00:00:00Z privileged=[roles/iam.serviceAccountKeyAdmin on project acme-analytics] owner=[declared:gus.meyer@acme.example, name-match:key-rotator] hint=00000005 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:key-rotator}`,
  `${KEY('acme-analytics', 6)} active principal=notebook@acme-analytics.iam.gserviceaccount.com created=2025-09-09T00:00:00Z expires=null used=null privileged=[] owner=[name-match:notebook] hint=00000006 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:notebook}`,
  `${KEY('acme-analytics', 7)} expired principal=exporter@acme-analytics.iam.gserviceaccount.com created=2025-10-01T00:00:00Z expires=2026-10-01T00:00:00Z used=2026-11-23T00:00:00Z privileged=[] owner=[declared:omar.tanaka@acme.example, name-match:exporter] hint=00000007 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:exporter}`,
  `${KEY('acme-analytics', 8)} inactive principal=old-pipeline@acme-analytics.iam.gserviceaccount.com created=2023-03-03T00:00:00Z expires=null used=2024-01-01T00:00:00Z privileged=[] owner=[name-match:old-pipeline] hint=00000008 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:old-pipeline}`,
  `${KEY('acme-sandbox', 9)} active principal=playground@acme-sandbox.iam.gserviceaccount.com created=2025-01-20T00:00:00Z expires=null used=unknown privileged=[roles/editor on project acme-sandbox] owner=[iam-binding:hana.garcia@acme.example, iam-binding:xena.fischer@acme.example, name-match:playground] hint=00000009 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:playground}`,
  `${KEY('acme-sandbox', 10)} active principal=ml-experiments@acme-sandbox.iam.gserviceaccount.com created=2026-11-16T00:00:00Z expires=null used=unknown privileged=[] owner=[declared:gus.garcia@acme.example, name-match:ml-experiments] hint=00000010 attributes={keyOrigin:GOOGLE_PROVIDED, keyType:USER_MANAGED, disabled:false, serviceAccountDisplayName:ml-experiments}`,
];

let emulator: GcpEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  delete process.env[DEMO_TOKEN_ENV];
});

describe('the demo estate’s GCP projects', () => {
  it('lists every key of both projects, with last use unknown (and why) where Policy Analyzer is denied', async () => {
    const gcp = loadEstate(fileURLToPath(new URL('../../../fixtures/demo/estate.json', import.meta.url)))
      .gcp!;
    process.env[DEMO_TOKEN_ENV] = gcp.token;
    emulator = await startGcpEmulator({ estate: gcp });
    const listed = await list(emulator, {
      projects: gcp.projects.map((project) => project.projectId),
      credentials: { accessToken: `env:${DEMO_TOKEN_ENV}` },
    });
    expect(listed.partial).toEqual([]);
    expect(gcp.projects.map((project) => [project.projectId, project.policyAnalyzer ?? true])).toEqual([
      ['acme-analytics', true],
      ['acme-sandbox', false],
    ]);
    expect(listed.credentials.map(credentialLine)).toEqual(INVENTORY);
    expect(
      listed.credentials
        .filter((credential) => credential.account === 'acme-sandbox')
        .map((credential) => [credential.lastUsedKnown, credential.lastUsedUnknownReason]),
    ).toEqual([
      [false, SANDBOX_DENIED],
      [false, SANDBOX_DENIED],
    ]);
  });

  it('lists the leaver bound directly on acme-sandbox when HR is given', async () => {
    const gcp = loadEstate(fileURLToPath(new URL('../../../fixtures/demo/estate.json', import.meta.url)))
      .gcp!;
    process.env[DEMO_TOKEN_ENV] = gcp.token;
    emulator = await startGcpEmulator({ estate: gcp });
    const people = parseHrFile(
      fileURLToPath(new URL('../../../fixtures/demo/hr.csv', import.meta.url)),
    ).people;
    const listed = await list(
      emulator,
      {
        projects: gcp.projects.map((project) => project.projectId),
        credentials: { accessToken: `env:${DEMO_TOKEN_ENV}` },
      },
      people,
    );
    expect(listed.partial).toEqual([]);
    expect(
      listed.credentials.filter((credential) => credential.kind === 'iam-binding').map(credentialLine),
    ).toEqual([
      'gcp:acme-sandbox:iam-binding:user:nia.garcia@acme.example active principal=nia.garcia@acme.example created=null expires=null used=unknown privileged=[roles/editor on project acme-sandbox] owner=[login:nia.garcia@acme.example] hint=- attributes={member:user:nia.garcia@acme.example, roles:roles/editor, conditions:no, matchedBy:HR email}',
    ]);
  });
});
