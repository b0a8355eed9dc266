/**
 * Manual tasks are verified (issue 19, item 7): a confirmed manual task whose credential the next
 * complete scan of its hand-kept source still lists active is a propagation gap (critical), linked
 * to the confirmed request, which is reopened for a person instead of a fresh request being
 * proposed; the gap closes when a later complete scan no longer lists it active. A scan that did
 * not read the source proves nothing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/index.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date',
  'E1,ann@acme.example,Ann Archer,active,employee,2020-01-01,',
  'E2,bob@acme.example,Bob Baker,terminated,employee,2020-01-01,2026-10-01',
  'E3,carol@acme.example,Carol Chen,active,employee,2020-01-01,',
  'E4,olga@acme.example,Olga Ops,active,employee,2020-01-01,',
].join('\n');

const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status';
const LEAVER_ROW = (status: string) =>
  `jenkins,ci.acme.example,api-token,jk-1,svc-ci,bob@acme.example,2026-06-01,2026-11-20,,${status}`;
/** Five more rows, so that removing one does not trip the source shrink guard (20%). */
const OTHER_ROWS = [1, 2, 3, 4, 5].map(
  (n) => `jenkins,ci.acme.example,api-token,ok-${n},svc-${n},ann@acme.example,2026-06-01,2026-11-20,,active`,
);
const UID = 'jenkins:ci.acme.example:api-token:jk-1';

interface Listed {
  id: number;
  credentialUid: string;
  state: string;
  stateReason: string | null;
  steps: { step: string; state: string; outcome: string | null; detail: string | null }[];
}

