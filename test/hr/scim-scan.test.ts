/**
 * A scan whose HR comes from a SCIM 2.0 service (scimmy behind scimmy-routers): the config's
 * hr.source scim with a token reference and a mapping, people read page by page, a user with
 * active false is a leaver whose credential is proposed for revocation, and a bad mapping is an
 * error naming the config key.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  ENTERPRISE,
  HR_EXTENSION,
  type ScimServer,
  startScimServer,
  UserStore,
} from './support/scim-server.js';

const TOKEN = 'scim-scan-test-token-0001';

describe('scan with hr.source scim', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let server: ScimServer;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path, now: '2026-11-26T12:00:00Z' });
  const config = (mapping: string[]) =>
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr:',
        '  source: scim',
        `  url: ${server.url}`,
        '  token: env:SCIM_TOKEN',
        '  pageSize: 2',
        ...mapping,
        'sources:',
        '  - { type: inventory-file, name: spreadsheet, path: inventory.csv }',
        'revocation: { leaver: approve }',
        '',
      ].join('\n'),
    );

  beforeEach(async () => {
    dir = temporaryDirectory();
    // Secret references read the process environment, as they do in production.
    process.env.SCIM_TOKEN = TOKEN;
    const store = new UserStore();
    const user = (id: string, name: string, active: boolean, termination?: string) => ({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, HR_EXTENSION],
      userName: `${name}@acme.example`,
      displayName: name,
      active,
      emails: [{ value: `${name}@acme.example`, primary: true, type: 'work' }],
      [ENTERPRISE]: { employeeNumber: id, department: 'platform' },
      [HR_EXTENSION]: { hireDate: '2020-01-01', ...(termination ? { terminationDate: termination } : {}) },
    });
    await store.create(user('E1', 'ann', true));
    await store.create(user('E2', 'bob', false, '2026-10-01'));
    await store.create(user('E3', 'cy', true));
    server = await startScimServer(store, { token: TOKEN });
    writeFileSync(
      join(dir.path, 'inventory.csv'),
      [
        'provider,account,kind,credential_id,principal,owner,created_at,last_used_at',
        'jenkins,ci,api-token,jk-1,svc-build,bob@acme.example,2026-11-01,2026-11-20',
        'jenkins,ci,api-token,jk-2,svc-deploy,ann@acme.example,2026-11-01,2026-11-20',
        '',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await server.close();
    delete process.env.SCIM_TOKEN;
    dir.remove();
  });

  it('reads the workforce from SCIM and proposes the leaver’s credential', async () => {
    config([
      '  mapping:',
      `    hireDate: "${HR_EXTENSION}:hireDate"`,
      `    terminationDate: "${HR_EXTENSION}:terminationDate"`,
    ]);
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(scan.stderr).toBe('');
    expect(scan.exitCode).toBe(0);
    expect(scan.stdout).toContain(`HR: ${server.url}, 3 people`);
    expect(server.requests.map((request) => [request.startIndex, request.count])).toEqual([
      ['1', '2'],
      ['3', '2'],
    ]);
    expect(server.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      credentialUid: string;
    }[];
    expect(findings.map((finding) => `${finding.credentialUid} ${finding.rule}`)).toEqual([
      'jenkins:ci:api-token:jk-1 leaver-owned',
    ]);
    const requests = JSON.parse((await run(['queue', 'list', '--json'])).stdout) as {
      credentialUid: string;
    }[];
    expect(requests.map((request) => request.credentialUid)).toEqual(['jenkins:ci:api-token:jk-1']);
  });

  it('refuses a mapping that is not an attribute path, naming the key, before any request', async () => {
    config(['  mapping:', '    hireDate: "emails[primary eq"']);
    const scan = await run(['scan', '--as-of', '2026-11-26']);
    expect(scan.exitCode).toBe(2);
    expect(scan.stderr).toMatch(
      /nhiscan\.yaml, line \d+, key hr\.mapping\.hireDate: not a SCIM attribute path/,
    );
    expect(server.requests).toEqual([]);
  });
});
