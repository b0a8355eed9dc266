/**
 * A small estate for the governance tests, scanned once through the CLI. People: Alice (security,
 * alias github:alice-gh), Bob (moved from platform to data), Carol Lee (a leaver), Dan, two people
 * named Sam Smith, and Erin, a contractor whose contract ended. Credentials (a hand-kept list):
 * - mover-priv: Bob's privileged key of his old department → mover-recertify, two approvals;
 * - carol-key: owner written as "Carol Lee" (her display name) → leaver-owned;
 * - shared: declared for Carol and Dan → leaver-owned, Dan a candidate owner;
 * - erin-key: Erin's → contractor-expired.
 * Requests wait for approvals (revocation.leaver: approve); ci-bot may execute.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/store/index.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';

export const NOW = '2026-11-26T12:00:00Z';

export const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,department,manager_email,previous_department,transfer_date,aliases',
  'E1,alice@acme.example,Alice Archer,active,employee,2020-01-01,,,security,,,,github:alice-gh',
  'E2,bob@acme.example,Bob Baker,active,employee,2020-01-01,,,data,,platform,2026-08-01,',
  'E3,carol.lee@acme.example,Carol Lee,terminated,employee,2020-01-01,2026-11-01,,platform,,,,',
  'E4,dan@acme.example,Dan Diaz,active,employee,2020-01-01,,,security,,,,',
  'E5,sam.smith@acme.example,Sam Smith,active,employee,2020-01-01,,,platform,,,,',
  'E6,sam.smith2@acme.example,Sam Smith,active,employee,2021-01-01,,,data,,,,',
  'E7,erin@acme.example,Erin Ek,active,contractor,2025-01-01,,2026-10-31,platform,,,,',
  '',
].join('\n');

export const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department',
  'jenkins,ci,api-token,mover-priv,svc-a,bob@acme.example,2026-10-01,2026-11-20,,active,true,platform',
  'jenkins,ci,api-token,carol-key,svc-b,Carol Lee,2026-10-01,2026-11-20,,active,false,platform',
  'jenkins,ci,api-token,shared,svc-c,carol.lee@acme.example;dan@acme.example,2026-10-01,2026-11-20,,active,false,platform',
  'jenkins,ci,api-token,erin-key,svc-d,erin@acme.example,2026-10-01,2026-11-20,,active,false,platform',
  '',
].join('\n');

export const CREDENTIAL = {
  mover: 'jenkins:ci:api-token:mover-priv',
  carol: 'jenkins:ci:api-token:carol-key',
  shared: 'jenkins:ci:api-token:shared',
  erin: 'jenkins:ci:api-token:erin-key',
} as const;

export function writeConfig(dir: string, extra = ''): void {
  writeFileSync(
    join(dir, 'nhiscan.yaml'),
    [
      'hr: { source: csv, path: hr.csv }',
      'sources:',
      '  - { type: inventory-file, name: sheet, path: inventory.csv }',
      'revocation: { leaver: approve, privilegedApprovals: 2 }',
      'governance:',
      '  actors: [{ id: ci-bot, roles: [execute] }]',
      extra,
    ].join('\n'),
  );
}

export async function governedEstate(configExtra = '') {
  const dir = temporaryDirectory();
  writeFileSync(join(dir.path, 'hr.csv'), HR);
  writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
  writeConfig(dir.path, configExtra);
  const run = (argv: string[], now = NOW) => cli(argv, { cwd: dir.path, now });
  const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
  if (scan.exitCode !== 0) throw new Error(`estate scan failed: ${scan.stderr}`);
  const query = <T>(sql: string, ...parameters: unknown[]): T[] => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return db.prepare(sql).all(...parameters) as T[];
    } finally {
      db.close();
    }
  };
  /** The open request of a credential. */
  const requestOf = (credentialUid: string) =>
    query<{ id: number; state: string; rule: string }>(
      `SELECT id, state, rule FROM revocation_requests WHERE credential_uid = ? ORDER BY id DESC LIMIT 1`,
      credentialUid,
    )[0]!;
  /** decision.refused records, oldest first, as [actor, target, refusal, reason]. */
  const refusals = () =>
    query<{ actor: string; target: string | null; reason: string; payload: string }>(
      "SELECT actor, target, reason, payload FROM audit_log WHERE action = 'decision.refused' ORDER BY seq",
    ).map((row) => [row.actor, row.target, JSON.parse(row.payload).refusal, row.reason]);
  return { dir, run, query, requestOf, refusals };
}
