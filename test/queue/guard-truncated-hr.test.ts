/**
 * The hr-change guard (docs/queue.md "Guards": a truncated export must not revoke the company).
 * An HR export cut off half-way is still a valid CSV; after a rescan with it,
 * `queue execute --apply` refuses — exit 2, the guard and its numbers on stderr, not one provider
 * call, and a `guard.refused` audit record — until a person acknowledges the change.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import { openDatabase } from '../../src/store/open.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import {
  CALLER_ENV,
  credentialUid,
  estateOf,
  type HrRow,
  type KeyOwner,
  providerWrites,
  writeConfig,
  writeHr,
} from './support/aws-queue-fixture.js';

/** 40 people; E01–E04 left in October and own the leaver keys. */
const PEOPLE: HrRow[] = Array.from({ length: 40 }, (_, index) => {
  const id = `E${String(index + 1).padStart(2, '0')}`;
  return index < 4
    ? { id, email: `${id.toLowerCase()}@acme.example`, status: 'terminated', terminationDate: '2026-10-15' }
    : { id, email: `${id.toLowerCase()}@acme.example`, status: 'active' };
});
/** The same export cut off after 20 rows: valid CSV, half the company missing. */
const TRUNCATED = PEOPLE.slice(0, 20);

const LEAVER_KEYS: KeyOwner[] = [1, 2, 3, 4].map((n) => ({
  user: `svc-leaver-${n}`,
  key: `AKIAGUARDLEAVER0000${n}`,
  owner: `e0${n}@acme.example`,
}));
/** Keys of active people, two of them in the missing half. */
const ACTIVE_KEYS: KeyOwner[] = ['e05', 'e30', 'e35'].map((owner, index) => ({
  user: `svc-${owner}`,
  key: `AKIAGUARDACTIVE0000${index + 1}`,
  owner: `${owner}@acme.example`,
}));

/** The queue after the truncated scan: the leavers' requests, then the departed people's keys. */
const AFTER_TRUNCATION = [
  ...LEAVER_KEYS.map((leaver) => [credentialUid(leaver.key), 'approved', ['pending', 'pending']]),
  ...ACTIVE_KEYS.slice(1).map((key) => [credentialUid(key.key), 'pending-approval', ['pending', 'pending']]),
];

interface AuditRow {
  seq: number;
  actor: string;
  action: string;
  target: string | null;
  reason: string | null;
  payload: string;
}

