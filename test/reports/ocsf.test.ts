/** OCSF finding events: IAM Analysis Finding (2008) field by field, and Detection Finding (2004). */
import { describe, expect, it } from 'vitest';
import { loadReportFormat } from '../../reports/index.js';
import { ocsfEvents, renderOcsf } from '../../reports/ocsf/index.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import {
  awsUid,
  DEPLOY_KEY_UID,
  LEAVER_COMPLIANCE,
  LEAVER_EVIDENCE,
  LEAVER_FINDING_UID,
  LEAVER_LABELS,
  SIEM_INPUT,
  T0,
  T1,
} from './siem-fixture.js';

const validator = new OcsfValidator();
const ms = (iso: string) => Date.parse(iso);

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
        labels: LEAVER_LABELS,
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
        evidence: LEAVER_EVIDENCE,
        compliance: LEAVER_COMPLIANCE,
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
      unmapped: { suppression: { reason: 'vendor account', approved_by: 'sec-lead', expires: '2027-01-01' } },
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
    // The count of owner signals is signal_count: `signals` is a list in every event.
    expect((unknown.unmapped as { evidence: unknown }).evidence).toEqual({
      signal_count: 0,
      signals: [],
      created_at: '2026-06-01',
      age_days: 178,
      new_key_grace_days: 7,
    });
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
          evidence: LEAVER_EVIDENCE,
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
