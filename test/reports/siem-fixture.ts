/**
 * One report input covering what the event formats must map: an open leaver-owned finding on a
 * privileged key with a resolved owner (raised in an earlier scan), a new owner-unknown finding on a
 * GitHub deploy key with no principal, a suppressed owner-not-in-hr finding on an unverified key
 * whose last use is unknown, a finding resolved in this scan on a gone key, and a finding whose
 * credential is not in the report.
 */
import type {
  JsonReportCredentialInput,
  JsonReportFindingInput,
  JsonReportInput,
} from '../../reports/json/index.js';
import { credential, owner, person } from '../support/builders.js';

export const T0 = '2026-11-20T10:00:00.000Z';
export const T1 = '2026-11-26T11:00:00.000Z';
export const awsUid = (id: string) => `aws:111122223333:access-key:${id}`;
export const DEPLOY_KEY_UID = 'github:acme:deploy-key:77';

const privileged: JsonReportCredentialInput = {
  credential: credential('AKIAEXAMPLEPRIV00001', {
    principalUid: 'arn:aws:iam::111122223333:user/deploy',
    principalName: 'deploy',
    privileged: true,
    privilegedReasons: ['AdministratorAccess attached'],
    department: 'platform',
    hint: 'PRIV0001',
    lastUsedAt: '2026-11-25T08:30:00Z',
    ownerSignals: [owner('e1@acme.example', 'tag')],
  }),
  source: 'aws-prod',
  state: 'present',
  stateReason: null,
  firstSeenAt: T0,
  lastSeenAt: T1,
  resolution: {
    credentialUid: awsUid('AKIAEXAMPLEPRIV00001'),
    ownerEmployeeId: 'E1',
    confidence: 0.95,
    outcome: 'resolved',
    evidence: [{ signal: owner('e1@acme.example', 'tag'), matchedEmployeeId: 'E1', matchedBy: 'email' }],
  },
};

const deployKey: JsonReportCredentialInput = {
  credential: credential('77', {
    uid: DEPLOY_KEY_UID,
    provider: 'github',
    account: 'acme',
    kind: 'deploy-key',
    createdAt: '2026-06-01',
    lastUsedAt: null,
    lastUsedKnown: true,
  }),
  source: 'github-acme',
  state: 'present',
  stateReason: null,
  firstSeenAt: T1,
  lastSeenAt: T1,
  resolution: {
    credentialUid: DEPLOY_KEY_UID,
    ownerEmployeeId: null,
    confidence: 0,
    outcome: 'none',
    evidence: [],
  },
};

const unverified: JsonReportCredentialInput = {
  credential: credential('AKIAEXAMPLEUNVER0001', {
    principalUid: 'arn:aws:iam::111122223333:user/etl',
    principalName: 'etl',
    lastUsedAt: null,
    lastUsedKnown: false,
    lastUsedUnknownReason: 'iam.GetAccessKeyLastUsed was denied',
    ownerSignals: [owner('vendor@partner.example', 'tag')],
  }),
  source: 'aws-prod',
  state: 'unverified',
  stateReason: 'account 111122223333 could not be read: AccessDenied',
  firstSeenAt: T0,
  lastSeenAt: T0,
  resolution: {
    credentialUid: awsUid('AKIAEXAMPLEUNVER0001'),
    ownerEmployeeId: null,
    confidence: 0,
    outcome: 'unmatched',
    evidence: [
      {
        signal: owner('vendor@partner.example', 'tag'),
        matchedEmployeeId: null,
        matchedBy: 'no person with this email or alias',
      },
    ],
  },
};

const gone: JsonReportCredentialInput = {
  credential: credential('AKIAEXAMPLEGONE00001', {
    principalUid: 'arn:aws:iam::111122223333:user/old',
    principalName: 'old',
    ownerSignals: [owner('e2@acme.example', 'creator')],
  }),
  source: 'aws-prod',
  state: 'gone',
  stateReason: 'not returned by a complete scan of source aws-prod',
  firstSeenAt: T0,
  lastSeenAt: T0,
  resolution: {
    credentialUid: awsUid('AKIAEXAMPLEGONE00001'),
    ownerEmployeeId: 'E2',
    confidence: 0.7 * 0.6,
    outcome: 'conflict',
    evidence: [{ signal: owner('e2@acme.example', 'creator'), matchedEmployeeId: 'E2', matchedBy: 'email' }],
  },
};

const finding = (
  n: string,
  fields: Partial<JsonReportFindingInput> &
    Pick<JsonReportFindingInput, 'rule' | 'severity' | 'credentialUid'>,
): JsonReportFindingInput => ({
  uid: `nhi-${n.repeat(24)}`,
  status: 'open',
  title: `${fields.rule} on ${fields.credentialUid}`,
  evidence: {},
  firstSeenAt: T0,
  lastSeenAt: T1,
  suppression: null,
  resolvedAt: null,
  ...fields,
});

export const LEAVER_FINDING_UID = `nhi-${'a'.repeat(24)}`;

