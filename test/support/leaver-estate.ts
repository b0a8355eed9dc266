/**
 * A small estate on disk for end-to-end CLI tests: three people (Bob left in October), an AWS key
 * of Alice's and a Snowflake token of Bob's from an inventory file, and a config naming both. A
 * scan as of 2026-11-26 raises one leaver-owned finding and proposes request 1, which Carol (no
 * owner of it) may approve.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LEAVER_HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,department,aliases',
  'E1,alice@acme.example,Alice Archer,active,employee,2020-01-01,,platform,',
  'E2,bob@acme.example,Bob Baker,terminated,employee,2020-01-01,2026-10-01,platform,',
  'E3,carol@acme.example,Carol Chen,active,employee,2020-01-01,,security,',
  '',
].join('\n');

export const LEAVER_INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,status,department',
  'aws,111122223333,access-key,AKIAEXAMPLEALICE0001,deploy,alice@acme.example,2026-11-01,2026-11-20,active,platform',
  'snowflake,acme,token,SNOWBOB00001,etl,bob@acme.example,2026-11-01,2026-11-20,active,platform',
  '',
].join('\n');

/** Writes hr.csv, inventory.csv and nhiscan.yaml (database nhiscan.db) into `dir`. */
export function writeLeaverEstate(dir: string): void {
  writeFileSync(join(dir, 'hr.csv'), LEAVER_HR);
  writeFileSync(join(dir, 'inventory.csv'), LEAVER_INVENTORY);
  writeFileSync(
    join(dir, 'nhiscan.yaml'),
    'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\n',
  );
}
