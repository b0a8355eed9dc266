import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDate } from '../../src/core/dates.js';
import type { Finding } from '../../src/core/model.js';
import { addBaselineEntry, applyBaseline, loadBaseline, parseBaseline } from '../../src/policy/baseline.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const finding = (uid: string, credentialUid: string): Finding => ({
  uid,
  rule: 'stale',
  severity: 'medium',
  credentialUid,
  title: 't',
  evidence: {},
});

const baseline = parseBaseline(
  [
    'entries:',
    '  - finding: nhi-a',
    '    reason: break-glass',
    '    approvedBy: alice',
    '    expires: 2026-12-01',
    '  - credential: cred-2',
    '    reason: decommissioning',
    '    approvedBy: bob',
    '    expires: 2026-11-26',
  ].join('\n'),
  'base.yaml',
);

describe('baseline', () => {
  it('suppresses by finding uid and by credential until the expiry date', () => {
    const outcome = applyBaseline(
      [finding('nhi-a', 'cred-1'), finding('nhi-b', 'cred-2'), finding('nhi-c', 'cred-3')],
      baseline,
      toDate('2026-11-25'),
    );
    expect(outcome.findings.map((f) => [f.uid, f.status, f.suppression?.approvedBy ?? null])).toEqual([
      ['nhi-a', 'suppressed', 'alice'],
      ['nhi-b', 'suppressed', 'bob'],
      ['nhi-c', 'open', null],
    ]);
    expect(outcome.expiredEntries).toEqual([]);
  });

  it('stops suppressing on the expiry date and reports the expired entry', () => {
    const outcome = applyBaseline(
      [finding('nhi-a', 'cred-1'), finding('nhi-b', 'cred-2')],
      baseline,
      toDate('2026-11-26'),
    );
    expect(outcome.findings.map((f) => [f.uid, f.status])).toEqual([
      ['nhi-a', 'suppressed'],
      ['nhi-b', 'open'],
    ]);
    expect(outcome.expiredEntries).toEqual([
      { credential: 'cred-2', reason: 'decommissioning', approvedBy: 'bob', expires: '2026-11-26' },
    ]);
  });

  it('names the line and key of a bad entry', () => {
    expect(() =>
      parseBaseline(
        'entries:\n  - finding: x\n    reason: r\n    approvedBy: a\n    expires: 2026-02-30\n',
        'b.yaml',
      ),
    ).toThrow('b.yaml, line 5, key entries[0].expires: expected an ISO 8601 expiry date such as 2027-03-31');
    expect(() => loadBaseline('/nonexistent/b.yaml')).toThrow('/nonexistent/b.yaml: baseline file not found');
  });

  it('appends entries, keeping comments, creating the file when needed', () => {
    const dir = temporaryDirectory();
    const file = join(dir.path, '.nhiscan-baseline.yaml');
    addBaselineEntry(file, { finding: 'nhi-a', reason: 'r1', approvedBy: 'alice', expires: '2027-01-01' });
    writeFileSync(file, `# accepted risks\n${readFileSync(file, 'utf8')}`);
    addBaselineEntry(file, { credential: 'cred-2', reason: 'r2', approvedBy: 'bob', expires: '2027-02-01' });
    expect(readFileSync(file, 'utf8')).toBe(
      [
        '# accepted risks',
        'entries:',
        '  - finding: nhi-a',
        '    reason: r1',
        '    approvedBy: alice',
        '    expires: 2027-01-01',
        '  - credential: cred-2',
        '    reason: r2',
        '    approvedBy: bob',
        '    expires: 2027-02-01',
        '',
      ].join('\n'),
    );
    expect(loadBaseline(file).entries).toHaveLength(2);
    dir.remove();
  });
});
