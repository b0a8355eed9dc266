/**
 * Which findings become revocation requests, and in which mode: contractor-expired and
 * mover-recertify per tier, owner-unknown only after revocation.ownerUnknownAfterDays, report mode
 * proposing nothing, and one request per credential carrying every finding that asks for it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,department,manager_email,previous_department,transfer_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,,platform,,,,',
  'E2,carl@acme.example,Carl,active,contractor,2025-01-01,,2026-10-31,platform,,,,',
  'E3,mo@acme.example,Mo,active,employee,2020-01-01,,,data,,platform,2026-08-01,',
  'E4,lea@acme.example,Lea,terminated,contractor,2024-01-01,2026-09-30,2026-09-30,platform,,,,',
].join('\n');

const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department',
  'jenkins,ci,api-token,ok-1,svc-a,ann@acme.example,2026-10-01,2026-11-20,,active,false,platform',
  'jenkins,ci,api-token,contractor-1,svc-b,carl@acme.example,2026-10-01,2026-11-20,,active,false,platform',
  'jenkins,ci,api-token,contractor-priv-1,svc-c,carl@acme.example,2026-10-01,2026-11-20,,active,true,platform',
  'jenkins,ci,api-token,mover-1,svc-d,mo@acme.example,2026-10-01,2026-11-20,,active,false,platform',
  'jenkins,ci,api-token,orphan-1,svc-e,,2026-10-01,2026-11-20,,active,false,platform',
  'jenkins,ci,api-token,both-1,svc-f,lea@acme.example,2026-10-01,2026-11-20,,active,false,platform',
].join('\n');

interface Listed {
  credentialUid: string;
  rule: string;
  findingUids: string[];
  state: string;
  mode: string;
  requiredApprovals: number;
  steps: { step: string }[];
}

describe('proposals', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const listed = async (): Promise<Listed[]> =>
    JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout);
  const configure = (revocation: string) =>
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      `hr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\nrevocation: ${revocation}\n`,
    );

  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), `${HR}\n`);
    writeFileSync(join(dir.path, 'inventory.csv'), `${INVENTORY}\n`);
  });
  afterEach(() => dir.remove());

  it('proposes per rule and tier; owner-unknown waits for ownerUnknownAfterDays', async () => {
    configure(
      '{ ownerUnknownAfterDays: 10, rules: { contractor-expired: { standard: auto }, mover-recertify: { standard: approve } } }',
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    const first = await listed();
    expect(
      first.map((request) => [
        request.credentialUid,
        request.rule,
        request.state,
        request.mode,
        request.requiredApprovals,
      ]),
    ).toEqual([
      ['jenkins:ci:api-token:both-1', 'leaver-owned', 'pending-approval', 'approve', 1],
      ['jenkins:ci:api-token:contractor-1', 'contractor-expired', 'approved', 'auto', 0],
      ['jenkins:ci:api-token:contractor-priv-1', 'contractor-expired', 'pending-approval', 'approve', 2],
      ['jenkins:ci:api-token:mover-1', 'mover-recertify', 'pending-approval', 'approve', 1],
    ]);
    // A leaver whose contract also ended: one request, both findings as its reason.
    expect(first[0]!.findingUids).toHaveLength(2);
    expect(first[0]!.steps.map((step) => step.step)).toEqual(['manual']);

    // Eleven days later the owner-unknown finding is old enough.
    expect(
      (await run(['scan', '--as-of', '2026-12-07', '--fail-on', 'none'], '2026-12-07T12:00:00Z')).exitCode,
    ).toBe(0);
    const later = await listed();
    expect(later.map((request) => request.credentialUid)).toContain('jenkins:ci:api-token:orphan-1');
    expect(later.find((request) => request.credentialUid === 'jenkins:ci:api-token:orphan-1')?.rule).toBe(
      'owner-unknown',
    );
  });

  it('report mode proposes nothing', async () => {
    configure(
      '{ leaver: report, rules: { contractor-expired: { standard: report, privileged: report }, mover-recertify: { standard: report } } }',
    );
    expect((await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'])).exitCode).toBe(0);
    expect(await listed()).toEqual([]);
  });
});
