/**
 * A scanned database for the review tests: HR with a leaver (Bob) and two active people, and a
 * hand-kept inventory with Bob's standard key, Bob's privileged key, Ann's stale key and an
 * ownerless one whose last use the inventory does not know. Leaver requests need approval (two for
 * the privileged key).
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewAppProps } from '../../src/review/app.js';
import { reviewAppProps } from '../../src/review/props.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

export const NOW = '2026-11-26T12:00:00Z';

export async function scannedFixture(): Promise<{
  dir: ReturnType<typeof temporaryDirectory>;
  dbPath: string;
}> {
  const dir = temporaryDirectory();
  writeFileSync(
    join(dir.path, 'hr.csv'),
    [
      'employee_id,email,name,status,worker_type,hire_date,termination_date',
      'E1,ann@acme.example,Ann Archer,active,employee,2020-01-01,',
      'E2,bob@acme.example,Bob Baker,terminated,employee,2020-01-01,2026-10-01',
      'E3,cy@acme.example,Cy Chen,active,employee,2020-01-01,',
      '',
    ].join('\n'),
  );
  utimesSync(join(dir.path, 'hr.csv'), new Date('2026-11-26T06:00:00Z'), new Date('2026-11-26T06:00:00Z'));
  writeFileSync(
    join(dir.path, 'inventory.csv'),
    [
      'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,status,privileged',
      'jenkins,ci,api-token,jk-1,svc-build,bob@acme.example,2026-09-01,2026-11-20,active,false',
      'snowflake,prod,key-pair,sf-1,svc-etl,bob@acme.example,2026-09-01,2026-11-20,active,true',
      'datadog,acme,api-key,dd-1,svc-metrics,ann@acme.example,2025-01-01,2025-02-01,active,false',
      'datadog,acme,api-key,dd-2,svc-orphan,,2026-01-01,,active,false',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir.path, 'nhiscan.yaml'),
    [
      'hr: { source: csv, path: hr.csv }',
      'sources:',
      '  - type: inventory-file',
      '    name: spreadsheet',
      '    path: inventory.csv',
      'revocation: { leaver: approve, privilegedApprovals: 2 }',
      '',
    ].join('\n'),
  );
  const scan = await cli(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], { cwd: dir.path, now: NOW });
  if (scan.exitCode !== 0) throw new Error(`fixture scan failed: ${scan.stderr}`);
  return { dir, dbPath: join(dir.path, 'nhiscan.db') };
}

export function appProps(
  db: Db,
  options: { reviewer: string; readOnly?: boolean; baselineFile: string },
): ReviewAppProps {
  return reviewAppProps({
    db,
    reviewer: options.reviewer,
    readOnly: Boolean(options.readOnly),
    baselineFile: options.baselineFile,
    now: () => new Date(NOW),
    preview: async () => ['preview line'],
    noColor: true,
  });
}

export { openDatabase };