describe('confirmed manual tasks are verified by the next complete scan', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const requests = async (): Promise<Listed[]> =>
    JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout);
  const writeInventory = (name: string, rows: string[]) =>
    writeFileSync(join(dir.path, name), `${[HEADER, ...rows].join('\n')}\n`);
  const scan = async (day: string, extra: string[] = []) => {
    const result = await run(['scan', '--as-of', day, '--fail-on', 'none', ...extra], `${day}T12:00:00Z`);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
  };
  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = openDatabase(join(dir.path, 'nhiscan.db'));
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const gapFindings = () =>
    query<{ severity: string; status: string; title: string; evidence: string }>(
      `SELECT severity, status, stored_text(title, credential_uid) AS title, stored_text(evidence, credential_uid) AS evidence
         FROM findings WHERE rule = 'propagation-gap' AND credential_uid = ?`,
      UID,
    ).map((row) => ({ ...row, evidence: JSON.parse(row.evidence) }));
  const auditOf = (target: string) =>
    query<{ actor: string; action: string; reason: string }>(
      'SELECT actor, action, reason FROM audit_log WHERE target = ? ORDER BY seq',
      target,
    ).map((row) => [row.actor, row.action, row.reason]);

  /** Scan, approve, execute (the manual task waits for a person), confirm: request #1 is done. */
  async function confirmTask(): Promise<void> {
    await scan('2026-11-26');
    const [proposed] = await requests();
    expect([proposed!.state, proposed!.steps.map((step) => step.step)]).toEqual([
      'pending-approval',
      ['manual'],
    ]);
    expect(
      (await run(['queue', 'approve', '1', '--by', 'carol@acme.example', '--reason', 'Bob left'])).exitCode,
    ).toBe(0);
    expect((await run(['queue', 'execute', '--apply', '--by', 'olga@acme.example'])).exitCode).toBe(0);
    const confirmed = await run([
      'queue',
      'confirm',
      '1',
      '--by',
      'carol@acme.example',
      '--reason',
      'token deleted in Jenkins',
    ]);
    expect(confirmed.exitCode).toBe(0);
    expect((await requests()).map((request) => request.state)).toEqual(['done']);
  }

  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), `${HR}\n`);
    writeInventory('inventory.csv', [LEAVER_ROW('active'), ...OTHER_ROWS]);
    writeInventory(
      'other.csv',
      OTHER_ROWS.map((row) => row.replace('ci.acme.example', 'build.acme.example')),
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr: { source: csv, path: hr.csv }',
        'sources:',
        '  - { type: inventory-file, name: sheet, path: inventory.csv }',
        '  - { type: inventory-file, name: sheet2, path: other.csv }',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => dir.remove());

  it('still listed active: a critical propagation gap linked to the request, which is reopened, not duplicated; closed once the row is gone', async () => {
    await confirmTask();
    await scan('2026-11-27');

    const [reopened, ...others] = await requests();
    expect(others).toEqual([]);
    const gapDetail =
      'confirmed by carol@acme.example: token deleted in Jenkins; but complete scan run 2 of source sheet still lists it active';
    expect([reopened!.id, reopened!.state, reopened!.stateReason]).toEqual([
      1,
      'waiting-for-human',
      `reopened: propagation gap, ${UID} is still listed active after its manual revocation was confirmed; revoke it by hand, then run nhiscan queue confirm 1 --by WHO --reason TEXT`,
    ]);
    expect(reopened!.steps.map((step) => [step.step, step.state, step.outcome, step.detail])).toEqual([
      ['manual', 'waiting-for-human', 'propagation-gap', gapDetail],
    ]);
    expect(gapFindings()).toEqual([
      {
        severity: 'critical',
        status: 'open',
        title:
          'Api token jk-1 of jenkins/ci.acme.example is still listed active in sheet after its manual revocation was confirmed',
        evidence: { requestId: 1, step: 'manual', apiCall: 'manual', reread: gapDetail, source: 'sheet' },
      },
    ]);
    expect(auditOf('request:1').slice(-4)).toEqual([
      ['carol@acme.example', 'request.confirmed', 'token deleted in Jenkins'],
      ['carol@acme.example', 'request.done', 'manual manual confirmed by carol@acme.example'],
      [
        'nhiscan',
        'step.propagation-gap',
        'the manual revocation was confirmed (confirmed by carol@acme.example: token deleted in Jenkins), but complete scan run 2 of source sheet still lists it active',
      ],
      ['nhiscan', 'request.reopened', reopened!.stateReason],
    ]);
    const verify = await run(['queue', 'verify', '--by', 'olga@acme.example']);
    expect(verify.exitCode).toBe(1);
    expect(verify.stdout).toBe(
      `#1 manual ${UID}: still-gap (${gapDetail}; a later complete scan of its source closes it)\n`,
    );

    // Confirmed again, but still listed: the gap stays open and the same request is reopened again.
    const again = await run(
      ['queue', 'confirm', '1', '--by', 'carol@acme.example', '--reason', 'deleted, really'],
      '2026-11-27T13:00:00Z',
    );
    expect(again.stderr).toBe('');
    expect(again.exitCode).toBe(0);
    await scan('2026-11-28');
    expect((await requests()).map((request) => [request.id, request.state])).toEqual([
      [1, 'waiting-for-human'],
    ]);
    expect(gapFindings().map((finding) => finding.status)).toEqual(['open']);

    // The row is removed from the hand-kept list: the gap closes, the request is done.
    writeInventory('inventory.csv', OTHER_ROWS);
    await scan('2026-11-29');
    const [closed, ...none] = await requests();
    expect(none).toEqual([]);
    expect([closed!.state, closed!.stateReason]).toEqual([
      'done',
      'all steps done and verified: complete scan run 4 of source sheet no longer lists it',
    ]);
    expect(closed!.steps.map((step) => [step.state, step.outcome])).toEqual([['done', 'verified-later']]);
    expect(gapFindings().map((finding) => finding.status)).toEqual(['resolved']);
    expect(auditOf('request:1').slice(-2)).toEqual([
      [
        'nhiscan',
        'step.verified',
        'propagation gap closed: complete scan run 4 of source sheet no longer lists it',
      ],
      ['nhiscan', 'request.done', closed!.stateReason],
    ]);
    expect(
      query<{ to: string; reason: string }>(
        `SELECT h.to_status AS "to", h.reason FROM finding_history h JOIN findings f ON f.uid = h.finding_uid WHERE f.rule = 'propagation-gap' ORDER BY h.id`,
      ).map((row) => [row.to, row.reason]),
    ).toEqual([
      ['open', 'raised'],
      ['resolved', 'propagation gap closed: complete scan run 4 of source sheet no longer lists it'],
    ]);
    expect((await run(['queue', 'verify', '--by', 'olga@acme.example'])).exitCode).toBe(0);
  });

  it('listed inactive at the next scan: the confirmation is verified, no gap, no new request', async () => {
    await confirmTask();
    writeInventory('inventory.csv', [LEAVER_ROW('inactive'), ...OTHER_ROWS]);
    await scan('2026-11-27');
    const listed = await requests();
    expect(listed.map((request) => [request.id, request.state])).toEqual([[1, 'done']]);
    expect(listed[0]!.steps.map((step) => [step.state, step.outcome, step.detail])).toEqual([
      [
        'done',
        'verified-by-scan',
        'confirmed by carol@acme.example: token deleted in Jenkins; complete scan run 2 of source sheet lists it inactive',
      ],
    ]);
    expect(gapFindings()).toEqual([]);
    expect(auditOf('request:1').at(-1)).toEqual([
      'nhiscan',
      'step.verified',
      'manual revocation verified: complete scan run 2 of source sheet lists it inactive',
    ]);
    // Verified once: a later scan records nothing more for it.
    await scan('2026-11-28');
    expect(auditOf('request:1').at(-1)![1]).toBe('step.verified');
    expect(auditOf('request:1').filter((row) => row[1] === 'step.verified')).toHaveLength(1);
  });

  it('a scan that did not read the source proves nothing: no gap and no fresh request until it does', async () => {
    await confirmTask();
    await scan('2026-11-27', ['--only', 'sheet2']);
    const listed = await requests();
    expect(listed.map((request) => [request.id, request.state, request.steps[0]!.outcome])).toEqual([
      [1, 'done', 'confirmed'],
    ]);
    expect(gapFindings()).toEqual([]);
    await scan('2026-11-28');
    expect((await requests()).map((request) => [request.id, request.state])).toEqual([
      [1, 'waiting-for-human'],
    ]);
    expect(
      gapFindings().map((finding) => [finding.severity, finding.status, finding.evidence.requestId]),
    ).toEqual([['critical', 'open', 1]]);
  });
});
