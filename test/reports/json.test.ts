import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildJsonReport,
  type JsonReportCredentialInput,
  type JsonReportFindingInput,
  type JsonReportInput,
  renderJsonReport,
} from '../../reports/json/index.js';
import { credential, owner, person } from '../support/builders.js';
import { validateJsonReport } from './validate-report.js';

const T0 = '2026-11-20T00:00:00.000Z';
const T1 = '2026-11-26T11:00:00.000Z';
const uidOf = (id: string) => `aws:111122223333:access-key:${id}`;

const present: JsonReportCredentialInput = {
  credential: credential('B', {
    principalUid: 'aws:111122223333:user:deploy',
    principalName: 'deploy',
    privileged: true,
    privilegedReasons: ['AdministratorAccess attached'],
    department: 'platform',
    hint: 'XAMPLE0B',
    ownerSignals: [owner('e1@acme.example')],
  }),
  source: 'prod',
  state: 'present',
  stateReason: null,
  firstSeenAt: T0,
  lastSeenAt: T1,
  resolution: {
    credentialUid: uidOf('B'),
    ownerEmployeeId: 'E1',
    confidence: 0.95,
    outcome: 'resolved',
    evidence: [{ signal: owner('e1@acme.example'), matchedEmployeeId: 'E1', matchedBy: 'email' }],
  },
};
const unverified: JsonReportCredentialInput = {
  credential: credential('C', {
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: 'iam.GetAccessKeyLastUsed was denied',
  }),
  source: 'prod',
  state: 'unverified',
  stateReason: 'account 111122223333 could not be read: AccessDenied',
  firstSeenAt: T0,
  lastSeenAt: T0,
  resolution: {
    credentialUid: uidOf('C'),
    ownerEmployeeId: null,
    confidence: 0,
    outcome: 'unmatched',
    evidence: [
      {
        signal: owner('nobody@acme.example', 'tag'),
        matchedEmployeeId: null,
        matchedBy: 'no person with this email or alias',
      },
    ],
  },
};
const gone: JsonReportCredentialInput = {
  credential: credential('A', { ownerSignals: [owner('e1@acme.example')] }),
  source: 'prod',
  state: 'gone',
  stateReason: 'not returned by a complete scan of source prod',
  firstSeenAt: T0,
  lastSeenAt: T0,
  resolution: {
    credentialUid: uidOf('A'),
    ownerEmployeeId: 'E1',
    confidence: 0.95,
    outcome: 'resolved',
    evidence: [{ signal: owner('e1@acme.example'), matchedEmployeeId: 'E1', matchedBy: 'email' }],
  },
};

const finding = (
  n: string,
  overrides: Partial<JsonReportFindingInput> & Pick<JsonReportFindingInput, 'rule' | 'severity'>,
): JsonReportFindingInput => ({
  uid: `nhi-${n.repeat(24)}`,
  status: 'open',
  credentialUid: uidOf('B'),
  title: `${overrides.rule} on B`,
  evidence: {},
  firstSeenAt: T0,
  lastSeenAt: T1,
  suppression: null,
  resolvedAt: null,
  ...overrides,
});

