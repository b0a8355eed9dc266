/**
 * A small report input for the CI formats (sarif, junit, markdown): a leaver's key with two open
 * findings (leaver-owned, and stale whose baseline entry has expired), an ownerless key whose title
 * carries markup and control characters, a suppressed over-age finding, a finding resolved in
 * this run, and a second expired entry that names a credential. `incompleteInput` is the same with
 * one source partly read.
 */
import type { JsonReportCredentialInput, JsonReportInput } from '../../reports/json/index.js';
import type { RuleId } from '../../src/core/model.js';
import { findingUid } from '../../src/policy/finding-uid.js';
import { credential, owner, person } from '../support/builders.js';

export const T0 = '2026-11-20T10:00:00.000Z';
export const T1 = '2026-11-26T11:00:00.000Z';
export const uidOf = (id: string) => `aws:111122223333:access-key:${id}`;
export const fid = (rule: RuleId, id: string) => findingUid(rule, uidOf(id));

function item(id: string, employeeId: string | null): JsonReportCredentialInput {
  const signal = owner(`${employeeId?.toLowerCase()}@acme.example`);
  return {
    credential: credential(id, { ownerSignals: employeeId ? [signal] : [] }),
    source: 'prod',
    state: 'present',
    stateReason: null,
    firstSeenAt: T0,
    lastSeenAt: T1,
    resolution: employeeId
      ? {
          credentialUid: uidOf(id),
          ownerEmployeeId: employeeId,
          confidence: 0.95,
          outcome: 'resolved',
          evidence: [{ signal, matchedEmployeeId: employeeId, matchedBy: 'email' }],
        }
      : { credentialUid: uidOf(id), ownerEmployeeId: null, confidence: 0, outcome: 'none', evidence: [] },
  };
}

export const WEIRD_TITLE = 'Access key B <svc> & "ops" | *x* [y](z)\u0001 of aws/111122223333 has no owner';

export const input: JsonReportInput = {
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
    person('E1', { name: 'Bob Leaver', status: 'terminated', terminationDate: '2026-10-01' }),
    person('E2', { name: 'Carol Keeper' }),
  ],
  sources: [{ name: 'prod', type: 'aws', status: 'complete', credentials: 4, problems: [] }],
  credentials: [item('A', 'E1'), item('B', null), item('C', 'E2'), item('D', 'E2')],
  findings: [
    {
      uid: fid('leaver-owned', 'A'),
      rule: 'leaver-owned',
      severity: 'critical',
      status: 'open',
      credentialUid: uidOf('A'),
      title: 'Access key A of aws/111122223333 is owned by leaver Bob Leaver (terminated 2026-10-01)',
      evidence: { owner: { employeeId: 'E1' }, terminationDate: '2026-10-01' },
      firstSeenAt: T0,
      lastSeenAt: T1,
      suppression: null,
      resolvedAt: null,
    },
    {
      uid: fid('owner-unknown', 'B'),
      rule: 'owner-unknown',
      severity: 'high',
      status: 'open',
      credentialUid: uidOf('B'),
      title: WEIRD_TITLE,
      evidence: { note: 'line one\nline <two>' },
      firstSeenAt: T1,
      lastSeenAt: T1,
      suppression: null,
      resolvedAt: null,
    },
    {
      uid: fid('stale', 'A'),
      rule: 'stale',
      severity: 'medium',
      status: 'open',
      credentialUid: uidOf('A'),
      title: 'Access key A of aws/111122223333 was last used 120 days ago',
      evidence: { daysSinceLastUse: 120, staleAfterDays: 90 },
      firstSeenAt: T0,
      lastSeenAt: T1,
      suppression: null,
      resolvedAt: null,
    },
    {
      uid: fid('over-age', 'C'),
      rule: 'over-age',
      severity: 'low',
      status: 'suppressed',
      credentialUid: uidOf('C'),
      title: 'Access key C of aws/111122223333 is 400 days old',
      evidence: { ageDays: 400, maxKeyAgeDays: 90 },
      firstSeenAt: T0,
      lastSeenAt: T1,
      suppression: { reason: 'rotation scheduled', approvedBy: 'sec-lead', expires: '2027-01-31' },
      resolvedAt: null,
    },
    {
      uid: fid('over-age', 'D'),
      rule: 'over-age',
      severity: 'low',
      status: 'resolved',
      credentialUid: uidOf('D'),
      title: 'Access key D of aws/111122223333 is 100 days old',
      evidence: {},
      firstSeenAt: T0,
      lastSeenAt: T0,
      suppression: null,
      resolvedAt: T1,
    },
  ],
  expiredBaselineEntries: [
    { finding: fid('stale', 'A'), reason: 'break-glass key', approvedBy: 'ann', expires: '2026-11-01' },
    { credential: uidOf('Z'), reason: 'legacy', approvedBy: 'bo', expires: '2026-10-01' },
  ],
};

export const incompleteInput: JsonReportInput = {
  ...input,
  run: { ...input.run, status: 'partial' },
  sources: [
    ...input.sources,
    {
      name: 'staging',
      type: 'aws',
      status: 'partial',
      credentials: 0,
      problems: [{ scope: 'account 222233334444', reason: 'AccessDenied' }],
    },
  ],
};
