import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ecsEvents, renderEcs } from '../../reports/ecs/index.js';
import { stableEventId } from '../../reports/events.js';
import { loadReportFormat } from '../../reports/index.js';
import { buildJsonReport } from '../../reports/json/index.js';
import { ocsfEvents } from '../../reports/ocsf/index.js';
import type { OcsfAccountChange } from '../../src/audit/index.js';
import { SHEET_TOKEN, seededAccountChanges } from '../audit/seed.js';
import { ecsErrors } from '../support/ecs-fields.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
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

describe('the ECS checker (test/support/ecs-fields.ts)', () => {
  // biome-ignore lint/suspicious/noExplicitAny: these tests break the document on purpose
  const valid = () => structuredClone(ecsEvents(SIEM_INPUT)[0]!.event) as Record<string, any>;

  it('accepts a finding document and is not vacuous', () => {
    expect(ecsErrors(valid())).toEqual([]);
    const { '@timestamp': _, ...noTimestamp } = valid();
    expect(ecsErrors(noTimestamp)).toEqual(['@timestamp: required']);
    expect(ecsErrors({ ...valid(), ecs: {} })).toEqual(['ecs.version: required']);
    expect(ecsErrors({ ...valid(), rule: { nmae: 'x' } })).toEqual([
      'rule.nmae: not an ECS field (custom fields go under nhiscan.*)',
    ]);
    expect(ecsErrors({ ...valid(), event: { ...valid().event, kind: 'finding', type: ['start'] } })).toEqual([
      'event.kind: "finding" is not an allowed value',
      'event.type: "start" is not an expected type of category iam',
    ]);
    expect(
      ecsErrors({ ...valid(), event: { ...valid().event, severity: 'critical', category: 'iam' } }),
    ).toEqual([
      'event.category: expected an array',
      'event.severity: expected a whole number, got "critical"',
    ]);
    expect(ecsErrors({ ...valid(), '@timestamp': 1764154800000 })).toEqual([
      '@timestamp: expected an ISO 8601 date, got 1764154800000',
    ]);
  });
});

describe('ECS findings (event.kind alert)', () => {
  const events = ecsEvents(SIEM_INPUT);

  it('gives one valid ECS document per finding, in the OCSF order, with ids of its own', () => {
    const ocsf = ocsfEvents(SIEM_INPUT);
    expect(events.map((item) => (item.event.nhiscan as { finding: { uid: string } }).finding.uid)).toEqual(
      ocsf.map((item) => (item.event.finding_info as { uid: string }).uid),
    );
    expect(events.map((item) => item.id)).toEqual(
      ocsf.map((item) => {
        const finding = buildJsonReport(SIEM_INPUT).findings.find(
          (candidate) => candidate.uid === (item.event.finding_info as { uid: string }).uid,
        )!;
        return stableEventId(
          'ecs',
          'finding',
          finding.uid,
          finding.status,
          finding.lastSeenAt,
          finding.resolvedAt,
        );
      }),
    );
    for (const [index, item] of events.entries()) expect(item.id).not.toBe(ocsf[index]!.id);
    for (const item of events) {
      expect(ecsErrors(item.event)).toEqual([]);
      expect(item.event).toMatchObject({
        ecs: { version: '8.17.0' },
        event: { id: item.id, kind: 'alert', category: ['iam'], type: ['user', 'info'] },
      });
      expect(Date.parse(item.event['@timestamp'] as string)).toBe(item.time);
    }
  });

  it('maps the leaver-owned finding field by field', () => {
    expect(events[0]!.event).toEqual({
      '@timestamp': T1,
      ecs: { version: '8.17.0' },
      message: 'Access key AKIAEXAMPLEPRIV00001 of aws/111122223333 is owned by leaver Zoë Ångström',
      tags: LEAVER_LABELS,
      event: {
        id: events[0]!.id,
        kind: 'alert',
        category: ['iam'],
        type: ['user', 'info'],
        severity: 5,
        start: T0,
        end: T1,
        reason:
          'The credential is active and its resolved owner has left (HR terminationDate on or before as-of).',
        module: 'nhiscan',
        dataset: 'nhiscan.finding',
        provider: 'nhiscan',
      },
      rule: {
        id: 'leaver-owned',
        name: 'leaver-owned',
        description:
          'The credential is active and its resolved owner has left (HR terminationDate on or before as-of).',
        category: 'non-human identity',
        ruleset: 'nhiscan',
        reference: 'https://owasp.org/www-project-non-human-identities-top-10/2025/1-improper-offboarding/',
      },
      user: { id: 'arn:aws:iam::111122223333:user/deploy', name: 'deploy', domain: '111122223333' },
      related: { user: ['deploy', 'arn:aws:iam::111122223333:user/deploy', 'e1@acme.example', 'E1'] },
      cloud: { provider: 'aws', account: { id: '111122223333' } },
      observer: { vendor: 'nhiscan', product: 'nhiscan', version: '0.1.0', type: 'scanner' },
      nhiscan: {
        finding: {
          uid: LEAVER_FINDING_UID,
          rule: 'leaver-owned',
          severity: 'critical',
          status: 'open',
          title: 'Access key AKIAEXAMPLEPRIV00001 of aws/111122223333 is owned by leaver Zoë Ångström',
          evidence: LEAVER_EVIDENCE,
          first_seen_at: T0,
          last_seen_at: T1,
          remediation:
            'Disable the credential now and delete it after the hand-over window, unless a new owner takes it over (nhiscan queue).',
        },
        compliance: LEAVER_COMPLIANCE,
        credential: expect.objectContaining({
          uid: awsUid('AKIAEXAMPLEPRIV00001'),
          privileged: true,
          last_used_at: '2026-11-25T08:30:00Z',
        }),
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
        scan: { run_id: 3, as_of: '2026-11-26T00:00:00.000Z', status: 'complete' },
      },
    });
  });

  it('keeps the status, the suppression and the resolution under nhiscan.finding; no cloud for GitHub', () => {
    const byUid = new Map(
      events.map((item) => [(item.event.nhiscan as { finding: { uid: string } }).finding.uid, item.event]),
    );
    expect(byUid.get(`nhi-${'c'.repeat(24)}`)!.nhiscan).toMatchObject({
      finding: {
        status: 'suppressed',
        suppression: { reason: 'vendor account', approved_by: 'sec-lead', expires: '2027-01-01' },
      },
    });
    expect(byUid.get(`nhi-${'d'.repeat(24)}`)).toMatchObject({
      '@timestamp': T1,
      nhiscan: { finding: { status: 'resolved', resolved_at: T1 } },
    });
    const github = byUid.get(`nhi-${'b'.repeat(24)}`)!;
    expect(github).not.toHaveProperty('cloud');
    expect(github.user).toEqual({ id: DEPLOY_KEY_UID, name: DEPLOY_KEY_UID, domain: 'acme' });
  });

  it('renders NDJSON, one document per line', async () => {
    const lines = renderEcs(SIEM_INPUT).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(events.map((item) => item.event));
    expect((await loadReportFormat('ecs'))?.render(SIEM_INPUT, {})).toBe(renderEcs(SIEM_INPUT));
  });
});

