/**
 * Exceptions are bounded and audited (issue 19, items 2 and 3): `baseline add` and `recertify` are
 * decisions like an approval. The owner, a leaver and anyone for longer than
 * governance.maxExceptionDays are refused (exit 2, a `decision.refused` record, nothing written);
 * leaver-owned and contractor-expired are never recertified; an accepted exception is an audit
 * record. A hand-edited baseline entry is honoured only when its approver may decide.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL, governedEstate } from './support/governed-estate.js';

describe('exceptions: baseline add and recertify', () => {
  let estate: Awaited<ReturnType<typeof governedEstate>>;
  let baselineFile: string;
  beforeAll(async () => {
    estate = await governedEstate('  maxExceptionDays: 120');
    baselineFile = join(estate.dir.path, '.nhiscan-baseline.yaml');
  }, 60_000);
  afterAll(() => estate.dir.remove());

  const findingOf = (credentialUid: string, rule: string) =>
    estate.query<{ uid: string }>(
      'SELECT uid FROM findings WHERE credential_uid = ? AND rule = ?',
      credentialUid,
      rule,
    )[0]!.uid;
  const baselineAdd = (
    finding: string,
    by: string,
    expires: string,
    reason = 'vaulted, rotated by the team',
  ) =>
    estate.run([
      'baseline',
      'add',
      '--finding',
      finding,
      '--by',
      by,
      '--reason',
      reason,
      '--expires',
      expires,
    ]);
  const recertify = (credentialUid: string, by: string, ...extra: string[]) =>
    estate.run(['recertify', credentialUid, '--by', by, '--reason', 'still used by the export', ...extra]);
  const baselineText = () => {
    try {
      return readFileSync(baselineFile, 'utf8');
    } catch {
      return '';
    }
  };

  it('refuses a baseline entry by the owner, by a leaver for their own key, and beyond maxExceptionDays', async () => {
    const mover = findingOf(CREDENTIAL.mover, 'mover-recertify');
    const carol = findingOf(CREDENTIAL.carol, 'leaver-owned');
    const cases: [string, string, string, string, string][] = [
      [
        mover,
        'bob+anything@acme.example',
        '2027-01-01',
        'owner',
        `Bob Baker (E2) is named as an owner of credential ${CREDENTIAL.mover} (declared signal) and cannot exempt it; ask someone else`,
      ],
      [
        carol,
        'Carol Lee',
        '2030-01-01',
        'exception-too-long',
        '2030-01-01 is more than governance.maxExceptionDays (120) after 2026-11-26: an exception must be reviewed again within 120 days',
      ],
      [
        carol,
        'carol.lee@acme.example',
        '2027-01-01',
        'actor-leaver',
        'carol.lee@acme.example is Carol Lee (E3), a leaver since 2026-11-01: only a current person can act',
      ],
      [
        carol,
        'alice@acme.example',
        '2027-03-27',
        'exception-too-long',
        '2027-03-27 is more than governance.maxExceptionDays (120) after 2026-11-26: an exception must be reviewed again within 120 days',
      ],
    ];
    for (const [finding, by, expires, refusal, message] of cases) {
      const run = await baselineAdd(finding, by, expires);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(message);
      expect(estate.refusals().at(-1)).toEqual([by, `finding:${finding}`, refusal, message]);
    }
    expect(baselineText()).toBe('');
    expect(estate.query("SELECT 1 FROM audit_log WHERE action = 'baseline.added'")).toEqual([]);
  });

  it('refuses a reason longer than 500 characters and writes nothing', async () => {
    const run = await baselineAdd(
      findingOf(CREDENTIAL.carol, 'leaver-owned'),
      'alice@acme.example',
      '2027-01-01',
      'x'.repeat(501),
    );
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('expected a reason of at most 500 characters');
    expect(run.stderr).not.toContain('xxxxxxxxxx');
    expect(baselineText()).toBe('');
  });

  it('records an accepted exception: who, why, until when, in the file and the audit log', async () => {
    const carol = findingOf(CREDENTIAL.carol, 'leaver-owned');
    const run = await baselineAdd(carol, 'Alice Archer', '2027-03-26');
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(
      `added to ${baselineFile}: ${carol} until 2027-03-26, approved by alice@acme.example\n`,
    );
    expect(baselineText()).toContain('approvedBy: alice@acme.example');
    expect(
      estate.query<{ actor: string; target: string; reason: string; payload: string }>(
        "SELECT actor, target, reason, payload FROM audit_log WHERE action = 'baseline.added'",
      ),
    ).toEqual([
      {
        actor: 'alice@acme.example',
        target: `finding:${carol}`,
        reason: 'vaulted, rotated by the team',
        payload: JSON.stringify({
          credentialUid: CREDENTIAL.carol,
          employeeId: 'E1',
          expires: '2027-03-26',
          file: baselineFile,
          findingUid: carol,
        }),
      },
    ]);
  });

  it('refuses recertification by the owner, of HR-answered rules, and beyond maxExceptionDays', async () => {
    const cases: [string[], string, string, string][] = [
      [
        [CREDENTIAL.mover, 'Bob Baker', '--rule', 'mover-recertify'],
        'owner',
        'Bob Baker (E2) is named as an owner',
        CREDENTIAL.mover,
      ],
      [
        [CREDENTIAL.erin, 'dan@acme.example', '--rule', 'contractor-expired'],
        'not-recertifiable',
        'contractor-expired cannot be recertified: a contract is renewed in HR',
        CREDENTIAL.erin,
      ],
      [
        [CREDENTIAL.carol, 'dan@acme.example', '--rule', 'leaver-owned'],
        'not-recertifiable',
        'leaver-owned cannot be recertified',
        CREDENTIAL.carol,
      ],
      [
        [CREDENTIAL.mover, 'dan@acme.example', '--until', '2027-06-01'],
        'exception-too-long',
        '2027-06-01 is more than governance.maxExceptionDays (120)',
        CREDENTIAL.mover,
      ],
    ];
    for (const [[credential, by, ...extra], refusal, message, target] of cases) {
      const run = await recertify(credential!, by!, ...extra);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain(message);
      expect(estate.refusals().at(-1)!.slice(0, 3)).toEqual([by, target, refusal]);
    }
    expect(estate.query('SELECT * FROM recertifications')).toEqual([]);
    const kept = await recertify(
      CREDENTIAL.mover,
      'dan@acme.example',
      '--rule',
      'mover-recertify',
      '--until',
      '2027-01-15',
    );
    expect([kept.exitCode, kept.stderr]).toEqual([0, '']);
    expect(estate.query('SELECT recertified_by AS by, rules FROM recertifications')).toEqual([
      { by: 'dan@acme.example', rules: '["mover-recertify"]' },
    ]);
  });
});

describe('a hand-edited baseline', () => {
  it('suppresses only through an eligible approver; the scan reports the rest as invalid', async () => {
    const estate = await governedEstate();
    try {
      const findingOf = (credentialUid: string, rule: string) =>
        estate.query<{ uid: string }>(
          'SELECT uid FROM findings WHERE credential_uid = ? AND rule = ?',
          credentialUid,
          rule,
        )[0]!.uid;
      const mover = findingOf(CREDENTIAL.mover, 'mover-recertify');
      const carol = findingOf(CREDENTIAL.carol, 'leaver-owned');
      const erin = findingOf(CREDENTIAL.erin, 'contractor-expired');
      writeFileSync(
        join(estate.dir.path, '.nhiscan-baseline.yaml'),
        [
          'entries:',
          `  - { finding: ${mover}, reason: mine, approvedBy: bob@acme.example, expires: 2027-01-01 }`,
          `  - { finding: ${carol}, reason: mine too, approvedBy: Carol Lee, expires: 2030-01-01 }`,
          `  - { finding: ${erin}, reason: renewal on its way, approvedBy: alice@acme.example, expires: 2027-01-01 }`,
          '',
        ].join('\n'),
      );
      const scan = await estate.run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none']);
      expect(scan.exitCode).toBe(0);
      expect(scan.stderr.trim().split('\n')).toEqual([
        `nhiscan: warning: baseline entry for ${carol} (approved by Carol Lee) is invalid for ${CREDENTIAL.carol} and suppresses nothing: approvedBy: Carol Lee is Carol Lee (E3), a leaver since 2026-11-01: only a current person can act`,
        `nhiscan: warning: baseline entry for ${mover} (approved by bob@acme.example) is invalid for ${CREDENTIAL.mover} and suppresses nothing: approvedBy: Bob Baker (E2) is named as an owner of this credential (declared signal) and cannot exempt it`,
      ]);
      expect(
        estate.query(
          'SELECT credential_uid AS credential, rule, status FROM findings ORDER BY credential_uid, rule',
        ),
      ).toEqual([
        { credential: CREDENTIAL.carol, rule: 'leaver-owned', status: 'open' },
        { credential: CREDENTIAL.erin, rule: 'contractor-expired', status: 'suppressed' },
        { credential: CREDENTIAL.mover, rule: 'mover-recertify', status: 'open' },
        { credential: CREDENTIAL.shared, rule: 'leaver-owned', status: 'open' },
      ]);
      const finished = estate.query<{ payload: string }>(
        "SELECT payload FROM audit_log WHERE action = 'scan.finished' ORDER BY seq DESC LIMIT 1",
      )[0]!;
      expect(JSON.parse(finished.payload).invalidBaselineEntries).toEqual([
        {
          finding: carol,
          credentialUid: CREDENTIAL.carol,
          problem: expect.stringContaining('a leaver since'),
        },
        {
          finding: mover,
          credentialUid: CREDENTIAL.mover,
          problem: expect.stringContaining('Bob Baker (E2)'),
        },
      ]);
      // The open requests stand: an invalid exception cancels nothing.
      expect(estate.requestOf(CREDENTIAL.mover).state).toBe('pending-approval');
      expect(estate.requestOf(CREDENTIAL.carol).state).toBe('pending-approval');
    } finally {
      estate.dir.remove();
    }
  }, 60_000);
});
