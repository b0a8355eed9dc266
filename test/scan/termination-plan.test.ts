/**
 * What a termination scan reads, from what the database knows: a source holding a credential the
 * person owns or co-owns (a match of any owner signal) is read whole; a source with nothing of theirs
 * and no person-account check is not read.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { terminationPlan } from '../../src/scan/termination-plan.js';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const HEADER = 'provider,account,kind,credential_id,principal,owner,created_at,last_used_at';

describe('termination plan', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type,hire_date,termination_date\nE1,ann@acme.example,Ann,active,employee,2020-01-01,\nE2,bob@acme.example,Bob,active,employee,2020-01-01,\n',
    );
    writeFileSync(
      join(dir.path, 'shared.csv'),
      `${HEADER}\njenkins,ci,api-token,jk-1,svc-a,ann@acme.example;bob@acme.example,2026-11-01,2026-11-20\n`,
    );
    writeFileSync(
      join(dir.path, 'anns.csv'),
      `${HEADER}\nsnowflake,prod,key-pair,sf-1,svc-b,ann@acme.example,2026-11-01,2026-11-20\n`,
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr: { source: csv, path: hr.csv }\nsources:\n  - { type: inventory-file, name: shared, path: shared.csv }\n  - { type: inventory-file, name: anns, path: anns.csv }\n',
    );
  });
  afterEach(() => dir.remove());

  it('reads the source where the person co-owns a credential, and not the others', async () => {
    const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], { cwd: dir.path });
    expect(scan.exitCode).toBe(0);
    const config = await loadConfig(join(dir.path, 'nhiscan.yaml'));
    const db = openDatabase(config.dbPath);
    try {
      // Bob is not the resolved owner of jk-1 (Ann's signal comes first), only a co-owner.
      expect(terminationPlan(db, config.sources, ['E2'])).toEqual({
        only: ['shared'],
        focus: { employeeIds: ['E2'], sources: [] },
        skipped: ['anns'],
      });
      expect(terminationPlan(db, config.sources, ['E1']).only).toEqual(['shared', 'anns']);
      expect(terminationPlan(db, config.sources, ['E9']).only).toEqual([]);
    } finally {
      db.close();
    }
  });
});
