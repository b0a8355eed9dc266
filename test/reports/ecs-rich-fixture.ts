/**
 * A report input whose findings come from the policy itself (evaluate, presentFinding and the
 * queue's propagation-gap finding), so their evidence has exactly the keys and value types nhiscan
 * writes: every rule, and each rule's branches (a departed leaver, an expired contractor's own
 * account, a shared secret with its owner, an unmatched signal beside a resolved owner, owner-unknown
 * with and without name-match guesses, stale by last use and never used, over-age by value age,
 * propagation-gap with and without a stored credential), on privileged, gone, unverified and
 * unreported credentials, open, suppressed and resolved. Both formats' type and id tests use it,
 * with the revocations of the seeded audit log.
 */
import type { JsonReportCredentialInput, JsonReportInput } from '../../reports/json/index.js';
import { auditOcsfEvents, type OcsfAccountChange } from '../../src/audit/index.js';
import { DEFAULT_POLICY } from '../../src/core/config-types.js';
import { toDate } from '../../src/core/dates.js';
import type { Credential, Finding, Person } from '../../src/core/model.js';
import { buildPeopleDirectory } from '../../src/core/people.js';
import { resolveOwner } from '../../src/correlate/index.js';
import { evaluate, presentFinding } from '../../src/policy/index.js';
import { gapFinding } from '../../src/queue/propagation-gap.js';
import { openDatabase } from '../../src/store/index.js';
import { SHEET_TOKEN, seedAuditLog, storeCredentials } from '../audit/seed.js';
import { credential, owner, person } from '../support/builders.js';

const AS_OF = '2026-11-26T00:00:00.000Z';
const T0 = '2026-11-20T10:00:00.000Z';
const T1 = '2026-11-26T11:00:00.000Z';

const PEOPLE: Person[] = [
  person('E1', { status: 'terminated', terminationDate: '2026-10-01' }),
  person('E2', { workerType: 'contractor', contractEndDate: '2026-11-01' }),
  person('E3', { department: 'data', previousDepartment: 'platform', transferDate: '2026-09-01' }),
  person('E4', { terminationDate: '2026-12-01' }),
  person('E5'),
  person('E6', { status: 'terminated', departedOn: '2026-10-15' }),
];

const OLD = { createdAt: '2026-01-01', lastUsedAt: '2026-11-25' };
const RECENT = { createdAt: '2026-10-01', lastUsedAt: '2026-11-25' };

/** Each credential with the rules it is there for (asserted by the tests). */
const CREDENTIALS: Credential[] = [
  credential('LEAVER', {
    ...RECENT,
    privileged: true,
    privilegedReasons: ['AdministratorAccess attached'],
    ownerSignals: [owner('e1@acme.example', 'tag')],
  }),
  credential('DEPARTED', { ...RECENT, ownerSignals: [owner('e6@acme.example', 'creator')] }),
  credential('CONTRACTOR', { ...RECENT, ownerSignals: [owner('e2@acme.example')] }),
  credential('USER-E1', {
    ...RECENT,
    kind: 'iam-user',
    principalName: 'e1',
    nature: 'person-account',
    attributes: { consolePassword: 'yes', activeAccessKeys: '1', passwordLastUsed: '2026-09-30' },
    ownerSignals: [owner('e1@acme.example', 'login')],
  }),
  credential('USER-E2', {
    ...RECENT,
    kind: 'iam-user',
    nature: 'person-account',
    attributes: { consolePassword: 'no', app_slug: 'kept as written' },
    ownerSignals: [owner('e2@acme.example', 'login')],
  }),
  credential('SECRET', {
    ...RECENT,
    uid: 'github:acme:actions-secret:DEPLOY_TOKEN',
    provider: 'github',
    account: 'acme',
    kind: 'actions-secret',
    nature: 'shared-secret',
    valueSetAt: '2026-09-01T00:00:00Z',
    readers: [{ kind: 'login', value: 'e1@acme.example', source: 'repository writer' }],
    ownerSignals: [owner('e5@acme.example', 'tag')],
  }),
  credential('VENDOR', { ...RECENT, ownerSignals: [owner('vendor@partner.example', 'tag')] }),
  credential('MIXED', {
    ...RECENT,
    ownerSignals: [owner('e5@acme.example', 'tag'), owner('ghost@partner.example', 'creator')],
  }),
  credential('NOBODY', { ...RECENT, lastUsedAt: null, lastUsedKnown: false }),
  credential('GUESS', { ...RECENT, ownerSignals: [owner('Nobody Known', 'name-match')] }),
  credential('MOVER', { ...RECENT, department: 'platform', ownerSignals: [owner('e3@acme.example')] }),
  credential('IDLE', { ...RECENT, lastUsedAt: '2026-05-01', ownerSignals: [owner('e5@acme.example')] }),
  credential('UNUSED', {
    createdAt: '2026-03-01',
    lastUsedAt: null,
    ownerSignals: [owner('e5@acme.example')],
  }),
  credential('OLD', { ...OLD, valueSetAt: '2026-02-01', ownerSignals: [owner('e5@acme.example')] }),
  credential('EXPIRED', { ...RECENT, expiresAt: '2026-11-01', ownerSignals: [owner('e5@acme.example')] }),
  credential('PENDING', { ...RECENT, ownerSignals: [owner('e4@acme.example')] }),
];

