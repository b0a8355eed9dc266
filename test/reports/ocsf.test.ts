import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportFormat } from '../../reports/index.js';
import { ocsfEvents, renderOcsf } from '../../reports/ocsf/index.js';
import { auditOcsfEvents, type OcsfAccountChange } from '../../src/audit/index.js';
import { openDatabase } from '../../src/store/index.js';
import { seedAuditLog, storeCredentials } from '../audit/seed.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { awsUid, DEPLOY_KEY_UID, LEAVER_FINDING_UID, SIEM_INPUT, T0, T1 } from './siem-fixture.js';

const validator = new OcsfValidator();
const ms = (iso: string) => Date.parse(iso);

describe('the OCSF validator (test/support/ocsf-schema.ts)', () => {
  // biome-ignore lint/suspicious/noExplicitAny: these tests break the event on purpose
  const valid = () => structuredClone(ocsfEvents(SIEM_INPUT)[0]!.event) as Record<string, any>;

  it('accepts a finding event and is not vacuous', () => {
    expect(validator.source.version).toBe('1.8.0');
    expect(validator.errors(valid())).toEqual([]);
    expect(validator.errors({})).toEqual(['/class_uid: must be the number of an OCSF class']);
    expect(validator.errors({ class_uid: 1234 })).toEqual(['/class_uid: 1234 is not an OCSF 1.8.0 class']);
  });

  it('resolves extends and the class constraint: IAM Analysis Finding needs one of its analysis attributes', () => {
    const { identity_activity_metrics: _, ...event } = valid();
    expect(validator.errors(event)).toContain("/: must have required property 'identity_activity_metrics'");
    expect(validator.errors({ ...valid(), finding_info: { title: 'no uid' } })).toContain(
      "/finding_info: must have required property 'uid'",
    );
  });

  it('merges a class enum over the dictionary: Finding status_id keeps 0 Unknown and 99 Other', () => {
    expect(validator.errors({ ...valid(), status_id: 99, status: 'Triaged' })).toEqual([]);
    expect(validator.errors({ ...valid(), status_id: 0, status: 'Unknown' })).toEqual([]);
    expect(validator.errors({ ...valid(), status_id: 7, status: 'New' })).toContain(
      '/status_id: must be equal to one of the allowed values',
    );
  });

  it('requires a sibling to be its id’s caption (status "New" for 1), except for 99 Other', () => {
    expect(validator.errors({ ...valid(), status: 'Open' })).toContain('/status: must be equal to constant');
    expect(validator.errors({ ...valid(), severity: 'Severe' })).toContain(
      '/severity: must be equal to constant',
    );
    const event = valid();
    event.finding_info.analytic.type = 'Signature';
    expect(validator.errors(event)).toContain('/finding_info/analytic/type: must be equal to constant');
  });

  it('requires type_uid = class_uid × 100 + activity_id', () => {
    expect(validator.errors({ ...valid(), type_uid: 200803 })).toContain(
      '/type_uid: must be equal to constant',
    );
  });

  it('checks dictionary types and object requirements in nested objects', () => {
    const event = valid();
    event.resources[0].owner.email_addr = 'not an email';
    event.user.programmatic_credentials = [{ type: 'access-key' }];
    event.time = new Date(event.time).toISOString();
    expect(validator.errors(event)).toEqual(
      expect.arrayContaining([
        '/time: must be integer',
        '/resources/0/owner/email_addr: must match pattern "^[a-zA-Z0-9!#$%&\'*+-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+$"',
        "/user/programmatic_credentials/0: must have required property 'uid'",
      ]),
    );
  });

  it('rejects deprecated attributes (user.credential_uid → programmatic_credentials) and unknown ones', () => {
    const event = valid();
    event.user.credential_uid = 'AKIAEXAMPLEPRIV00001';
    expect(validator.errors(event)).toContain('/user: must NOT have additional properties');
    expect(validator.errors({ ...valid(), finding: {} })).toContain('/: must NOT have additional properties');
  });
});

