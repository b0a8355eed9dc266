import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/core/model.js';
import { parseAttributePath, valuesAt } from '../../src/hr/scim/attribute-path.js';
import { compileMapping, mapScimUser } from '../../src/hr/scim/map-user.js';
import { scimOptionsSchema } from '../../src/hr/scim/options.js';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const HR = 'urn:acme:params:scim:schemas:extension:hr:2.0:User';

/** RFC 7643 §8.3's enterprise user, trimmed, plus an HR extension. */
const BJENSEN = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENTERPRISE, HR],
  id: '2819c223-7f76-453a-919d-413861904646',
  externalId: '701984',
  userName: 'bjensen@example.com',
  name: { formatted: 'Ms. Barbara J Jensen, III', familyName: 'Jensen', givenName: 'Barbara' },
  displayName: 'Babs Jensen',
  emails: [
    { value: 'bjensen@example.com', type: 'work', primary: true },
    { value: 'babs@jensen.org', type: 'home' },
  ],
  userType: 'Employee',
  active: true,
  [ENTERPRISE]: {
    employeeNumber: '701984',
    department: 'Tour Operations',
    manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d', displayName: 'John Smith' },
  },
  [HR]: { hireDate: '2019-04-01', terminationDate: '2026-03-31T23:00:00-05:00', contractEndDate: null },
};

const defaults = () =>
  compileMapping(scimOptionsSchema.parse({ url: 'https://hr.example.com/scim/v2' }).mapping);

function mapWith(resource: unknown, mapping: Record<string, unknown> = {}) {
  return mapScimUser(
    resource,
    compileMapping(scimOptionsSchema.parse({ url: 'https://hr.example.com/scim/v2', mapping }).mapping),
  );
}

const BASE: Person = {
  employeeId: '701984',
  email: 'bjensen@example.com',
  name: 'Babs Jensen',
  status: 'active',
  workerType: 'employee',
  hireDate: null,
  terminationDate: null,
  contractEndDate: null,
  department: 'Tour Operations',
  managerEmail: null,
  previousDepartment: null,
  transferDate: null,
  aliases: ['bjensen@example.com', 'upn:bjensen@example.com'],
};

describe('SCIM attribute paths', () => {
  const at = (path: string, resource: Record<string, unknown> = BJENSEN) =>
    valuesAt(resource, parseAttributePath(path));

  it('reads plain, dotted, URN-qualified and filtered paths, names case-insensitively', () => {
    expect(at('userName')).toEqual(['bjensen@example.com']);
    expect(at('USERNAME')).toEqual(['bjensen@example.com']);
    expect(at('name.givenName')).toEqual(['Barbara']);
    expect(at(`${ENTERPRISE}:employeeNumber`)).toEqual(['701984']);
    expect(at(`${ENTERPRISE.toUpperCase()}:manager.displayName`)).toEqual(['John Smith']);
    expect(at('urn:ietf:params:scim:schemas:core:2.0:User:displayName')).toEqual(['Babs Jensen']);
    expect(at('emails[primary eq true].value')).toEqual(['bjensen@example.com']);
    expect(at('emails[type eq "HOME"].value')).toEqual(['babs@jensen.org']);
    expect(at('emails.value')).toEqual(['bjensen@example.com', 'babs@jensen.org']);
    expect(at('emails[type eq "other"].value')).toEqual([]);
    expect(at(`${HR}:contractEndDate`)).toEqual([]);
    expect(at('urn:example:missing:2.0:User:x')).toEqual([]);
    expect(at('name')).toEqual([BJENSEN.name]);
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => parseAttributePath('emails[type co "w"].value')).toThrow(
      /only "attribute eq value" is supported/,
    );
    expect(() => parseAttributePath('emails[type eq work].value')).toThrow(/expected a quoted string/);
    expect(() => parseAttributePath('emails[type eq "work"')).toThrow('a value filter [ … ] is not closed');
    expect(() => parseAttributePath('name..givenName')).toThrow('expected an attribute name at ".givenName"');
    expect(() => parseAttributePath('urn:x:')).toThrow(/expected a schema URN followed by :attribute/);
    expect(() => parseAttributePath('')).toThrow('expected an attribute name at "(end)"');
  });
});