const STATE: Record<string, Pick<JsonReportCredentialInput, 'state' | 'stateReason'>> = {
  DEPARTED: { state: 'gone', stateReason: 'not returned by a complete scan of source aws-prod' },
  VENDOR: { state: 'unverified', stateReason: 'account 111122223333 could not be read: AccessDenied' },
};

/** The propagation-gap findings the queue raises, with and without the stored credential. */
function gapFindings(): { findings: Finding[]; actions: OcsfAccountChange[] } {
  const db = openDatabase(':memory:');
  try {
    storeCredentials(db);
    seedAuditLog(db, 12);
    const findings = [
      gapFinding(
        db,
        { id: 1, credentialUid: 'aws:111122223333:access-key:AKIAEXAMPLENOTSTORED' },
        { step: 'disable', apiCall: 'iam:UpdateAccessKey', detail: 'the key still reads Active' },
      ),
      gapFinding(
        db,
        { id: 2, credentialUid: SHEET_TOKEN.uid },
        { step: 'manual', apiCall: null, detail: null },
      ),
    ];
    return { findings, actions: [...auditOcsfEvents(db, { productVersion: '0.1.0' })] };
  } finally {
    db.close();
  }
}

function build(): { input: JsonReportInput; actions: OcsfAccountChange[] } {
  const asOf = toDate(AS_OF.slice(0, 10));
  const directory = buildPeopleDirectory(PEOPLE);
  const credentials: JsonReportCredentialInput[] = [];
  const raised: { finding: Finding; provider: string | null }[] = [];
  for (const item of CREDENTIALS) {
    const resolution = resolveOwner(item, directory);
    credentials.push({
      credential: item,
      source: item.provider === 'github' ? 'github-acme' : 'aws-prod',
      ...(STATE[item.externalId] ?? { state: 'present', stateReason: null }),
      firstSeenAt: T0,
      lastSeenAt: STATE[item.externalId]?.state === 'gone' ? T0 : T1,
      resolution,
    });
    for (const finding of evaluate(item, resolution, directory, DEFAULT_POLICY, asOf)) {
      raised.push({ finding: presentFinding(finding, asOf), provider: item.provider });
    }
  }
  const gaps = gapFindings();
  for (const finding of gaps.findings)
    raised.push({ finding: presentFinding(finding, asOf), provider: null });
  const input: JsonReportInput = {
    toolVersion: '0.1.0',
    generatedAt: new Date('2026-11-26T12:00:00Z'),
    run: { id: 3, startedAt: T1, finishedAt: '2026-11-26T11:00:05.000Z', asOf: AS_OF, status: 'complete' },
    hr: { source: 'hr.csv', sha256: 'a'.repeat(64), importedAt: T1, fileModifiedAt: null },
    people: PEOPLE,
    sources: [
      {
        name: 'aws-prod',
        type: 'aws',
        status: 'complete',
        credentials: CREDENTIALS.length - 1,
        problems: [],
      },
      { name: 'github-acme', type: 'github', status: 'complete', credentials: 1, problems: [] },
    ],
    credentials,
    findings: raised.map(({ finding, provider }) => ({
      ...finding,
      // The gone key's findings were resolved in this scan; the vendor key's is excepted.
      status: finding.credentialUid.endsWith('DEPARTED')
        ? ('resolved' as const)
        : finding.credentialUid.endsWith('VENDOR')
          ? ('suppressed' as const)
          : ('open' as const),
      firstSeenAt: T0,
      lastSeenAt: finding.credentialUid.endsWith('DEPARTED') ? T0 : T1,
      resolvedAt: finding.credentialUid.endsWith('DEPARTED') ? T1 : null,
      suppression: finding.credentialUid.endsWith('VENDOR')
        ? { reason: 'vendor account', approvedBy: 'sec-lead', expires: '2027-01-01' }
        : null,
      provider,
    })),
    expiredBaselineEntries: [],
  };
  return { input, actions: gaps.actions };
}

export const RICH = build();
