import { describe, expect, it } from 'vitest';
import { buildJsonReport, type JsonReportInput } from '../../reports/json/index.js';
import { credential, owner, person } from '../support/builders.js';
import { validateJsonReport } from './validate-report.js';

const input: JsonReportInput = {
  toolVersion: '0.1.0',
  generatedAt: new Date('2026-11-26T12:00:00Z'),
  run: {
    id: 3,
    startedAt: '2026-11-26T11:00:00.000Z',
    finishedAt: '2026-11-26T11:00:05.000Z',
    asOf: '2026-11-26T00:00:00.000Z',
    status: 'complete',
  },
  hr: {
    source: 'hr.csv',
    sha256: 'a'.repeat(64),
    importedAt: '2026-11-26T11:00:00.000Z',
    fileModifiedAt: null,
  },
  people: [person('E1', { status: 'terminated', terminationDate: '2026-10-01' })],
  sources: [{ name: 'sheet', type: 'inventory-file', status: 'complete', credentials: 2, problems: [] }],
  credentials: [
    {
      credential: credential('B', { ownerSignals: [owner('e1@acme.example')] }),
      source: 'sheet',
      state: 'present',
      stateReason: null,
      firstSeenAt: '2026-11-20T00:00:00.000Z',
      lastSeenAt: '2026-11-26T11:00:00.000Z',
      resolution: {
        credentialUid: 'aws:111122223333:access-key:B',
        ownerEmployeeId: 'E1',
        confidence: 0.95,
        outcome: 'resolved',
        evidence: [{ signal: owner('e1@acme.example'), matchedEmployeeId: 'E1', matchedBy: 'email' }],
      },
    },
    {
      credential: credential('A'),
      source: 'sheet',
      state: 'gone',
      stateReason: 'not returned by complete scan of source sheet',
      firstSeenAt: '2026-11-20T00:00:00.000Z',
      lastSeenAt: '2026-11-20T00:00:00.000Z',
      resolution: undefined,
    },
  ],
  findings: [
    {
      uid: `nhi-${'1'.repeat(24)}`,
      rule: 'over-age',
      severity: 'low',
      status: 'open',
      credentialUid: 'aws:111122223333:access-key:B',
      title: 'old',
      evidence: {},
      firstSeenAt: '2026-11-20T00:00:00.000Z',
      lastSeenAt: '2026-11-26T11:00:00.000Z',
      suppression: null,
      resolvedAt: null,
    },
    {
      uid: `nhi-${'2'.repeat(24)}`,
      rule: 'leaver-owned',
      severity: 'critical',
      status: 'open',
      credentialUid: 'aws:111122223333:access-key:B',
      title: 'leaver',
      evidence: { owner: 'E1' },
      firstSeenAt: '2026-11-20T00:00:00.000Z',
      lastSeenAt: '2026-11-26T11:00:00.000Z',
      suppression: null,
      resolvedAt: null,
    },
  ],
  expiredBaselineEntries: [],
};

describe('JSON report', () => {
  const report = buildJsonReport(input);

  it('validates against the published schema', () => {
    expect(validateJsonReport(report)).toEqual([]);
  });

  it('sorts credentials by uid and findings most severe first, and summarises', () => {
    expect(report.credentials.map((c) => c.externalId)).toEqual(['A', 'B']);
    expect(report.findings.map((f) => f.rule)).toEqual(['leaver-owned', 'over-age']);
    expect(report.summary).toEqual({
      credentials: 1,
      people: 1,
      findings: {
        total: 2,
        open: 2,
        suppressed: 0,
        resolved: 0,
        bySeverity: { info: 0, low: 1, medium: 0, high: 0, critical: 1 },
        byRule: { 'leaver-owned': 1, 'over-age': 1 },
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
    });
    expect(report.credentials[1]?.owner).toEqual({
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
    });
  });

  it('rejects documents that drift from the schema', () => {
    const { schemaVersion: _, ...withoutVersion } = report;
    expect(validateJsonReport(withoutVersion)).toEqual(["/: must have required property 'schemaVersion'"]);
    const badSeverity = { ...report, findings: [{ ...report.findings[0], severity: 'urgent' }] };
    expect(validateJsonReport(badSeverity)).toEqual([
      '/findings/0/severity: must be equal to one of the allowed values',
    ]);
    const extra = { ...report, credentials: [{ ...report.credentials[0], secret: 'x' }] };
    expect(validateJsonReport(extra)).toEqual(['/credentials/0: must NOT have additional properties']);
  });
});