const input: JsonReportInput = {
  toolVersion: '0.1.0',
  generatedAt: new Date('2026-11-26T12:00:00Z'),
  run: {
    id: 3,
    startedAt: T1,
    finishedAt: '2026-11-26T11:00:05.000Z',
    asOf: '2026-11-26T00:00:00.000Z',
    status: 'partial',
  },
  hr: {
    source: 'hr.csv',
    sha256: 'a'.repeat(64),
    importedAt: T1,
    fileModifiedAt: '2026-11-25T18:00:00.000Z',
  },
  people: [
    person('E2', { terminationDate: '2026-12-01' }),
    person('E1', { status: 'terminated', terminationDate: '2026-10-01' }),
  ],
  sources: [
    {
      name: 'sheet',
      type: 'inventory-file',
      status: 'complete',
      credentials: 0,
      problems: [],
    },
    {
      name: 'prod',
      type: 'aws',
      status: 'partial',
      credentials: 2,
      problems: [
        { scope: 'account 222233334444', reason: 'AccessDenied' },
        { scope: 'account 111122223333', reason: 'AccessDenied' },
      ],
    },
  ],
  credentials: [present, gone, unverified],
  findings: [
    finding('1', {
      rule: 'over-age',
      severity: 'medium',
      provider: 'aws',
      evidence: { ageDays: 120, maxKeyAgeDays: 90, privileged: true },
    }),
    finding('2', {
      rule: 'leaver-owned',
      severity: 'critical',
      evidence: { owner: 'E1', terminationDate: '2026-10-01' },
    }),
    finding('3', {
      rule: 'owner-not-in-hr',
      severity: 'high',
      credentialUid: uidOf('C'),
      status: 'suppressed',
      suppression: { reason: 'vendor account', approvedBy: 'sec-lead', expires: '2027-01-01' },
    }),
    finding('4', {
      rule: 'stale',
      severity: 'medium',
      provider: 'github',
      credentialUid: uidOf('A'),
      status: 'resolved',
      resolvedAt: T1,
    }),
  ],
  expiredBaselineEntries: [
    { finding: `nhi-${'9'.repeat(24)}`, reason: 'migration', approvedBy: 'ann', expires: '2026-11-01' },
    { credential: uidOf('Z'), reason: 'legacy', approvedBy: 'bo', expires: '2026-10-01' },
  ],
};

