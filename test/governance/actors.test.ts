/**
 * Governed decisions hold against people, not strings (issue 19, items 1 and 2): every actor
 * resolves through the one identity resolver to exactly one current HR person; one person approves
 * once whatever the spelling; owners, candidate owners, leavers, unknown and ambiguous names and
 * service actors are refused with exit 2 and a `decision.refused` audit record; a refusal changes
 * nothing. Driven through the real CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL, governedEstate } from './support/governed-estate.js';

describe('who may decide on a revocation request', () => {
  let estate: Awaited<ReturnType<typeof governedEstate>>;
  beforeAll(async () => {
    estate = await governedEstate();
  }, 60_000);
  afterAll(() => estate.dir.remove());

  const approve = (id: number, by: string, reason = 'checked') =>
    estate.run(['queue', 'approve', String(id), '--by', by, '--reason', reason]);
  const approvalsOf = (id: number) =>
    estate.query<{ actor: string; decision: string }>(
      'SELECT actor, decision FROM revocation_decisions WHERE request_id = ? ORDER BY at',
      id,
    );

  it('resolves an owner written as a display name to the person, at a lower confidence', () => {
    expect(
      estate.query(
        'SELECT owner_employee_id AS owner, confidence, outcome FROM owner_resolutions WHERE credential_uid = ?',
        CREDENTIAL.carol,
      ),
    ).toEqual([{ owner: 'E3', confidence: 0.76, outcome: 'resolved' }]);
    expect(estate.requestOf(CREDENTIAL.carol)).toMatchObject({
      rule: 'leaver-owned',
      state: 'pending-approval',
    });
  });

  it('counts one person once: an alias, the display name, an invisible character or a full-width spelling is the same approver', async () => {
    const mover = estate.requestOf(CREDENTIAL.mover);
    expect(mover).toMatchObject({ rule: 'mover-recertify', state: 'pending-approval' });
    const first = await approve(mover.id, 'alice@acme.example', 'old department');
    expect([first.exitCode, first.stderr]).toEqual([0, '']);
    const before = estate.refusals().length;
    for (const spelling of [
      'github:alice-gh',
      'Alice Archer',
      'alice\u200b@acme.example',
      '\uff41\uff4c\uff49\uff43\uff45@acme.example',
      '  ALICE@ACME.EXAMPLE ',
    ]) {
      const again = await approve(mover.id, spelling);
      expect(again.exitCode).toBe(2);
      expect(again.stderr).toBe(
        `nhiscan: error: key --by: Alice Archer (E1) already approved request ${mover.id}; it needs 2 distinct people\n`,
      );
    }
    expect(
      estate
        .refusals()
        .slice(before)
        .map(([, target, refusal]) => [target, refusal]),
    ).toEqual(Array.from({ length: 5 }, () => [`request:${mover.id}`, 'same-approver']));
    expect(approvalsOf(mover.id)).toEqual([{ actor: 'alice@acme.example', decision: 'approve' }]);
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('pending-approval');
  });

  it('refuses the owner under any of their names: display name, sub-address, employee id', async () => {
    const mover = estate.requestOf(CREDENTIAL.mover);
    for (const spelling of ['Bob Baker', 'bob+ops@acme.example', 'E2']) {
      const run = await approve(mover.id, spelling);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(
        `nhiscan: error: key --by: Bob Baker (E2) is named as an owner of credential ${CREDENTIAL.mover} (request owner) and cannot approve its revocation; ask someone else\n`,
      );
    }
    // Dan is the other declared owner of the shared key: a candidate owner decides nothing on it.
    const shared = estate.requestOf(CREDENTIAL.shared);
    const dan = await approve(shared.id, 'dan@acme.example');
    expect(dan.stderr).toBe(
      `nhiscan: error: key --by: Dan Diaz (E4) is named as an owner of credential ${CREDENTIAL.shared} (declared signal) and cannot approve its revocation; ask someone else\n`,
    );
    const reject = await estate.run([
      'queue',
      'reject',
      String(mover.id),
      '--by',
      'bob@acme.example',
      '--reason',
      'mine',
    ]);
    expect(reject.stderr).toBe(
      `nhiscan: error: key --by: Bob Baker (E2) is named as an owner of credential ${CREDENTIAL.mover} (request owner) and cannot reject its revocation; ask someone else\n`,
    );
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('pending-approval');
    expect(estate.refusals().slice(-5)).toEqual([
      [
        'Bob Baker',
        `request:${mover.id}`,
        'owner',
        expect.stringContaining('Bob Baker (E2) is named as an owner'),
      ],
      ['bob+ops@acme.example', `request:${mover.id}`, 'owner', expect.any(String)],
      ['E2', `request:${mover.id}`, 'owner', expect.any(String)],
      ['dan@acme.example', `request:${shared.id}`, 'owner', expect.stringContaining('Dan Diaz (E4)')],
      ['bob@acme.example', `request:${mover.id}`, 'owner', expect.stringContaining('cannot reject')],
    ]);
  });

  it.each([
    [
      'carol.lee@acme.example',
      'actor-leaver',
      'carol.lee@acme.example is Carol Lee (E3), a leaver since 2026-11-01: only a current person can act',
    ],
    [
      'erin@acme.example',
      'actor-leaver',
      'erin@acme.example is Erin Ek (E7), a contractor whose contract ended 2026-10-31: only a current person can act',
    ],
    [
      'Mallory',
      'actor-unknown',
      'Mallory names nobody in HR (HR snapshot 1): decisions are taken by people in HR, or by service actors listed in governance.actors',
    ],
    [
      'Sam Smith',
      'actor-ambiguous',
      'Sam Smith names 2 people in HR (E5, E6): give an email or an employee id',
    ],
    [
      'ci-bot',
      'actor-not-a-person',
      'ci-bot is a service actor (governance.actors): only a person in HR can take this decision',
    ],
  ])('refuses %s as an approver (%s)', async (by, refusal, message) => {
    const carol = estate.requestOf(CREDENTIAL.carol);
    const run = await approve(carol.id, by);
    expect([run.exitCode, run.stderr]).toEqual([2, `nhiscan: error: key --by: ${message}\n`]);
    expect(estate.refusals().at(-1)).toEqual([by, `request:${carol.id}`, refusal, message]);
    expect(approvalsOf(carol.id)).toEqual([]);
  });

  it('takes the second approval from a different person, then lets the service actor execute but not verify', async () => {
    const mover = estate.requestOf(CREDENTIAL.mover);
    expect((await approve(mover.id, 'dan@acme.example', 'second look')).exitCode).toBe(0);
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('approved');
    expect(approvalsOf(mover.id).map((row) => row.actor)).toEqual(['alice@acme.example', 'dan@acme.example']);

    const unknown = await estate.run([
      'queue',
      'execute',
      '--apply',
      '--by',
      'robot',
      '--as-of',
      '2026-11-26T13:00:00Z',
    ]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('robot names nobody in HR');
    const executed = await estate.run([
      'queue',
      'execute',
      '--apply',
      '--by',
      'ci-bot',
      '--as-of',
      '2026-11-26T13:00:00Z',
    ]);
    expect(executed.stderr).toBe('');
    expect(executed.exitCode).toBe(0);
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('waiting-for-human');
    expect(
      estate.query("SELECT DISTINCT actor FROM audit_log WHERE action LIKE 'step.%' ORDER BY actor"),
    ).toEqual([{ actor: 'ci-bot' }]);
    const verify = await estate.run(['queue', 'verify', '--by', 'ci-bot']);
    expect([verify.exitCode, verify.stderr]).toEqual([
      2,
      'nhiscan: error: key --by: service actor ci-bot may execute, not verify (governance.actors)\n',
    ]);
    expect(estate.refusals().at(-1)).toEqual(['ci-bot', null, 'actor-role', expect.any(String)]);
  });

  it('refuses the owner confirming their own manual task; another person confirms it', async () => {
    const mover = estate.requestOf(CREDENTIAL.mover);
    const confirm = (by: string) =>
      estate.run(['queue', 'confirm', String(mover.id), '--by', by, '--reason', 'deleted in Jenkins']);
    const own = await confirm('Bob Baker');
    expect(own.exitCode).toBe(2);
    expect(own.stderr).toContain('Bob Baker (E2) is named as an owner');
    expect(own.stderr).toContain('cannot confirm its revocation');
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('waiting-for-human');
    expect((await confirm('github:alice-gh')).exitCode).toBe(0);
    expect(estate.requestOf(CREDENTIAL.mover).state).toBe('done');
    expect(
      estate.query<{ actor: string; payload: string }>(
        "SELECT actor, payload FROM audit_log WHERE action = 'request.confirmed'",
      ),
    ).toEqual([
      {
        actor: 'alice@acme.example',
        payload: JSON.stringify({
          actorGiven: 'github:alice-gh',
          actorMatchedBy: 'alias',
          credentialUid: CREDENTIAL.mover,
          employeeId: 'E1',
          ordinal: 0,
          requestId: mover.id,
          step: 'manual',
        }),
      },
    ]);
  });
});