describe('OCSF findings (IAM Analysis Finding, 2008)', () => {
  const events = ocsfEvents(SIEM_INPUT);

  it('gives one valid OCSF 1.8.0 event per finding, most severe first', () => {
    expect(events.map((item) => (item.event.finding_info as { uid: string }).uid)).toEqual([
      LEAVER_FINDING_UID,
      `nhi-${'e'.repeat(24)}`,
      `nhi-${'c'.repeat(24)}`,
      `nhi-${'b'.repeat(24)}`,
      `nhi-${'d'.repeat(24)}`,
    ]);
    for (const item of events) {
      expect(validator.errors(item.event)).toEqual([]);
      expect(item.event.metadata).toMatchObject({ version: '1.8.0', uid: item.id });
      expect(item.time).toBe(item.event.time);
    }
  });

  it('maps the leaver-owned finding field by field', () => {
    expect(events[0]!.event).toEqual({
      activity_id: 2,
      activity_name: 'Update',
      category_uid: 2,
      category_name: 'Findings',
      class_uid: 2008,
      class_name: 'IAM Analysis Finding',
      type_uid: 200802,
      type_name: 'IAM Analysis Finding: Update',
      severity_id: 5,
      severity: 'Critical',
      status_id: 1,
      status: 'New',
      time: ms(T1),
      timezone_offset: 0,
      start_time: ms(T0),
      end_time: ms(T1),
      message: 'Access key AKIAEXAMPLEPRIV00001 of aws/111122223333 is owned by leaver Zoë Ångström',
      confidence_id: 3,
      confidence: 'High',
      confidence_score: 95,
      metadata: {
        version: '1.8.0',
        product: { name: 'nhiscan', vendor_name: 'nhiscan', version: '0.1.0' },
        uid: events[0]!.id,
        log_name: 'findings',
        event_code: 'leaver-owned',
        original_time: T1,
        correlation_uid: awsUid('AKIAEXAMPLEPRIV00001'),
      },
      finding_info: {
        uid: LEAVER_FINDING_UID,
        title: 'Access key AKIAEXAMPLEPRIV00001 of aws/111122223333 is owned by leaver Zoë Ångström',
        desc: 'The credential is active and its resolved owner has left (HR terminationDate on or before as-of).',
        types: ['leaver-owned'],
        analytic: {
          uid: 'leaver-owned',
          name: 'leaver-owned',
          type_id: 1,
          type: 'Rule',
          desc: 'The credential is active and its resolved owner has left (HR terminationDate on or before as-of).',
        },
        created_time: ms(T0),
        first_seen_time: ms(T0),
        last_seen_time: ms(T1),
        data_sources: ['aws-prod'],
      },
      remediation: {
        desc: 'Disable the credential now and delete it after the hand-over window, unless a new owner takes it over (nhiscan queue).',
      },
      resources: [
        {
          uid: awsUid('AKIAEXAMPLEPRIV00001'),
          role_id: 1,
          role: 'Target',
          name: 'AKIAEXAMPLEPRIV00001',
          type: 'access-key',
          created_time: ms('2026-11-01'),
          criticality: 'privileged',
          labels: ['provider:aws', 'account:111122223333', 'state:present'],
          owner: {
            uid: 'E1',
            name: 'e1@acme.example',
            email_addr: 'e1@acme.example',
            full_name: 'Zoë Ångström',
            type_id: 1,
            type: 'User',
          },
        },
      ],
      user: {
        name: 'deploy',
        uid: 'arn:aws:iam::111122223333:user/deploy',
        account: { uid: '111122223333', type_id: 10, type: 'AWS Account' },
        programmatic_credentials: [
          { uid: 'AKIAEXAMPLEPRIV00001', type: 'access-key', last_used_time: ms('2026-11-25T08:30:00Z') },
        ],
      },
      identity_activity_metrics: {
        programmatic_credentials: [
          { uid: 'AKIAEXAMPLEPRIV00001', type: 'access-key', last_used_time: ms('2026-11-25T08:30:00Z') },
        ],
      },
      unmapped: {
        rule: 'leaver-owned',
        severity: 'critical',
        evidence: {
          owner: { employeeId: 'E1', email: 'e1@acme.example', name: 'Zoë Ångström' },
          terminationDate: '2026-10-01',
          daysSinceTermination: 56,
          privileged: true,
          privilegedReasons: ['AdministratorAccess attached'],
          baseSeverity: 'critical',
        },
        owner: {
          employee_id: 'E1',
          email: 'e1@acme.example',
          name: 'Zoë Ångström',
          outcome: 'resolved',
          confidence: 0.95,
          evidence: [
            {
              kind: 'tag',
              value: 'e1@acme.example',
              source: 'test tag',
              matched_employee_id: 'E1',
              matched_by: 'email',
            },
          ],
        },
        credential: {
          uid: awsUid('AKIAEXAMPLEPRIV00001'),
          provider: 'aws',
          account: '111122223333',
          kind: 'access-key',
          external_id: 'AKIAEXAMPLEPRIV00001',
          source: 'aws-prod',
          status: 'active',
          state: 'present',
          state_reason: null,
          created_at: '2026-11-01',
          expires_at: null,
          last_used_at: '2026-11-25T08:30:00Z',
          last_used_known: true,
          privileged: true,
          privileged_reasons: ['AdministratorAccess attached'],
          department: 'platform',
          hint: 'PRIV0001',
          first_seen_at: T0,
          last_seen_at: T1,
        },
        scan: { run_id: 3, as_of: '2026-11-26T00:00:00.000Z', status: 'complete' },
      },
    });
  });

  it('maps status open → 1 New, suppressed → 3 Suppressed, resolved → 4 Resolved, with the reason', () => {
    const byUid = new Map(
      events.map((item) => [(item.event.finding_info as { uid: string }).uid, item.event]),
    );
    expect(byUid.get(`nhi-${'b'.repeat(24)}`)).toMatchObject({
      status_id: 1,
      status: 'New',
      activity_id: 1,
      activity_name: 'Create',
      type_uid: 200801,
      severity_id: 4,
      severity: 'High',
    });
    expect(byUid.get(`nhi-${'c'.repeat(24)}`)).toMatchObject({
      status_id: 3,
      status: 'Suppressed',
      status_detail: 'suppressed by the baseline until 2027-01-01, approved by sec-lead: vendor account',
      time: ms(T0),
    });
    expect(byUid.get(`nhi-${'d'.repeat(24)}`)).toMatchObject({
      status_id: 4,
      status: 'Resolved',
      status_detail: 'the condition no longer holds',
      activity_id: 3,
      activity_name: 'Close',
      type_uid: 200803,
      time: ms(T1),
      severity_id: 3,
      finding_info: { modified_time: ms(T1) },
    });
  });

  it('reports confidence only for a resolved owner: Low for disagreeing signals, none without an owner', () => {
    const byUid = new Map(
      events.map((item) => [(item.event.finding_info as { uid: string }).uid, item.event]),
    );
    expect(byUid.get(`nhi-${'d'.repeat(24)}`)).toMatchObject({
      confidence_id: 1,
      confidence: 'Low',
      confidence_score: 42,
    });
    const unknown = byUid.get(`nhi-${'b'.repeat(24)}`)!;
    expect(unknown).not.toHaveProperty('confidence_id');
    expect(unknown.unmapped).toMatchObject({ owner: { outcome: 'none', confidence: 0, evidence: [] } });
    const notInHr = byUid.get(`nhi-${'c'.repeat(24)}`)!;
    expect(notInHr).not.toHaveProperty('confidence_id');
    expect((notInHr.resources as { owner?: unknown }[])[0]).not.toHaveProperty('owner');
    expect((notInHr.unmapped as { owner: { evidence: unknown[] } }).owner.evidence).toEqual([
      {
        kind: 'tag',
        value: 'vendor@partner.example',
        source: 'test tag',
        matched_employee_id: null,
        matched_by: 'no person with this email or alias',
      },
    ]);
  });

  it('describes a credential with no principal by itself, one of another provider as account 99, and a missing one by uid', () => {
    const byUid = new Map(
      events.map((item) => [(item.event.finding_info as { uid: string }).uid, item.event]),
    );
    expect(byUid.get(`nhi-${'b'.repeat(24)}`)!.user).toEqual({
      name: DEPLOY_KEY_UID,
      uid: DEPLOY_KEY_UID,
      account: { uid: 'acme', type_id: 99, type: 'GitHub organization' },
      programmatic_credentials: [{ uid: '77', type: 'deploy-key' }],
    });
    const missing = byUid.get(`nhi-${'e'.repeat(24)}`)!;
    expect(missing.user).toEqual({
      name: awsUid('AKIAEXAMPLENOTREPORT'),
      uid: awsUid('AKIAEXAMPLENOTREPORT'),
    });
    expect(missing.resources).toEqual([{ uid: awsUid('AKIAEXAMPLENOTREPORT'), role_id: 1, role: 'Target' }]);
    expect(missing.identity_activity_metrics).toEqual({ programmatic_credentials: [] });
  });

  it('never reports an unknown last use as a time', () => {
    const byUid = new Map(
      events.map((item) => [(item.event.finding_info as { uid: string }).uid, item.event]),
    );
    const event = byUid.get(`nhi-${'c'.repeat(24)}`)!;
    expect((event.user as { programmatic_credentials: unknown[] }).programmatic_credentials).toEqual([
      { uid: 'AKIAEXAMPLEUNVER0001', type: 'access-key' },
    ]);
    expect((event.unmapped as { credential: unknown }).credential).toMatchObject({
      last_used_at: null,
      last_used_known: false,
      last_used_unknown_reason: 'iam.GetAccessKeyLastUsed was denied',
    });
  });

  it('gives stable ids: the same report twice gives the same ids; a later scan gives new ones', () => {
    const again = ocsfEvents({ ...SIEM_INPUT, generatedAt: new Date('2027-01-01T00:00:00Z') });
    expect(again).toEqual(events);
    expect(new Set(events.map((item) => item.id)).size).toBe(events.length);
    const later = ocsfEvents({
      ...SIEM_INPUT,
      findings: SIEM_INPUT.findings.map((finding) => ({
        ...finding,
        lastSeenAt: '2026-11-27T11:00:00.000Z',
      })),
    });
    expect(later[0]!.id).not.toBe(events[0]!.id);
    expect(events[0]!.id).toMatch(/^nhi-evt-[0-9a-f]{32}$/);
  });

  it('renders NDJSON: one event per line, in the same order', async () => {
    const text = renderOcsf(SIEM_INPUT);
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual(events.map((item) => item.event));
    const format = await loadReportFormat('ocsf');
    expect(format?.render(SIEM_INPUT, {})).toBe(text);
  });
});

