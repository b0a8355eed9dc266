/** Baseline: matching precedence, expiry reporting, the bad-input corpus, and safe appends. */
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toDate } from '../../src/core/dates.js';
import { InputError, isInputError } from '../../src/core/errors.js';
import type { Finding } from '../../src/core/model.js';
import { addBaselineEntry, applyBaseline, loadBaseline, parseBaseline } from '../../src/policy/baseline.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const BAD = join(import.meta.dirname, '../../fixtures/bad-input');

const finding = (uid: string, credentialUid: string, rule: Finding['rule'] = 'stale'): Finding => ({
  uid,
  rule,
  severity: 'medium',
  credentialUid,
  title: 't',
  evidence: {},
});

function errorOf(work: () => unknown): string {
  try {
    work();
  } catch (error) {
    expect(isInputError(error)).toBe(true);
    return (error as Error).message;
  }
  throw new Error('expected an input error');
}

describe('applyBaseline', () => {
  const baseline = parseBaseline(
    `entries:
  - credential: cred-1
    reason: decommissioning
    approvedBy: bob
    expires: 2026-12-31
  - finding: nhi-old
    reason: accepted last year
    approvedBy: carol
    expires: 2026-01-01
  - finding: nhi-expired-match
    reason: was accepted
    approvedBy: dan
    expires: 2026-11-26
`,
    'b.yaml',
  );

  it('a credential entry suppresses every finding of that credential, and nothing else', () => {
    const outcome = applyBaseline(
      [finding('nhi-1', 'cred-1'), finding('nhi-2', 'cred-1', 'over-age'), finding('nhi-3', 'cred-3')],
      baseline,
      toDate('2026-11-26'),
    );
    expect(outcome.findings.map((f) => [f.uid, f.status, f.suppression])).toEqual([
      [
        'nhi-1',
        'suppressed',
        { reason: 'decommissioning', approvedBy: 'bob', expires: '2026-12-31', kind: 'baseline' },
      ],
      [
        'nhi-2',
        'suppressed',
        { reason: 'decommissioning', approvedBy: 'bob', expires: '2026-12-31', kind: 'baseline' },
      ],
      ['nhi-3', 'open', null],
    ]);
  });

  it('an entry expiring on as-of no longer suppresses; every expired entry is reported in file order', () => {
    const outcome = applyBaseline([finding('nhi-expired-match', 'cred-9')], baseline, toDate('2026-11-26'));
    expect(outcome.findings.map((f) => [f.uid, f.status])).toEqual([['nhi-expired-match', 'open']]);
    expect(outcome.expiredEntries.map((entry) => entry.finding)).toEqual(['nhi-old', 'nhi-expired-match']);
    const dayBefore = applyBaseline([finding('nhi-expired-match', 'cred-9')], baseline, toDate('2026-11-25'));
    expect(dayBefore.findings.map((f) => f.status)).toEqual(['suppressed']);
    expect(dayBefore.expiredEntries.map((entry) => entry.finding)).toEqual(['nhi-old']);
  });

  it('no baseline leaves every finding open', () => {
    expect(applyBaseline([finding('nhi-1', 'cred-1')], undefined, toDate('2026-11-26'))).toEqual({
      findings: [{ ...finding('nhi-1', 'cred-1'), status: 'open', suppression: null }],
      expiredEntries: [],
      invalidEntries: [],
    });
  });
});

describe('parseBaseline', () => {
  it('reads an empty file, a comment-only file and an empty entries: as no entries', () => {
    expect(parseBaseline('', 'b.yaml')).toEqual({ file: 'b.yaml', entries: [] });
    expect(parseBaseline('# nothing accepted yet\n', 'b.yaml')).toEqual({ file: 'b.yaml', entries: [] });
    expect(parseBaseline('entries:\n', 'b.yaml')).toEqual({ file: 'b.yaml', entries: [] });
  });

  it('names file, line, key path and expectation', () => {
    const entry = (lines: string[]) => ['entries:', ...lines].join('\n');
    expect(
      errorOf(() =>
        parseBaseline(
          entry([
            '  - finding: nhi-a',
            '    reason: r',
            '    approvedBy: a',
            '    expires: 2027-01-01',
            '  - finding: nhi-b',
            '    reason: "  "',
            '    approvedBy: a',
            '    expires: 2027-01-01',
          ]),
          'b.yaml',
        ),
      ),
    ).toBe('b.yaml, line 7, key entries[1].reason: expected a non-empty reason');
    expect(
      errorOf(() =>
        parseBaseline(entry(['  - reason: r', '    approvedBy: a', '    expires: 2027-01-01']), 'b.yaml'),
      ),
    ).toBe(
      'b.yaml, line 2, key entries[0]: expected exactly one of finding (a finding uid) or credential (a credential uid)',
    );
    expect(errorOf(() => parseBaseline('- finding: x\n', 'b.yaml'))).toBe(
      'b.yaml, line 1: expected a mapping with an entries: list',
    );
    expect(errorOf(() => parseBaseline('entries: none\n', 'b.yaml'))).toBe(
      'b.yaml, line 1, key entries: expected a list of entries',
    );
  });

  it('rejects every file of the bad-input corpus with its expected message', () => {
    const cases = JSON.parse(readFileSync(join(BAD, 'baseline.cases.json'), 'utf8')) as {
      file: string;
      expect: string;
    }[];
    expect(cases.length).toBeGreaterThanOrEqual(4);
    for (const { file, expect: message } of cases) {
      expect([file, errorOf(() => loadBaseline(join(BAD, file)))]).toEqual([
        file,
        expect.stringContaining(message),
      ]);
    }
  });
});

describe('addBaselineEntry', () => {
  it('refuses an invalid entry and an invalid file, leaving the file untouched', () => {
    const dir = temporaryDirectory();
    const file = join(dir.path, '.nhiscan-baseline.yaml');
    expect(() =>
      addBaselineEntry(file, { finding: 'nhi-a', reason: ' ', approvedBy: 'a', expires: '2027-01-01' }),
    ).toThrow(InputError);
    expect(() =>
      addBaselineEntry(file, { finding: 'nhi-a', reason: 'r', approvedBy: 'a', expires: 'soon' }),
    ).toThrow(`${file}, key expires: new entry: expected an ISO 8601 expiry date such as 2027-03-31`);
    writeFileSync(file, 'entries:\n  - finding: [broken\n');
    expect(() =>
      addBaselineEntry(file, { finding: 'nhi-a', reason: 'r', approvedBy: 'a', expires: '2027-01-01' }),
    ).toThrow('not valid YAML');
    expect(readFileSync(file, 'utf8')).toBe('entries:\n  - finding: [broken\n');
    dir.remove();
  });

  it('appends to an empty entries: or a flow [] list in block style, keeping the file mode', () => {
    const dir = temporaryDirectory();
    const file = join(dir.path, 'b.yaml');
    for (const start of ['entries:\n', 'entries: []\n']) {
      writeFileSync(file, start);
      chmodSync(file, 0o600);
      addBaselineEntry(file, { credential: 'cred-1', reason: 'r', approvedBy: 'a', expires: '2027-01-01' });
      expect(readFileSync(file, 'utf8')).toBe(
        'entries:\n  - credential: cred-1\n    reason: r\n    approvedBy: a\n    expires: 2027-01-01\n',
      );
      expect(statSync(file).mode & 0o777).toBe(0o600);
    }
    dir.remove();
  });
});