describe('ECS inventory (event.kind asset), --include-inventory', () => {
  const assets = ecsEvents(SIEM_INPUT, { includeInventory: true }).filter(
    (item) => (item.event.event as { kind: string }).kind === 'asset',
  );

  it('gives one valid asset document per credential, with ids of its own', () => {
    expect(assets).toHaveLength(4);
    for (const item of assets) expect(ecsErrors(item.event)).toEqual([]);
    const report = buildJsonReport(SIEM_INPUT);
    expect(assets.map((item) => item.id)).toEqual(
      report.credentials.map((credential) =>
        stableEventId('ecs', 'credential', credential.uid, credential.state, credential.lastSeenAt),
      ),
    );
    const ocsfIds = new Set(ocsfEvents(SIEM_INPUT, { includeInventory: true }).map((item) => item.id));
    expect(assets.filter((item) => ocsfIds.has(item.id))).toEqual([]);
    expect(assets[1]!.event).not.toHaveProperty('tags');
    expect(assets[1]!.event).toMatchObject({
      '@timestamp': T1,
      event: { kind: 'asset', category: ['iam'], type: ['user', 'info'], dataset: 'nhiscan.inventory' },
      user: { id: 'arn:aws:iam::111122223333:user/deploy', name: 'deploy', domain: '111122223333' },
      nhiscan: {
        credential: { uid: awsUid('AKIAEXAMPLEPRIV00001'), state: 'present' },
        owner: { employee_id: 'E1' },
      },
    });
  });
});

describe('ECS queue actions (event.kind event), --include-actions', () => {
  let actions: OcsfAccountChange[];
  const dir = temporaryDirectory();
  beforeAll(() => {
    actions = seededAccountChanges(dir.path, 12);
  });
  afterAll(() => dir.remove());

  it('maps disable and revoke to type change, delete to deletion, with outcome, actor and target', () => {
    const events = ecsEvents(SIEM_INPUT, { actions }).slice(-3);
    for (const item of events) expect(ecsErrors(item.event)).toEqual([]);
    expect(events.map((item) => item.event.event)).toEqual([
      expect.objectContaining({
        kind: 'event',
        type: ['user', 'change'],
        action: 'disable',
        outcome: 'success',
        sequence: 6,
      }),
      expect.objectContaining({
        type: ['user', 'deletion'],
        action: 'delete',
        outcome: 'failure',
        sequence: 8,
      }),
      expect.objectContaining({
        type: ['user', 'change'],
        action: 'manual',
        outcome: 'success',
        reason: 'token deleted in the vault UI',
      }),
    ]);
    expect(events[0]!.event).toMatchObject({
      user: {
        target: { id: 'arn:aws:iam::111122223333:user/ci-deploy', name: 'ci-deploy', domain: '111122223333' },
      },
      cloud: { provider: 'aws', account: { id: '111122223333' } },
      nhiscan: {
        action: {
          audit_hash: actions[0]!.metadata.uid,
          request_id: 1,
          step: 'disable',
          outcome: 'revoked',
          approved_by: ['alice'],
        },
      },
    });
    expect(events[0]!.event.user).not.toHaveProperty('name');
    expect(events[1]!.event).toMatchObject({
      error: { message: 'aws: iam.DeleteAccessKey failed for account 111122223333: AccessDenied' },
    });
    expect(events[2]!.event).toMatchObject({
      user: { name: 'carol', target: { id: SHEET_TOKEN.uid, name: SHEET_TOKEN.uid, domain: 'prod-vault' } },
      related: { user: ['carol', SHEET_TOKEN.uid] },
    });
    expect(events[2]!.event).not.toHaveProperty('cloud');
    // Derived from the audit record's hash (the OCSF Account Change's id), never equal to it.
    expect(events.map((item) => item.id)).toEqual(
      actions.map((action) => stableEventId('ecs', 'audit', action.metadata.uid)),
    );
    expect(events.map((item) => (item.event.event as { id: string }).id)).toEqual(
      events.map((item) => item.id),
    );
  });
});