describe('OCSF Detection Finding (2004), --ocsf-class detection', () => {
  const events = ocsfEvents(SIEM_INPUT, { ocsfClass: 'detection' });

  it('gives valid Detection Finding events carrying the principal and evidence in evidences[]', () => {
    for (const item of events) expect(validator.errors(item.event)).toEqual([]);
    const leaver = events[0]!.event;
    expect(leaver).toMatchObject({
      class_uid: 2004,
      class_name: 'Detection Finding',
      type_uid: 200402,
      type_name: 'Detection Finding: Update',
      status_id: 1,
      is_alert: true,
      finding_info: { uid: LEAVER_FINDING_UID, types: ['leaver-owned'] },
      resources: [{ owner: { uid: 'E1' } }],
    });
    expect(leaver).not.toHaveProperty('user');
    expect(leaver).not.toHaveProperty('identity_activity_metrics');
    expect(leaver.evidences).toEqual([
      {
        uid: LEAVER_FINDING_UID,
        name: 'leaver-owned',
        user: expect.objectContaining({ uid: 'arn:aws:iam::111122223333:user/deploy' }),
        data: {
          evidence: expect.objectContaining({ terminationDate: '2026-10-01' }),
          owner: expect.objectContaining({ employee_id: 'E1' }),
        },
      },
    ]);
    expect(events.find((item) => (item.event.status_id as number) === 3)!.event.is_alert).toBe(false);
  });

  it('keeps the event ids of the IAM Analysis events (the same facts)', () => {
    expect(events.map((item) => item.id)).toEqual(ocsfEvents(SIEM_INPUT).map((item) => item.id));
  });
});