describe('hr-change guard: a truncated HR file revokes nothing', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  let emulator: AwsEmulator;
  const run = (argv: string[], now: string) => cli(argv, { cwd: dir.path, now });
  const auditRows = (action: string): AuditRow[] => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return db
        .prepare(
          'SELECT seq, actor, action, target, reason, payload FROM audit_log WHERE action = ? ORDER BY seq',
        )
        .all(action) as AuditRow[];
    } finally {
      db.close();
    }
  };
  const requests = async () =>
    (
      JSON.parse((await run(['queue', 'list', '--all', '--json'], '2026-11-26T12:00:00Z')).stdout) as {
        credentialUid: string;
        state: string;
        steps: { step: string; state: string }[];
      }[]
    ).map((request) => [request.credentialUid, request.state, request.steps.map((step) => step.state)]);

  beforeEach(async () => {
    Object.assign(process.env, CALLER_ENV);
    dir = temporaryDirectory();
    emulator = await startAwsEmulator({ estate: estateOf([...LEAVER_KEYS, ...ACTIVE_KEYS]) });
    writeConfig(
      dir.path,
      emulator.endpoint,
      '{ leaver: approve, rules: { leaver-owned: { standard: auto } } }',
      // The executor is a service actor; acknowledging the change takes a person (E06, in both exports).
      '{ actors: [{ id: ops@acme.example, roles: [execute] }] }',
    );

    // The full export: the leavers' keys get auto-approved requests.
    writeHr(dir.path, PEOPLE, '2026-11-26T06:00:00Z');
    const full = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none'], '2026-11-26T07:00:00Z');
    expect(full.stderr).toBe('');
    expect(full.exitCode).toBe(0);

    // Next export is cut off after 20 rows; the rescan itself is fine (it only reads).
    writeHr(dir.path, TRUNCATED, '2026-11-26T10:00:00Z');
    const truncated = await run(
      ['scan', '--as-of', '2026-11-26', '--fail-on', 'none'],
      '2026-11-26T11:00:00Z',
    );
    expect(truncated.stderr).toBe('');
    expect(truncated.exitCode).toBe(0);
    // The leavers are in the half that survived: their requests stand, approved and due. The people
    // missing from the cut-off export are departed leavers (hr.missingMeans: departed): their keys
    // are proposed too, but the scan froze the queue, so none of those starts approved.
    expect(await requests()).toEqual(AFTER_TRUNCATION);
  });
  afterEach(async () => {
    await emulator.close();
    dir.remove();
  });

  it('refuses with exit 2, names the guard and its numbers, calls no provider and records the refusal', async () => {
    const refused = await run(
      ['queue', 'execute', '--apply', '--by', 'ops@acme.example'],
      '2026-11-26T12:00:00Z',
    );
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^nhiscan: refused by guard hr-change: /),
    ]);
    expect(refused.stderr).toContain(
      'HR snapshot 2 changed 50.0% of 40 people since snapshot 1 (limit revocation.hrChangeGuardPercent 5%): 0 new leavers, 20 people missing (E21, E22, E23, E24, E25 and 15 more)',
    );
    expect(refused.stderr).toContain('--accept-hr-change --by WHO --reason TEXT');

    expect(providerWrites(emulator)).toEqual([]);
    expect(
      emulator.estate.accounts[0]!.users.flatMap((user) => (user.accessKeys ?? []).map((key) => key.status)),
    ).toEqual(Array(LEAVER_KEYS.length + ACTIVE_KEYS.length).fill('Active'));
    expect(await requests()).toEqual(AFTER_TRUNCATION);

    const records = auditRows('guard.refused');
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ actor: 'ops@acme.example', target: 'queue' });
    expect(records[0]!.reason).toContain('HR snapshot 2 changed 50.0% of 40 people');
    expect(JSON.parse(records[0]!.payload)).toEqual({
      actions: LEAVER_KEYS.length,
      guards: [
        {
          guard: 'hr-change',
          previousSnapshotId: 1,
          currentSnapshotId: 2,
          previousCount: 40,
          newLeavers: 0,
          removed: 20,
          percent: 50,
          limitPercent: 5,
          minPeople: 3,
          acknowledged: false,
        },
      ],
    });
    expect(auditRows('step.started')).toEqual([]);

    const verified = await run(['audit', 'verify', '--json'], '2026-11-26T12:00:00Z');
    expect(verified.exitCode).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('runs once a person acknowledges the change with --accept-hr-change --by --reason, recorded in the audit log', async () => {
    expect(
      (await run(['queue', 'execute', '--apply', '--by', 'ops@acme.example'], '2026-11-26T12:00:00Z'))
        .exitCode,
    ).toBe(2);

    const withoutReason = await run(
      ['queue', 'execute', '--apply', '--accept-hr-change', '--by', 'e06@acme.example'],
      '2026-11-26T12:30:00Z',
    );
    expect(withoutReason.exitCode).toBe(2);
    expect(withoutReason.stderr).toContain('--accept-hr-change needs --by WHO and --reason TEXT');
    expect(auditRows('guard.acknowledged')).toEqual([]);
    expect(providerWrites(emulator)).toEqual([]);

    const accepted = await run(
      [
        'queue',
        'execute',
        '--apply',
        '--accept-hr-change',
        '--by',
        'e06@acme.example',
        '--reason',
        'HR confirms the export; the leavers are real',
      ],
      '2026-11-26T13:00:00Z',
    );
    expect(accepted.stderr).toBe('');
    expect(accepted.exitCode).toBe(0);
    expect(accepted.stdout).toMatch(
      /ok +hr-change: HR change since snapshot 1: 50\.0% \(limit 5%\), acknowledged/,
    );
    // Only the leavers' keys, disabled (the delete waits deleteAfterDays, 14 by default).
    expect(providerWrites(emulator)).toEqual(
      LEAVER_KEYS.map((leaver) => ['UpdateAccessKey', leaver.key, 'Inactive']),
    );

    const acknowledged = auditRows('guard.acknowledged');
    expect(acknowledged).toHaveLength(1);
    expect(acknowledged[0]).toMatchObject({
      actor: 'e06@acme.example',
      target: 'hr-snapshot:2',
      reason: 'HR confirms the export; the leavers are real',
    });
    expect(JSON.parse(acknowledged[0]!.payload)).toEqual({ guard: 'hr-change', hrSnapshotId: 2, runId: 2 });
    // The acknowledgement is on record before the first step it allowed.
    const firstStep = auditRows('step.started')[0];
    expect(firstStep?.seq).toBeGreaterThan(acknowledged[0]!.seq);

    const verified = await run(['audit', 'verify', '--json'], '2026-11-26T13:00:00Z');
    expect(verified.exitCode).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });
});
