/**
 * Seeds a real audit log through appendAudit on a database opened with openDatabase: the story of
 * one leaver's AWS key (proposed, approved, disabled, delete failed) and one spreadsheet token
 * revoked by hand, then findings to make the log as long as asked.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  type AuditInput,
  type AuditRecord,
  appendAudit,
  auditOcsfEvents,
  type OcsfAccountChange,
} from '../../src/audit/index.js';
import { beginRun, type Db, mergeRun, openDatabase, stagePage } from '../../src/store/index.js';
import { credential } from '../support/builders.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

export const AWS_KEY = credential('AKIAEXAMPLE0000LEFT', {
  principalUid: 'arn:aws:iam::111122223333:user/ci-deploy',
  principalName: 'ci-deploy',
  lastUsedAt: '2026-11-20T08:30:00Z',
});
export const SHEET_TOKEN = credential('tok-42', {
  uid: 'spreadsheet:prod-vault:token:tok-42',
  provider: 'vault',
  account: 'prod-vault',
  kind: 'token',
  lastUsedKnown: false,
  lastUsedAt: null,
});

const minute = (n: number) => new Date(Date.UTC(2026, 10, 26, 9, n)).toISOString();

/** The first ten records: every kind of record the queue and the scan write. */
export const STORY: Omit<AuditInput, 'time'>[] = [
  {
    actor: 'scan',
    action: 'scan.finished',
    target: 'run:1',
    reason: null,
    payload: { runId: 1, status: 'complete' },
  },
  {
    actor: 'scan',
    action: 'finding.raised',
    target: 'finding:nhi-leaver-1',
    reason: 'owner Zoë Ångström left on 2026-11-20',
    payload: { findingUid: 'nhi-leaver-1', credentialUid: AWS_KEY.uid, rule: 'leaver-owned', to: 'open' },
  },
  {
    actor: 'nhiscan',
    action: 'request.proposed',
    target: 'request:1',
    reason: 'leaver-owned',
    payload: {
      requestId: 1,
      credentialUid: AWS_KEY.uid,
      provider: 'aws',
      rule: 'leaver-owned',
      steps: [
        { step: 'disable', afterDays: 0 },
        { step: 'delete', afterDays: 14 },
      ],
    },
  },
  {
    actor: 'alice',
    action: 'request.approved',
    target: 'request:1',
    reason: 'confirmed with her manager',
    payload: { requestId: 1, credentialUid: AWS_KEY.uid },
  },
  {
    actor: 'nhiscan',
    action: 'step.started',
    target: 'request:1',
    reason: null,
    payload: {
      requestId: 1,
      credentialUid: AWS_KEY.uid,
      step: 'disable',
      provider: 'aws',
      account: '111122223333',
    },
  },
  {
    actor: 'nhiscan',
    action: 'step.done',
    target: 'request:1',
    reason: null,
    payload: {
      requestId: 1,
      credentialUid: AWS_KEY.uid,
      step: 'disable',
      provider: 'aws',
      account: '111122223333',
      apiCall: 'iam:UpdateAccessKey Status=Inactive',
      outcome: 'revoked',
      rule: 'leaver-owned',
    },
  },
  {
    actor: 'nhiscan',
    action: 'step.started',
    target: 'request:1',
    reason: null,
    payload: {
      requestId: 1,
      credentialUid: AWS_KEY.uid,
      step: 'delete',
      provider: 'aws',
      account: '111122223333',
    },
  },
  {
    actor: 'nhiscan',
    action: 'step.failed',
    target: 'request:1',
    reason: null,
    payload: {
      requestId: 1,
      credentialUid: AWS_KEY.uid,
      step: 'delete',
      provider: 'aws',
      account: '111122223333',
      apiCall: 'iam:DeleteAccessKey',
      detail: 'aws: iam.DeleteAccessKey failed for account 111122223333: AccessDenied',
    },
  },
  {
    actor: 'nhiscan',
    action: 'request.proposed',
    target: 'request:2',
    reason: 'owner-unknown',
    payload: { requestId: 2, credentialUid: SHEET_TOKEN.uid, provider: 'vault', steps: [{ step: 'manual' }] },
  },
  {
    actor: 'carol',
    action: 'request.confirmed',
    target: 'request:2',
    reason: 'token deleted in the vault UI',
    payload: { requestId: 2, credentialUid: SHEET_TOKEN.uid, step: 'manual', ordinal: 0 },
  },
];

export function storyRecord(index: number): AuditInput {
  const base = STORY[index] ?? {
    actor: 'scan',
    action: 'finding.raised',
    target: `finding:nhi-${index}`,
    reason: `record ${index + 1}`,
    payload: { findingUid: `nhi-${index}`, n: index, ratio: index / 8 },
  };
  return { ...base, time: minute(index) };
}

/** Appends records `from`..`to` (1-based seq numbers) of the story. */
export function seedAuditLog(db: Db, to: number, from = 1): AuditRecord[] {
  const records: AuditRecord[] = [];
  for (let seq = from; seq <= to; seq += 1) records.push(appendAudit(db, storyRecord(seq - 1)));
  return records;
}

/** Stores the two credentials, so the export can name their principals. */
export function storeCredentials(db: Db): void {
  const run = beginRun(db, {
    startedAt: '2026-11-26T08:00:00.000Z',
    asOf: '2026-11-26T00:00:00.000Z',
    hrSnapshotId: null,
    onlySources: null,
  });
  stagePage(db, run, 'aws-prod', { credentials: [AWS_KEY], principals: [] });
  stagePage(db, run, 'spreadsheet', { credentials: [SHEET_TOKEN], principals: [] });
  mergeRun(db, run, [
    { name: 'aws-prod', status: 'complete' },
    { name: 'spreadsheet', status: 'complete' },
  ]);
}

/**
 * The audit export's Account Change events (what `--include-actions` adds) of the stored
 * credentials and `records` story records, from a fresh database under `dir`.
 */
export function seededAccountChanges(dir: string, records: number): OcsfAccountChange[] {
  const db = openDatabase(join(dir, 'nhiscan.db'));
  try {
    storeCredentials(db);
    seedAuditLog(db, records);
    return [...auditOcsfEvents(db, { productVersion: '0.1.0' })];
  } finally {
    db.close();
  }
}

/** A database file in a fresh temp dir with `records` audit records, closed and ready to tamper. */
export function seededDatabaseFile(records: number): { dir: string; path: string; remove: () => void } {
  const dir = temporaryDirectory('nhiscan-audit-');
  const path = join(dir.path, 'nhiscan.db');
  const db = openDatabase(path);
  try {
    seedAuditLog(db, records);
  } finally {
    db.close();
  }
  return { dir: dir.path, path, remove: dir.remove };
}

/** The sqlite3 command-line shell, or a failing test that says how to get it (never a skip). */
export function requireSqlite3(): void {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      'the audit tamper tests need the sqlite3 command-line shell on PATH (`which sqlite3` found nothing; install it with `apt-get install sqlite3`)',
      { cause: error },
    );
  }
}

/** Runs SQL through the sqlite3 shell, as an attacker with write access to the file would. */
export function sqlite3(path: string, sql: string): string {
  return execFileSync('sqlite3', ['-bail', path], { input: sql, stdio: 'pipe', encoding: 'utf8' });
}
