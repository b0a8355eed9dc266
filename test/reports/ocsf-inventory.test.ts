import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ocsfEvents } from '../../reports/ocsf/index.js';
import type { OcsfAccountChange } from '../../src/audit/index.js';
import { seededAccountChanges } from '../audit/seed.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { awsUid, DEPLOY_KEY_UID, SIEM_INPUT, T1 } from './siem-fixture.js';

const validator = new OcsfValidator();
const ms = (iso: string) => Date.parse(iso);

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
    actions = seededAccountChanges(dir.path, 12);
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