describe('JSON report', () => {
  const report = buildJsonReport(input);

  it('validates against the published schema', () => {
    expect(validateJsonReport(report)).toEqual([]);
  });

  it('is exactly this document', () => {
    const ownerE1 = {
      employeeId: 'E1',
      email: 'e1@acme.example',
      name: 'Person E1',
      confidence: 0.95,
      outcome: 'resolved',
      evidence: [
        {
          kind: 'declared',
          value: 'e1@acme.example',
          source: 'test declared',
          matchedEmployeeId: 'E1',
          matchedBy: 'email',
        },
      ],
    };
    const common = {
      provider: 'aws',
      account: '111122223333',
      kind: 'access-key',
      source: 'prod',
      status: 'active',
      createdAt: '2026-11-01',
      expiresAt: null,
    };
    expect(report).toEqual({
      schemaVersion: '1.4.0',
      tool: { name: 'nhiscan', version: '0.1.0' },
      generatedAt: '2026-11-26T12:00:00.000Z',
      scan: {
        runId: 3,
        startedAt: T1,
        finishedAt: '2026-11-26T11:00:05.000Z',
        asOf: '2026-11-26T00:00:00.000Z',
        status: 'partial',
        hr: {
          source: 'hr.csv',
          sha256: 'a'.repeat(64),
          asOf: '2026-11-25T18:00:00.000Z',
          importedAt: T1,
          people: 2,
        },
        sources: [
          {
            name: 'prod',
            type: 'aws',
            status: 'partial',
            credentials: 2,
            problems: [
              { scope: 'account 111122223333', reason: 'AccessDenied' },
              { scope: 'account 222233334444', reason: 'AccessDenied' },
            ],
          },
          { name: 'sheet', type: 'inventory-file', status: 'complete', credentials: 0, problems: [] },
        ],
      },
      summary: {
        credentials: 2,
        people: 2,
        findings: {
          total: 3,
          open: 2,
          suppressed: 1,
          resolved: 1,
          bySeverity: { info: 0, low: 0, medium: 1, high: 1, critical: 1 },
          byRule: { 'leaver-owned': 1, 'owner-not-in-hr': 1, 'over-age': 1 },
        },
        leaversWithLiveCredentials: [
          {
            employeeId: 'E1',
            email: 'e1@acme.example',
            name: 'Person E1',
            terminationDate: '2026-10-01',
            credentials: 1,
          },
        ],
      },
      // The catalogue is the same in every report: checked on its own below.
      frameworks: report.frameworks,
      credentials: [
        {
          uid: uidOf('A'),
          ...common,
          externalId: 'A',
          principal: null,
          state: 'gone',
          stateReason: 'not returned by a complete scan of source prod',
          lastUsedAt: '2026-11-25',
          lastUsedKnown: true,
          privileged: false,
          privilegedReasons: [],
          department: null,
          firstSeenAt: T0,
          lastSeenAt: T0,
          owner: ownerE1,
        },
        {
          uid: uidOf('B'),
          ...common,
          externalId: 'B',
          principal: { uid: 'aws:111122223333:user:deploy', name: 'deploy' },
          state: 'present',
          stateReason: null,
          lastUsedAt: '2026-11-25',
          lastUsedKnown: true,
          privileged: true,
          privilegedReasons: ['AdministratorAccess attached'],
          department: 'platform',
          hint: 'XAMPLE0B',
          firstSeenAt: T0,
          lastSeenAt: T1,
          owner: ownerE1,
        },
        {
          uid: uidOf('C'),
          ...common,
          externalId: 'C',
          principal: null,
          state: 'unverified',
          stateReason: 'account 111122223333 could not be read: AccessDenied',
          lastUsedAt: null,
          lastUsedKnown: false,
          lastUsedUnknownReason: 'iam.GetAccessKeyLastUsed was denied',
          privileged: false,
          privilegedReasons: [],
          department: null,
          firstSeenAt: T0,
          lastSeenAt: T0,
          owner: {
            employeeId: null,
            email: null,
            name: null,
            confidence: 0,
            outcome: 'unmatched',
            evidence: [
              {
                kind: 'tag',
                value: 'nobody@acme.example',
                source: 'test tag',
                matchedEmployeeId: null,
                matchedBy: 'no person with this email or alias',
              },
            ],
          },
        },
      ],
      findings: [
        {
          uid: `nhi-${'2'.repeat(24)}`,
          rule: 'leaver-owned',
          severity: 'critical',
          status: 'open',
          credentialUid: uidOf('B'),
          title: 'leaver-owned on B',
          evidence: { owner: 'E1', terminationDate: '2026-10-01' },
          compliance: [
            'owasp-nhi:NHI1',
            'nist-csf:GV.RR-04',
            'nist-csf:PR.AA-01',
            'nist-csf:PR.AA-05',
            'cis-controls:6.2',
          ],
          firstSeenAt: T0,
          lastSeenAt: T1,
        },
        {
          uid: `nhi-${'3'.repeat(24)}`,
          rule: 'owner-not-in-hr',
          severity: 'high',
          status: 'suppressed',
          credentialUid: uidOf('C'),
          title: 'owner-not-in-hr on B',
          evidence: {},
          compliance: ['owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.5'],
          firstSeenAt: T0,
          lastSeenAt: T1,
          suppression: { reason: 'vendor account', approvedBy: 'sec-lead', expires: '2027-01-01' },
        },
        {
          uid: `nhi-${'4'.repeat(24)}`,
          rule: 'stale',
          severity: 'medium',
          status: 'resolved',
          credentialUid: uidOf('A'),
          title: 'stale on B',
          evidence: {},
          // A GitHub credential's finding: no CIS AWS item.
          compliance: ['owasp-nhi:NHI1', 'nist-csf:PR.AA-01', 'cis-controls:5.3'],
          firstSeenAt: T0,
          lastSeenAt: T1,
          resolvedAt: T1,
        },
        {
          uid: `nhi-${'1'.repeat(24)}`,
          rule: 'over-age',
          severity: 'medium',
          status: 'open',
          credentialUid: uidOf('B'),
          title: 'over-age on B',
          evidence: { ageDays: 120, maxKeyAgeDays: 90, privileged: true },
          // A privileged AWS key: Overprivileged NHI and PR.AA-05 besides the rule's, and CIS AWS 1.14.
          compliance: [
            'owasp-nhi:NHI5',
            'owasp-nhi:NHI7',
            'nist-csf:PR.AA-01',
            'nist-csf:PR.AA-05',
            'cis-aws:1.14',
          ],
          firstSeenAt: T0,
          lastSeenAt: T1,
        },
      ],
      baseline: {
        expiredEntries: [
          { credential: uidOf('Z'), reason: 'legacy', approvedBy: 'bo', expires: '2026-10-01' },
          { finding: `nhi-${'9'.repeat(24)}`, reason: 'migration', approvedBy: 'ann', expires: '2026-11-01' },
        ],
      },
    });
  });

  it('names every framework and item a compliance label can name, once per document', () => {
    expect(
      report.frameworks.map((framework) => [framework.id, framework.items.map((item) => item.label)]),
    ).toEqual([
      ['owasp-nhi', ['owasp-nhi:NHI1', 'owasp-nhi:NHI5', 'owasp-nhi:NHI7', 'owasp-nhi:NHI10']],
      ['nist-csf', ['nist-csf:GV.RR-04', 'nist-csf:GV.SC-10', 'nist-csf:PR.AA-01', 'nist-csf:PR.AA-05']],
      ['cis-controls', ['cis-controls:5.3', 'cis-controls:5.5', 'cis-controls:6.2']],
      ['cis-aws', ['cis-aws:1.12', 'cis-aws:1.14']],
      ['cis-gcp', ['cis-gcp:1.7']],
    ]);
    expect(report.frameworks[0]).toEqual({
      id: 'owasp-nhi',
      name: 'OWASP Non-Human Identities Top 10 (2025)',
      url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/',
      items: [
        {
          label: 'owasp-nhi:NHI1',
          id: 'NHI1',
          name: 'Improper Offboarding',
          url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/1-improper-offboarding/',
        },
        {
          label: 'owasp-nhi:NHI5',
          id: 'NHI5',
          name: 'Overprivileged NHI',
          url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/5-overprivileged-nhi/',
        },
        {
          label: 'owasp-nhi:NHI7',
          id: 'NHI7',
          name: 'Long-Lived Secrets',
          url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/7-long-lived-secrets/',
        },
        {
          label: 'owasp-nhi:NHI10',
          id: 'NHI10',
          name: 'Human Use of NHI',
          url: 'https://owasp.org/www-project-non-human-identities-top-10/2025/10-human-use-of-nhi/',
        },
      ],
    });
    expect(report.frameworks[4]).toEqual({
      id: 'cis-gcp',
      name: 'CIS Google Cloud Platform Foundation Benchmark v2.0.0',
      url: 'https://www.cisecurity.org/benchmark/google_cloud_computing_platform',
      items: [
        {
          label: 'cis-gcp:1.7',
          id: '1.7',
          name: 'Ensure user-managed/external keys for service accounts are rotated every 90 days or less',
          url: 'https://www.cisecurity.org/benchmark/google_cloud_computing_platform',
        },
      ],
    });
  });

  it('keeps byRule keys in rule-table order', () => {
    expect(Object.keys(report.summary.findings.byRule)).toEqual([
      'leaver-owned',
      'owner-not-in-hr',
      'over-age',
    ]);
  });

  it('gives the same bytes whatever the input order', () => {
    const reversed: JsonReportInput = {
      ...input,
      people: [...input.people].reverse(),
      sources: [...input.sources]
        .reverse()
        .map((source) => ({ ...source, problems: [...source.problems].reverse() })),
      credentials: [...input.credentials].reverse(),
      findings: [...input.findings].reverse(),
      expiredBaselineEntries: [...input.expiredBaselineEntries].reverse(),
    };
    expect(renderJsonReport(reversed)).toBe(renderJsonReport(input));
  });

  it('renders pretty JSON with a trailing newline', () => {
    const text = renderJsonReport(input);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.startsWith('{\n  "schemaVersion": "1.4.0",\n')).toBe(true);
    expect(JSON.parse(text)).toEqual(report);
  });

  it('leaves out the baseline section when no entry has expired', () => {
    const without = buildJsonReport({ ...input, expiredBaselineEntries: [] });
    expect('baseline' in without).toBe(false);
    expect(validateJsonReport(without)).toEqual([]);
  });

  it('counts as leaver-held only active, unexpired, not-gone credentials of people who have left', () => {
    const resolvedTo = (employeeId: string) => ({
      credentialUid: 'x',
      ownerEmployeeId: employeeId,
      confidence: 1,
      outcome: 'resolved' as const,
      evidence: [],
    });
    const item = (id: string, employeeId: string, overrides: Parameters<typeof credential>[1] = {}) => ({
      ...present,
      credential: credential(id, overrides),
      resolution: resolvedTo(employeeId),
    });
    const leavers = buildJsonReport({
      ...input,
      credentials: [
        item('L1', 'E1'),
        item('L2', 'E1', { status: 'inactive' }),
        item('L3', 'E1', { expiresAt: '2026-11-26' }),
        { ...item('L4', 'E1'), state: 'gone' as const },
        { ...item('L5', 'E1'), state: 'unverified' as const },
        item('P1', 'E2'), // pending leaver: leaves 2026-12-01
      ],
    }).summary.leaversWithLiveCredentials;
    expect(leavers).toEqual([
      {
        employeeId: 'E1',
        email: 'e1@acme.example',
        name: 'Person E1',
        terminationDate: '2026-10-01',
        credentials: 2,
      },
    ]);
  });

  it('never reports an unknown last use with a date, and always with a reason', () => {
    const inconsistent = buildJsonReport({
      ...input,
      credentials: [
        { ...present, credential: credential('D', { lastUsedAt: '2026-11-01', lastUsedKnown: false }) },
      ],
    }).credentials[0]!;
    expect([inconsistent.lastUsedAt, inconsistent.lastUsedKnown, inconsistent.lastUsedUnknownReason]).toEqual(
      [null, false, 'the source did not say why'],
    );
    const knownWithReason = buildJsonReport({
      ...input,
      credentials: [{ ...present, credential: credential('E', { lastUsedUnknownReason: 'stale text' }) }],
    }).credentials[0]!;
    expect('lastUsedUnknownReason' in knownWithReason).toBe(false);
  });

  it('reports a credential’s provider attributes exactly, and leaves the field out when there are none', () => {
    const withAttributes = (id: string, attributes: Record<string, string> | undefined) => ({
      ...present,
      credential: credential(id, attributes ? { attributes } : {}),
    });
    const report = buildJsonReport({
      ...input,
      credentials: [
        withAttributes('F', { keyOrigin: 'GOOGLE_PROVIDED', disabled: 'false' }),
        withAttributes('G', {}),
        withAttributes('H', undefined),
      ],
    });
    expect(validateJsonReport(report)).toEqual([]);
    expect(report.credentials.map((item) => [item.uid, item.attributes])).toEqual([
      [uidOf('F'), { keyOrigin: 'GOOGLE_PROVIDED', disabled: 'false' }],
      [uidOf('G'), undefined],
      [uidOf('H'), undefined],
    ]);
    expect(report.credentials.map((item) => 'attributes' in item)).toEqual([true, false, false]);
  });

  it('keeps the owner id of a resolution whose person is missing from the snapshot', () => {
    const owner = buildJsonReport({ ...input, people: [] }).credentials[1]!.owner;
    expect([owner.employeeId, owner.email, owner.name, owner.outcome]).toEqual([
      'E1',
      null,
      null,
      'resolved',
    ]);
  });
});

