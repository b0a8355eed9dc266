import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type AuditRecord,
  auditOcsfEvents,
  GENESIS_HASH,
  type OcsfAccountChange,
  ocsfActivity,
  toOcsfAccountChange,
} from '../../src/audit/index.js';
import { TOOL_VERSION } from '../../src/core/version.js';
import { type Db, openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { OcsfSchemaSource } from '../support/ocsf-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { AWS_KEY, SHEET_TOKEN, seedAuditLog, sqlite3, storeCredentials } from './seed.js';

const source = new OcsfSchemaSource();
const ajv = new Ajv2020.default({ allErrors: true, strict: true, strictRequired: false });
const validateAccountChange = ajv.compile(source.classSchema('account_change'));

/** Schema errors as `path: message` lines; empty when the event is valid OCSF 1.8.0 Account Change. */
function schemaErrors(event: unknown): string[] {
  if (validateAccountChange(event)) return [];
  return (validateAccountChange.errors ?? []).map(
    (error) => `${error.instancePath || '/'}: ${error.message}`,
  );
}

describe('the OCSF schema used to validate', () => {
  it('is the official 1.8.0 source, and Account Change is class 3001 in category 3', () => {
    expect(source.version).toBe('1.8.0');
    expect(source.classUid('account_change')).toEqual({ classUid: 3001, categoryUid: 3 });
  });

  it('rejects what is not an Account Change event (the validator is not vacuous)', () => {
    expect(schemaErrors({})).toContain("/: must have required property 'user'");
    const valid = exampleEvent();
    expect(schemaErrors(valid)).toEqual([]);
    expect(schemaErrors({ ...valid, class_uid: 3002 })).toContain('/class_uid: must be equal to constant');
    expect(schemaErrors({ ...valid, type_uid: 300107 + 50 })).toContain(
      '/type_uid: must be equal to one of the allowed values',
    );
    expect(schemaErrors({ ...valid, activity_id: 42 })).toContain(
      '/activity_id: must be equal to one of the allowed values',
    );
    expect(schemaErrors({ ...valid, time: '2026-11-26T09:05:00Z' })).toContain('/time: must be integer');
    expect(schemaErrors({ ...valid, user: {} })).toContain("/user: must have required property 'account'");
    expect(schemaErrors({ ...valid, metadata: { ...valid.metadata, sequnce: 1 } })).toContain(
      '/metadata: must NOT have additional properties',
    );
    expect(
      schemaErrors({ ...valid, user: { ...valid.user, programmatic_credentials: [{ type: 'access-key' }] } }),
    ).toContain("/user/programmatic_credentials/0: must have required property 'uid'");
  });
});

function exampleEvent(): OcsfAccountChange {
  const record = auditRecord({
    seq: 6,
    action: 'step.done',
    payload: { requestId: 1, credentialUid: AWS_KEY.uid, step: 'disable', outcome: 'revoked' },
  });
  return toOcsfAccountChange(record, { productVersion: '0.1.0', credential: AWS_KEY })!;
}

function auditRecord(
  fields: Partial<AuditRecord> & Pick<AuditRecord, 'seq' | 'action' | 'payload'>,
): AuditRecord {
  return {
    time: '2026-11-26T09:05:00.000Z',
    actor: 'nhiscan',
    target: 'request:1',
    reason: null,
    prevHash: GENESIS_HASH,
    hash: 'cd'.repeat(32),
    ...fields,
  };
}

describe('toOcsfAccountChange', () => {
  it('maps a done disable step field by field', () => {
    const record = auditRecord({
      seq: 6,
      action: 'step.done',
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
    });
    const event = toOcsfAccountChange(record, {
      productVersion: '9.9.9',
      credential: AWS_KEY,
      approvals: [{ actor: 'alice', reason: 'confirmed with her manager' }],
    });
    expect(event).toEqual({
      activity_id: 5,
      activity_name: 'Disable',
      category_uid: 3,
      category_name: 'Identity & Access Management',
      class_uid: 3001,
      class_name: 'Account Change',
      type_uid: 300105,
      type_name: 'Account Change: Disable',
      severity_id: 1,
      severity: 'Informational',
      status_id: 1,
      status: 'Success',
      status_code: 'revoked',
      time: Date.parse('2026-11-26T09:05:00.000Z'),
      timezone_offset: 0,
      message: `disable ${AWS_KEY.uid} (request 1): done`,
      metadata: {
        version: '1.8.0',
        product: { name: 'nhiscan', vendor_name: 'nhiscan', version: '9.9.9' },
        uid: 'cd'.repeat(32),
        sequence: 6,
        log_name: 'audit',
        event_code: 'step.done',
        original_time: '2026-11-26T09:05:00.000Z',
        correlation_uid: 'request:1',
      },
      user: {
        name: 'ci-deploy',
        uid: 'arn:aws:iam::111122223333:user/ci-deploy',
        account: { uid: '111122223333', type_id: 10, type: 'AWS Account' },
        programmatic_credentials: [
          {
            uid: 'AKIAEXAMPLE0000LEFT',
            type: 'access-key',
            last_used_time: Date.parse('2026-11-20T08:30:00Z'),
          },
        ],
      },
      actor: {
        app_name: 'nhiscan',
        authorizations: [
          {
            decision: 'Approved',
            policy: {
              uid: 'request:1',
              name: 'nhiscan revocation approval',
              desc: 'approved by alice: confirmed with her manager',
            },
          },
        ],
      },
      unmapped: {
        audit_action: 'step.done',
        credential_uid: AWS_KEY.uid,
        request_id: 1,
        step: 'disable',
        outcome: 'revoked',
        api_call: 'iam:UpdateAccessKey Status=Inactive',
        provider: 'aws',
        rule: 'leaver-owned',
        approved_by: ['alice'],
      },
    });
    expect(schemaErrors(event)).toEqual([]);
  });

  it('maps a failed delete step to Delete with status Failure and the detail', () => {
    const event = toOcsfAccountChange(
      auditRecord({
        seq: 8,
        action: 'step.failed',
        payload: { requestId: 1, credentialUid: AWS_KEY.uid, step: 'delete', detail: 'AccessDenied' },
      }),
      { productVersion: '0.1.0', credential: AWS_KEY },
    )!;
    expect(event).toMatchObject({
      activity_id: 6,
      activity_name: 'Delete',
      type_uid: 300106,
      status_id: 2,
      status: 'Failure',
      status_detail: 'AccessDenied',
      severity_id: 3,
      severity: 'Medium',
      message: `delete ${AWS_KEY.uid} (request 1): failed`,
    });
    expect(event.actor).toEqual({ app_name: 'nhiscan' });
    expect(schemaErrors(event)).toEqual([]);
  });

  it('maps a confirmed manual task to 99 "Revoke", the person as actor, the credential as user', () => {
    const event = toOcsfAccountChange(
      auditRecord({
        seq: 10,
        actor: 'carol',
        action: 'request.confirmed',
        target: 'request:2',
        reason: 'token deleted in the vault UI',
        payload: { requestId: 2, credentialUid: SHEET_TOKEN.uid, step: 'manual', ordinal: 0 },
      }),
      { productVersion: '0.1.0', credential: SHEET_TOKEN },
    )!;
    expect(event).toMatchObject({
      activity_id: 99,
      activity_name: 'Revoke',
      type_uid: 300199,
      type_name: 'Account Change: Other',
      status_id: 1,
      status_code: 'confirmed',
      message: `manual ${SHEET_TOKEN.uid} (request 2): done, confirmed by carol`,
      actor: { user: { name: 'carol' } },
      user: {
        name: SHEET_TOKEN.uid,
        uid: SHEET_TOKEN.uid,
        account: { uid: 'prod-vault', type_id: 99, type: 'vault account' },
        programmatic_credentials: [{ uid: 'tok-42', type: 'token' }],
      },
      unmapped: { reason: 'token deleted in the vault UI', step: 'manual' },
    });
    expect(schemaErrors(event)).toEqual([]);
  });

  it('names activities: disable 5, delete 6, anything else 99 "Revoke"', () => {
    expect(['disable', 'delete', 'revoke-sessions', 'manual', undefined].map(ocsfActivity)).toEqual([
      { id: 5, name: 'Disable' },
      { id: 6, name: 'Delete' },
      { id: 99, name: 'Revoke' },
      { id: 99, name: 'Revoke' },
      { id: 99, name: 'Revoke' },
    ]);
  });

  it.each([
    ['step.started', {}],
    ['request.approved', {}],
    ['finding.raised', {}],
    ['scan.finished', {}],
    ['step.done', { outcome: 'planned' }],
    ['step.done', { outcome: 'waiting-for-human' }],
    ['step.done', { dryRun: true, outcome: 'revoked' }],
  ])('exports no event for %s %j: the account did not change', (action, extra) => {
    const record = auditRecord({
      seq: 3,
      action,
      payload: { requestId: 1, credentialUid: AWS_KEY.uid, step: 'disable', ...extra },
    });
    expect(toOcsfAccountChange(record, { productVersion: '0.1.0' })).toBeNull();
  });

  it('without the stored credential, describes it from the payload alone', () => {
    const event = toOcsfAccountChange(
      auditRecord({
        seq: 4,
        action: 'step.done',
        payload: {
          credentialUid: 'gcp:proj-1:sa-key:k1',
          step: 'revoke-sessions',
          provider: 'gcp',
          account: 'proj-1',
        },
      }),
      { productVersion: '0.1.0' },
    )!;
    expect(event.user).toEqual({
      name: 'gcp:proj-1:sa-key:k1',
      uid: 'gcp:proj-1:sa-key:k1',
      account: { uid: 'proj-1', type_id: 11, type: 'GCP Project' },
      programmatic_credentials: [{ uid: 'gcp:proj-1:sa-key:k1' }],
    });
    expect(event.metadata).not.toHaveProperty('correlation_uid');
    expect(schemaErrors(event)).toEqual([]);
  });
});

describe('exporting a log', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let db: Db;
  let records: AuditRecord[];
  beforeEach(() => {
    dir = temporaryDirectory();
    db = openDatabase(join(dir.path, 'nhiscan.db'));
    storeCredentials(db);
    records = seedAuditLog(db, 12);
  });
  afterEach(() => {
    db.close();
    dir.remove();
  });

  it('turns the done and failed steps and the confirmed manual task into valid OCSF 1.8.0 Account Change events', () => {
    const events = [...auditOcsfEvents(db, { productVersion: TOOL_VERSION })];
    expect(events.map((event) => [event.metadata.sequence, event.activity_name, event.status])).toEqual([
      [6, 'Disable', 'Success'],
      [8, 'Delete', 'Failure'],
      [10, 'Revoke', 'Success'],
    ]);
    expect(events.map((event) => event.metadata.uid)).toEqual([
      records[5]!.hash,
      records[7]!.hash,
      records[9]!.hash,
    ]);
    for (const event of events) expect(schemaErrors(event)).toEqual([]);
    // The approval recorded at seq 4 travels with both steps of request 1.
    expect(events[0]!.unmapped.approved_by).toEqual(['alice']);
    expect(events[1]!.unmapped.approved_by).toEqual(['alice']);
    expect(events[2]!.unmapped).not.toHaveProperty('approved_by');
    expect(events[0]!.user.name).toBe('ci-deploy');
  });

  it('exports only records after --after, still knowing the approvals before it', () => {
    const events = [...auditOcsfEvents(db, { productVersion: TOOL_VERSION, afterSeq: 6 })];
    expect(events.map((event) => event.metadata.sequence)).toEqual([8, 10]);
    expect(events[0]!.actor.authorizations).toHaveLength(1);
  });

  describe('nhiscan audit export', () => {
    const run = (argv: string[]) =>
      cli(['audit', 'export', '--db', 'nhiscan.db', ...argv], { cwd: dir.path });

    it('prints NDJSON on stdout, one valid event per line', async () => {
      const result = await run(['--format', 'ocsf']);
      expect(result.exitCode).toBe(0);
      expect(result.stderr).toBe('');
      const lines = result.stdout.split('\n');
      expect(lines.pop()).toBe('');
      expect(lines).toHaveLength(3);
      for (const line of lines) expect(schemaErrors(JSON.parse(line))).toEqual([]);
      expect(JSON.parse(lines[0]!).metadata.product).toEqual({
        name: 'nhiscan',
        vendor_name: 'nhiscan',
        version: TOOL_VERSION,
      });
    });

    it('writes the file with --out and says how many events', async () => {
      const result = await run(['--format', 'ocsf', '--out', 'audit.ndjson', '--after', '7']);
      expect(result).toEqual({
        exitCode: 0,
        stdout: '',
        stderr: `exported 2 OCSF events to ${join(dir.path, 'audit.ndjson')}\n`,
      });
      const lines = readFileSync(join(dir.path, 'audit.ndjson'), 'utf8').trimEnd().split('\n');
      expect(lines.map((line) => JSON.parse(line).metadata.sequence)).toEqual([8, 10]);
    });

    it('refuses an unknown format (exit 2) and a log that does not verify (exit 1), exporting nothing', async () => {
      expect(await run(['--format', 'cef'])).toEqual({
        exitCode: 2,
        stdout: '',
        stderr: 'nhiscan: error: key --format: expected one of ocsf, got "cef"\n',
      });
      db.close();
      sqlite3(
        join(dir.path, 'nhiscan.db'),
        "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'bob' WHERE seq = 4;",
      );
      db = openDatabase(join(dir.path, 'nhiscan.db'));
      const result = await run(['--format', 'ocsf']);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        'verification failed at record 4: audit record 4: hash does not match its content',
      );
    });
  });
});