describe('OCSF inventory (User Inventory Info, 5003), --include-inventory', () => {
  const events = ocsfEvents(SIEM_INPUT, { includeInventory: true }).filter(
    (item) => item.event.class_uid === 5003,
  );

  it('gives one valid event per reported credential, gone ones included', () => {
    expect(
      events.map((item) => (item.event.unmapped as { credential: { uid: string } }).credential.uid),
    ).toEqual([
      awsUid('AKIAEXAMPLEGONE00001'),
      awsUid('AKIAEXAMPLEPRIV00001'),
      awsUid('AKIAEXAMPLEUNVER0001'),
      DEPLOY_KEY_UID,
    ]);
    for (const item of events) expect(validator.errors(item.event)).toEqual([]);
  });

  it('maps a credential field by field', () => {
    const event = events[1]!.event;
    expect(event).toMatchObject({
      activity_id: 2,
      activity_name: 'Collect',
      category_uid: 5,
      category_name: 'Discovery',
      class_uid: 5003,
      class_name: 'User Inventory Info',
      type_uid: 500302,
      severity_id: 1,
      time: ms(T1),
      message: 'access-key AKIAEXAMPLEPRIV00001 of aws/111122223333: active, present, owner e1@acme.example',
      metadata: {
        version: '1.8.0',
        log_name: 'inventory',
        uid: events[1]!.id,
        correlation_uid: awsUid('AKIAEXAMPLEPRIV00001'),
      },
      user: {
        name: 'deploy',
        uid: 'arn:aws:iam::111122223333:user/deploy',
        account: { uid: '111122223333', type_id: 10, type: 'AWS Account' },
        programmatic_credentials: [{ uid: 'AKIAEXAMPLEPRIV00001', type: 'access-key' }],
      },
      unmapped: {
        owner: { employee_id: 'E1', confidence: 0.95 },
        credential: { state: 'present', privileged: true },
      },
    });
    expect(events[0]!.event.message).toBe(
      'access-key AKIAEXAMPLEGONE00001 of aws/111122223333: active, gone, owner e2@acme.example',
    );
    expect(events[2]!.event.message).toContain('owner not in HR');
    expect(events[3]!.event.message).toContain('no owner');
  });
});

describe('OCSF queue actions (Account Change, 3001), --include-actions', () => {
  let actions: OcsfAccountChange[];
  const dir = temporaryDirectory();
  beforeAll(() => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      storeCredentials(db);
      seedAuditLog(db, 12);
      actions = [...auditOcsfEvents(db, { productVersion: '0.1.0' })];
    } finally {
      db.close();
    }
  });
  afterAll(() => dir.remove());

  it('appends the audit export’s events after the findings: disable 5, delete 6, revoke 99 "Revoke"', () => {
    const events = ocsfEvents(SIEM_INPUT, { actions });
    const changes = events.filter((item) => item.event.class_uid === 3001);
    expect(events.slice(-3)).toEqual(changes);
    expect(
      changes.map((item) => [item.event.activity_id, item.event.activity_name, item.event.status]),
    ).toEqual([
      [5, 'Disable', 'Success'],
      [6, 'Delete', 'Failure'],
      [99, 'Revoke', 'Success'],
    ]);
    for (const item of changes) {
      expect(validator.errors(item.event)).toEqual([]);
      expect(item.id).toBe((item.event.metadata as { uid: string }).uid);
    }
    expect(changes.map((item) => item.event)).toEqual(actions);
  });
});