describe('SCIM User → Person', () => {
  it('maps the default paths', () => {
    expect(mapScimUser(BJENSEN, defaults())).toEqual({ person: BASE, problems: [] });
  });

  it('maps configured paths: dates cut to the day as written, a manager email, several alias paths', () => {
    const mapped = mapWith(BJENSEN, {
      hireDate: `${HR}:hireDate`,
      terminationDate: `${HR}:terminationDate`,
      contractEndDate: `${HR}:contractEndDate`,
      managerEmail: 'emails[type eq "home"].value',
      aliases: ['userName', 'externalId', `${ENTERPRISE}:manager.value`],
    });
    expect(mapped).toEqual({
      person: {
        ...BASE,
        hireDate: '2019-04-01',
        terminationDate: '2026-03-31',
        managerEmail: 'babs@jensen.org',
        aliases: [
          'bjensen@example.com',
          'upn:bjensen@example.com',
          '701984',
          '26118915-6090-4610-87e4-49d8ca9f808d',
        ],
      },
      problems: [],
    });
  });

  it('reads active: false as terminated, and a missing active as active', () => {
    expect(mapScimUser({ ...BJENSEN, active: false }, defaults()).person?.status).toBe('terminated');
    expect(mapScimUser({ ...BJENSEN, active: 'False' }, defaults()).person?.status).toBe('terminated');
    const { active: _, ...noActive } = BJENSEN;
    expect(mapScimUser(noActive, defaults()).person?.status).toBe('active');
  });

  it.each([
    ['Contractor', 'contractor'],
    ['contractor', 'contractor'],
    [' CONTINGENT WORKER ', 'contractor'],
    ['Vendor', 'contractor'],
    ['Employee', 'employee'],
    ['Intern', 'employee'],
    [undefined, 'employee'],
  ])('reads userType %j as %s', (userType, workerType) => {
    expect(mapScimUser({ ...BJENSEN, userType }, defaults()).person?.workerType).toBe(workerType);
  });

  it('falls back for the default email and name paths only', () => {
    const bare = { ...BJENSEN, displayName: undefined, emails: [{ value: 'first@example.com' }] };
    expect(mapScimUser(bare, defaults()).person).toMatchObject({
      email: 'first@example.com',
      name: 'Ms. Barbara J Jensen, III',
    });
    const parts = { ...bare, emails: undefined, name: { givenName: 'Barbara', familyName: 'Jensen' } };
    expect(mapScimUser(parts, defaults()).person).toMatchObject({
      email: 'bjensen@example.com',
      name: 'Barbara Jensen',
    });
    expect(mapWith(parts, { email: 'emails[type eq "work"].value', name: 'nickName' }).problems).toEqual([
      {
        key: 'emails[type eq "work"].value',
        problem: 'expected an email address such as jane.doe@example.com, got nothing (the key is missing)',
      },
      { key: 'nickName', problem: 'expected a non-empty name, got nothing (the key is missing)' },
    ]);
  });

  it('names every problem by attribute path, with the value found', () => {
    const broken = {
      ...BJENSEN,
      active: 'yes',
      userName: 42,
      emails: [{ value: 'not-an-email', primary: true }],
      [ENTERPRISE]: { employeeNumber: ' ', department: { name: 'Ops' } },
      [HR]: { hireDate: '2026-02-30' },
    };
    expect(mapWith(broken, { hireDate: `${HR}:hireDate` })).toEqual({
      person: null,
      problems: [
        { key: 'active', problem: 'expected true or false, got "yes"' },
        { key: 'userName', problem: 'expected a string for an alias, got 42' },
        {
          key: `${ENTERPRISE}:employeeNumber`,
          problem: 'expected a non-empty employee id, got an empty string " "',
        },
        {
          key: 'emails[primary eq true].value',
          problem: 'expected an email address such as jane.doe@example.com, got "not-an-email"',
        },
        { key: `${HR}:hireDate`, problem: 'expected an ISO 8601 date such as 2026-11-26, got "2026-02-30"' },
        { key: `${ENTERPRISE}:department`, problem: 'expected a string, got an object' },
      ],
    });
    expect(mapScimUser('a string', defaults())).toEqual({
      person: null,
      problems: [{ key: '', problem: 'expected a SCIM User object, got "a string"' }],
    });
  });

  it('keeps nothing of the resource beyond the mapped fields', () => {
    const withSecrets = {
      ...BJENSEN,
      password: 't1meMa$heen',
      x509Certificates: [{ value: 'MIIDQzCCAqygAwIBAgICEAAwDQYJKoZIhvcNAQEFBQAw' }],
    };
    const { person } = mapScimUser(withSecrets, defaults());
    expect(Object.keys(person!).sort()).toEqual(Object.keys(BASE).sort());
    expect(JSON.stringify(person)).not.toMatch(/t1meMa|MIIDQz/);
  });
});

describe('SCIM options', () => {
  const issues = (input: Record<string, unknown>) => {
    const result = scimOptionsSchema.safeParse(input);
    return result.success
      ? []
      : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('fills the documented defaults', () => {
    expect(scimOptionsSchema.parse({ url: 'https://hr.example.com/scim/v2' })).toEqual({
      url: 'https://hr.example.com/scim/v2',
      pageSize: 100,
      mapping: {
        employeeId: `${ENTERPRISE}:employeeNumber`,
        email: 'emails[primary eq true].value',
        name: 'displayName',
        department: `${ENTERPRISE}:department`,
        workerType: 'userType',
        aliases: ['userName'],
      },
    });
  });

  it('refuses a url that would send the token in clear or holds credentials, a bad path, an inline token', () => {
    expect(issues({ url: 'http://hr.example.com/scim/v2' })).toEqual([
      'url: expected an https:// url (plain http only to this machine: localhost, 127.0.0.1, [::1]): the token must not travel in clear',
    ]);
    expect(issues({ url: 'http://127.0.0.1:8080/scim/v2' })).toEqual([]);
    expect(issues({ url: 'https://svc:pw@hr.example.com/scim/v2?x=1' })).toEqual([
      'url: the SCIM url must not hold credentials; name the token with hr.token (env:NAME)',
      'url: expected the SCIM base url without ?query or #fragment',
    ]);
    expect(
      issues({
        url: 'https://hr.example.com/scim/v2',
        token: 'abc',
        pageSize: 5000,
        mapping: { email: 'emails[type co "w"]', bogus: 'x' },
      }),
    ).toEqual([
      'token: expected a secret reference such as env:NAME (secrets are never inlined)',
      'pageSize: Too big: expected number to be <=1000',
      'mapping.email: not a SCIM attribute path: unsupported value filter [type co "w"]; only "attribute eq value" is supported, e.g. [type eq "work"]',
      'mapping: Unrecognized key: "bogus"',
    ]);
  });
});
