/** The OCSF 1.8.0 validator (test/support/ocsf-schema.ts) is strict and not vacuous, on a finding event. */
import { describe, expect, it } from 'vitest';
import { ocsfEvents } from '../../reports/ocsf/index.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import { SIEM_INPUT } from './siem-fixture.js';

const validator = new OcsfValidator();

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
