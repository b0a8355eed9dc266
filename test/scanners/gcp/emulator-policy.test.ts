/**
 * The GCP emulator's project IAM policy writes and per-project API enablement, on the wire:
 * setIamPolicy with Google's etag semantics (the current etag: written, and the etag moves on; a
 * stale one: 409 ABORTED, nothing written; none: a blind overwrite; only `updateMask` fields
 * change), its 400s, a refused getIamPolicy, and `disabledApis` making any API answer Google's 403
 * SERVICE_DISABLED for that project only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { GcpApiName, GcpEstate } from '../../../scanners/gcp/emulator/estate.js';
import {
  type GcpEmulator,
  type GcpEmulatorOptions,
  startGcpEmulator,
} from '../../../scanners/gcp/emulator/index.js';
import { TOKEN } from './estate.js';
import { leaverBindingEstate } from './leaver-estate.js';

let emulator: GcpEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(faults: GcpEmulatorOptions['faults'] = {}, estate: GcpEstate = leaverBindingEstate()) {
  emulator = await startGcpEmulator({ estate, faults });
  return emulator;
}

/** A 200 policy or a Google error body, as far as these tests read either. */
interface Reply {
  etag?: string;
  bindings?: unknown;
  error: {
    status: string;
    message: string;
    details: ({ fieldViolations: { field: string }[] } & Record<string, unknown>)[];
  };
}

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Reply }> {
  const response = await fetch(`${emulator!.endpoint}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Reply };
}

const GET = '/v3/projects/acme-dev:getIamPolicy';
const SET = '/v3/projects/acme-dev:setIamPolicy';
const EVE_GONE = [{ role: 'roles/viewer', members: ['deleted:user:bob@acme.example?uid=123456789'] }];

describe('GCP emulator: project setIamPolicy', () => {
  it('writes a policy carrying the current etag, moves the etag on, and leaves fields outside updateMask', async () => {
    const estate = leaverBindingEstate();
    const audit = [{ service: 'allServices', auditLogConfigs: [{ logType: 'DATA_READ' }] }];
    estate.projects[1]!.iamPolicy.auditConfigs = audit;
    await start({}, estate);
    const read = await call('POST', GET, { options: { requestedPolicyVersion: 3 } });
    expect(read.body.etag).toBe('BwYdev');
    const written = await call('POST', SET, {
      policy: { version: 1, etag: 'BwYdev', bindings: EVE_GONE, auditConfigs: [] },
    });
    expect(written.status).toBe(200);
    expect(written.body).toEqual({
      version: 1,
      etag: expect.stringMatching(/^BwY[\w+/]{9}$/),
      bindings: EVE_GONE,
      auditConfigs: audit,
    });
    expect(written.body.etag).not.toBe('BwYdev');
    expect((await call('POST', GET)).body).toEqual(written.body);
    expect(emulator!.requestLog.map((entry) => [entry.operation, entry.project, entry.status])).toEqual([
      ['projects.getIamPolicy', 'acme-dev', 200],
      ['projects.setIamPolicy', 'acme-dev', 200],
      ['projects.getIamPolicy', 'acme-dev', 200],
    ]);
  });

  it('answers 409 ABORTED to a stale etag and writes nothing; without an etag it overwrites blindly', async () => {
    await start();
    const stale = await call('POST', SET, { policy: { etag: 'BwYold', bindings: EVE_GONE } });
    expect(stale).toEqual({
      status: 409,
      body: {
        error: {
          code: 409,
          message:
            "There were concurrent policy changes. Please retry the whole read-modify-write with exponential backoff. The request's ETag 'BwYold' did not match the current policy's ETag 'BwYdev'.",
          status: 'ABORTED',
        },
      },
    });
    expect(emulator!.estate.projects[1]!.iamPolicy.etag).toBe('BwYdev');
    const blind = await call('POST', SET, { policy: { bindings: EVE_GONE } });
    expect([blind.status, blind.body.bindings]).toEqual([200, EVE_GONE]);
  });

  it('answers 400 without a policy, and to conditional bindings below version 3', async () => {
    await start();
    expect(await call('POST', SET, {})).toEqual({
      status: 400,
      body: {
        error: {
          code: 400,
          message: 'Request contains an invalid argument.',
          status: 'INVALID_ARGUMENT',
          details: [
            {
              '@type': 'type.googleapis.com/google.rpc.BadRequest',
              fieldViolations: [{ field: 'policy', description: 'A policy is required.' }],
            },
          ],
        },
      },
    });
    const conditional = [
      { role: 'roles/viewer', members: ['user:eve@acme.example'], condition: { expression: 'true' } },
    ];
    const refused = await call('POST', SET, { policy: { version: 1, bindings: conditional } });
    expect([refused.status, refused.body.error.details[0]!.fieldViolations[0]!.field]).toEqual([
      400,
      'policy.version',
    ]);
  });

  it('meets faults.policyConflicts: another writer moves the etag on first', async () => {
    await start({ policyConflicts: 1 });
    const conflict = await call('POST', SET, { policy: { etag: 'BwYdev', bindings: EVE_GONE } });
    expect(conflict.status).toBe(409);
    const current = emulator!.estate.projects[1]!.iamPolicy.etag!;
    expect(current).not.toBe('BwYdev');
    const retried = await call('POST', SET, { policy: { etag: current, bindings: EVE_GONE } });
    expect(retried.status).toBe(200);
  });

  it('refuses getIamPolicy on projects in faults.denyProjectIamPolicy', async () => {
    await start({ denyProjectIamPolicy: ['acme-dev'] });
    const denied = await call('POST', GET);
    expect([denied.status, denied.body.error.message]).toEqual([
      403,
      "Permission 'resourcemanager.projects.getIamPolicy' denied on resource '//cloudresourcemanager.googleapis.com/projects/acme-dev' (or it may not exist).",
    ]);
    expect((await call('POST', '/v3/projects/acme-prod:getIamPolicy')).status).toBe(200);
  });
});

describe('GCP emulator: APIs disabled in a project', () => {
  const KEYS = '/v1/projects/acme-dev/serviceAccounts/ci@acme-dev.iam.gserviceaccount.com/keys';
  const ACTIVITIES =
    '/v1/projects/acme-dev/locations/global/activityTypes/serviceAccountKeyLastAuthentication/activities:query';
  it.each([
    ['iam', 'GET', KEYS, 'iam.googleapis.com', 'Identity and Access Management (IAM) API'],
    [
      'cloudresourcemanager',
      'POST',
      GET,
      'cloudresourcemanager.googleapis.com',
      'Cloud Resource Manager API',
    ],
    ['policyanalyzer', 'GET', ACTIVITIES, 'policyanalyzer.googleapis.com', 'Policy Analyzer API'],
  ] as const)(
    '%s: answers 403 SERVICE_DISABLED naming the service and the consumer project',
    async (api, method, path, service, title) => {
      const estate = leaverBindingEstate();
      estate.projects[1]!.disabledApis = [api as GcpApiName];
      estate.projects[1]!.policyAnalyzer = true;
      await start({}, estate);
      const reply = await call(method, path);
      expect(reply.status).toBe(403);
      expect(reply.body.error.status).toBe('PERMISSION_DENIED');
      expect(reply.body.error.message).toMatch(
        new RegExp(
          `^${title.replace(/[()]/g, '\\$&')} has not been used in project 222222222222 before or it is disabled\\.`,
        ),
      );
      expect(reply.body.error.details[0]).toEqual({
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'SERVICE_DISABLED',
        domain: 'googleapis.com',
        metadata: {
          service,
          consumer: 'projects/222222222222',
          activationUrl: `https://console.developers.google.com/apis/api/${service}/overview?project=222222222222`,
          containerInfo: '222222222222',
          serviceTitle: title,
        },
      });
      // The project's other APIs, and the same API in another project, still answer.
      const others = [
        ['GET', KEYS],
        ['POST', GET],
        ['GET', ACTIVITIES],
      ].filter(([, other]) => other !== path);
      for (const [otherMethod, otherPath] of others)
        expect((await call(otherMethod!, otherPath!)).status).toBe(200);
      expect((await call(method, path.replace(/acme-dev/g, 'acme-prod'))).status).not.toBe(403);
    },
  );
});