// biome-ignore lint/suspicious/noExplicitAny: these tests break the document on purpose
type Untyped = any;

describe('JSON report schema', () => {
  const report = buildJsonReport(input);
  const schema = JSON.parse(readFileSync(new URL('../../reports/json/schema.json', import.meta.url), 'utf8'));

  it('is draft 2020-12 with the published $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://nhiscan.dev/schemas/report-1.json');
  });

  it('names exactly the fields the builder writes (types and schema do not drift)', () => {
    const keys = (value: object) => Object.keys(value).sort();
    const props = (node: { properties: object }) => Object.keys(node.properties).sort();
    expect(props(schema)).toEqual(keys(report));
    const fullScan = { ...report.scan, queueFrozen: { reason: 'x', hrSnapshotId: 2 } };
    expect(props(schema.properties.scan)).toEqual(keys(fullScan));
    expect(props(schema.properties.scan.properties.hr)).toEqual(keys(report.scan.hr));
    expect(props(schema.properties.summary)).toEqual(keys(report.summary));
    expect(props(schema.properties.summary.properties.findings)).toEqual(keys(report.summary.findings));
    const fullCredential = {
      ...report.credentials[1]!,
      lastUsedUnknownReason: 'x',
      attributes: {},
      nature: 'shared-secret',
      readers: [],
      valueSetAt: null,
    };
    expect(props(schema.$defs.credential)).toEqual(keys(fullCredential));
    expect(props(schema.$defs.credential.properties.owner)).toEqual(keys(report.credentials[1]!.owner));
    const fullFinding = { ...report.findings[1]!, resolvedAt: T1 };
    expect(props(schema.$defs.finding)).toEqual(keys(fullFinding));
  });

  const mutate = (change: (document: Untyped) => void) => {
    const document = structuredClone(report) as Untyped;
    change(document);
    return validateJsonReport(document);
  };

  it.each<[string, (document: Untyped) => void, string[]]>([
    [
      'a missing schemaVersion',
      (document) => {
        delete document.schemaVersion;
      },
      ["/: must have required property 'schemaVersion'"],
    ],
    [
      'another schemaVersion',
      (document) => {
        document.schemaVersion = '2.0.0';
      },
      ['/schemaVersion: must be equal to constant'],
    ],
    [
      'an unknown severity',
      (document) => {
        document.findings[0].severity = 'urgent';
      },
      ['/findings/0/severity: must be equal to one of the allowed values'],
    ],
    [
      'an unknown rule in byRule',
      (document) => {
        document.summary.findings.byRule.typo = 1;
      },
      [
        '/summary/findings/byRule: must be equal to one of the allowed values',
        '/summary/findings/byRule: property name must be valid',
      ],
    ],
    [
      'an extra credential field',
      (document) => {
        document.credentials[0].secret = 'x';
      },
      ['/credentials/0: must NOT have additional properties'],
    ],
    [
      'an attribute that is not a string',
      (document) => {
        document.credentials[0].attributes = { keyOrigin: 'GOOGLE_PROVIDED', disabled: false };
      },
      ['/credentials/0/attributes/disabled: must be string'],
    ],
    [
      'a finding uid that is not nhi- + 24 hex',
      (document) => {
        document.findings[0].uid = 'finding-1';
      },
      ['/findings/0/uid: must match pattern "^nhi-[0-9a-f]{24}$"'],
    ],
    [
      'an unknown last use with a date',
      (document) => {
        document.credentials[2].lastUsedAt = '2026-11-01';
      },
      ['/credentials/2/lastUsedAt: must be null', '/credentials/2: must match "then" schema'],
    ],
    [
      'an unknown last use without a reason',
      (document) => {
        delete document.credentials[2].lastUsedUnknownReason;
      },
      [
        "/credentials/2: must have required property 'lastUsedUnknownReason'",
        '/credentials/2: must match "then" schema',
      ],
    ],
    [
      'a reason on a known last use',
      (document) => {
        document.credentials[0].lastUsedUnknownReason = 'x';
      },
      ['/credentials/0: must NOT be valid', '/credentials/0: must match "else" schema'],
    ],
    [
      'a baseline entry naming both a finding and a credential',
      (document) => {
        document.baseline.expiredEntries[0].finding = `nhi-${'8'.repeat(24)}`;
      },
      ['/baseline/expiredEntries/0: must match exactly one schema in oneOf'],
    ],
    [
      'a timestamp that is not one',
      (document) => {
        document.generatedAt = 'yesterday';
      },
      ['/generatedAt: must match format "date-time"'],
    ],
  ])('rejects %s', (_, change, errors) => {
    expect(mutate(change)).toEqual(errors);
  });
});