/** The leaver-owned finding's evidence as both event formats carry it: every key snake_case. */
export const LEAVER_EVIDENCE = {
  owner: { employee_id: 'E1', email: 'e1@acme.example', name: 'Zoë Ångström' },
  confidence: 0.95,
  outcome: 'resolved',
  signals: [{ kind: 'tag', value: 'e1@acme.example', source: 'test tag' }],
  status: 'terminated',
  termination_date: '2026-10-01',
  as_of: '2026-11-26',
  privileged: true,
  privileged_reasons: ['AdministratorAccess attached'],
  base_severity: 'critical',
};

/** Its compliance items: the rule's, and NHI5 for a privileged key (PR.AA-05 is the rule's already). */
export const LEAVER_COMPLIANCE = [
  { framework: 'owasp-nhi', id: 'NHI1', name: 'Improper Offboarding' },
  { framework: 'owasp-nhi', id: 'NHI5', name: 'Overprivileged NHI' },
  { framework: 'nist-csf', id: 'GV.RR-04', name: 'Cybersecurity is included in human resources practices' },
  {
    framework: 'nist-csf',
    id: 'PR.AA-01',
    name: 'Identities and credentials for authorized users, services, and hardware are managed by the organization',
  },
  {
    framework: 'nist-csf',
    id: 'PR.AA-05',
    name: 'Access permissions, entitlements, and authorizations are defined in a policy, managed, enforced, and reviewed, and incorporate the principles of least privilege and separation of duties',
  },
  { framework: 'cis-controls', id: '6.2', name: 'Establish an Access Revoking Process' },
];

export const LEAVER_LABELS = [
  'owasp-nhi:NHI1',
  'owasp-nhi:NHI5',
  'nist-csf:GV.RR-04',
  'nist-csf:PR.AA-01',
  'nist-csf:PR.AA-05',
  'cis-controls:6.2',
];

export const SIEM_INPUT: JsonReportInput = {
  toolVersion: '0.1.0',
  generatedAt: new Date('2026-11-26T12:00:00Z'),
  run: {
    id: 3,
    startedAt: T1,
    finishedAt: '2026-11-26T11:00:05.000Z',
    asOf: '2026-11-26T00:00:00.000Z',
    status: 'complete',
  },
  hr: { source: 'hr.csv', sha256: 'a'.repeat(64), importedAt: T1, fileModifiedAt: null },
  people: [
    person('E1', { status: 'terminated', terminationDate: '2026-10-01', name: 'Zoë Ångström' }),
    person('E2'),
  ],
  sources: [
    { name: 'aws-prod', type: 'aws', status: 'complete', credentials: 3, problems: [] },
    { name: 'github-acme', type: 'github', status: 'complete', credentials: 1, problems: [] },
  ],
  credentials: [privileged, deployKey, unverified, gone],
  findings: [
    finding('a', {
      rule: 'leaver-owned',
      severity: 'critical',
      credentialUid: awsUid('AKIAEXAMPLEPRIV00001'),
      title: 'Access key AKIAEXAMPLEPRIV00001 of aws/111122223333 is owned by leaver Zoë Ångström',
      // As policy writes it (src/policy/evaluate.ts), its day counts shown (presentFinding).
      evidence: {
        owner: { employeeId: 'E1', email: 'e1@acme.example', name: 'Zoë Ångström' },
        confidence: 0.95,
        outcome: 'resolved',
        signals: [{ kind: 'tag', value: 'e1@acme.example', source: 'test tag' }],
        status: 'terminated',
        terminationDate: '2026-10-01',
        asOf: '2026-11-26',
        privileged: true,
        privilegedReasons: ['AdministratorAccess attached'],
        baseSeverity: 'critical',
      },
    }),
    finding('b', {
      rule: 'owner-unknown',
      severity: 'high',
      credentialUid: DEPLOY_KEY_UID,
      firstSeenAt: T1,
      // owner-unknown counts the credential's owner signals in `signals` (a list everywhere else).
      evidence: { signals: 0, createdAt: '2026-06-01', ageDays: 178, newKeyGraceDays: 7 },
    }),
    finding('c', {
      rule: 'owner-not-in-hr',
      severity: 'high',
      credentialUid: awsUid('AKIAEXAMPLEUNVER0001'),
      status: 'suppressed',
      lastSeenAt: T0,
      suppression: { reason: 'vendor account', approvedBy: 'sec-lead', expires: '2027-01-01' },
      evidence: { unmatched: [{ kind: 'tag', value: 'vendor@partner.example' }] },
    }),
    finding('d', {
      rule: 'stale',
      severity: 'medium',
      credentialUid: awsUid('AKIAEXAMPLEGONE00001'),
      status: 'resolved',
      lastSeenAt: T0,
      resolvedAt: T1,
    }),
    finding('e', {
      rule: 'propagation-gap',
      severity: 'critical',
      credentialUid: awsUid('AKIAEXAMPLENOTREPORT'),
      firstSeenAt: T1,
    }),
  ],
  expiredBaselineEntries: [],
};
