/**
 * A one-account AWS estate of access keys owned (by tag) by people in an HR CSV, and the
 * nhiscan.yaml that points an `aws` source at its emulator: what the queue tests share.
 */
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsEstate, AwsUserEstate } from '../../../scanners/aws/emulator/estate.js';
import type { AwsEmulator } from '../../../scanners/aws/emulator/index.js';

export const ACCOUNT = '111111111111';
export const CALLER = { accessKeyId: 'AKIAQUEUECALLER00009', secretAccessKey: 'queue-fixture-secret' };
/** The env variables nhiscan.yaml names for the caller key (set them in the test process). */
export const CALLER_ENV = {
  QUEUE_FIXTURE_AWS_KEY: CALLER.accessKeyId,
  QUEUE_FIXTURE_AWS_SECRET: CALLER.secretAccessKey,
};

export interface KeyOwner {
  /** IAM user name. */
  user: string;
  /** The user's one access key id (20 characters). */
  key: string;
  /** The owner tag: an e-mail in the HR file. */
  owner: string;
}

export function credentialUid(key: string): string {
  return `aws:${ACCOUNT}:access-key:${key}`;
}

function user({ user: name, key, owner }: KeyOwner, index: number): AwsUserEstate {
  return {
    name,
    userId: `AIDAQUEUEFIXTURE${String(index).padStart(4, '0')}`,
    createDate: '2025-01-01T00:00:00Z',
    tags: { owner },
    accessKeys: [
      {
        id: key,
        status: 'Active',
        createDate: '2026-06-01T00:00:00Z',
        lastUsed: { date: '2026-11-20T00:00:00Z', serviceName: 's3', region: 'us-east-1' },
      },
    ],
  };
}

/** A fresh estate (the emulator mutates the one it serves): one non-privileged user per key. */
export function estateOf(keys: readonly KeyOwner[]): AwsEstate {
  return {
    callerAccessKey: { ...CALLER, accountId: ACCOUNT, userName: 'scanner' },
    accounts: [{ id: ACCOUNT, users: keys.map(user), roles: [], groups: [] }],
  };
}

export interface HrRow {
  id: string;
  email: string;
  status: 'active' | 'terminated';
  terminationDate?: string;
}

/** Writes hr.csv and sets its modification time (the stale-hr guard reads it). */
export function writeHr(dir: string, rows: readonly HrRow[], modified: string): void {
  const lines = rows.map(
    (row) =>
      `${row.id},${row.email},Person ${row.id},${row.status},employee,2020-01-01,${row.terminationDate ?? ''}`,
  );
  const path = join(dir, 'hr.csv');
  writeFileSync(
    path,
    `employee_id,email,name,status,worker_type,hire_date,termination_date\n${lines.join('\n')}\n`,
  );
  utimesSync(path, new Date(modified), new Date(modified));
}

/**
 * Writes nhiscan.yaml: hr.csv, one aws source `aws-prod` at the endpoint, the revocation block and,
 * when given, the governance block (service actors that run the queue).
 */
export function writeConfig(dir: string, endpoint: string, revocation: string, governance?: string): void {
  writeFileSync(
    join(dir, 'nhiscan.yaml'),
    [
      'hr: { source: csv, path: hr.csv, maxAgeHours: 24 }',
      'sources:',
      '  - type: aws',
      '    name: aws-prod',
      `    endpoint: ${endpoint}`,
      '    credentials: { accessKeyId: env:QUEUE_FIXTURE_AWS_KEY, secretAccessKey: env:QUEUE_FIXTURE_AWS_SECRET }',
      `    accounts: [{ id: "${ACCOUNT}" }]`,
      '    sshPublicKeys: false',
      `revocation: ${revocation}`,
      ...(governance ? [`governance: ${governance}`] : []),
      '',
    ].join('\n'),
  );
}

/** Every request that could change the estate, as [action, credential id, Status]. */
export function providerWrites(emulator: AwsEmulator): [string, string | undefined, string | undefined][] {
  return emulator.requestLog
    .filter((entry) => /^(Update|Delete|Create|Put|Attach|Detach|Remove|Add|Upload)/.test(entry.action))
    .map((entry) => [entry.action, entry.params.AccessKeyId, entry.params.Status]);
}
