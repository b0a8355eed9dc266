/**
 * A half-executed revocation (key disabled, delete waiting deleteAfterDays) survives an HR export
 * that drops its owner, against the AWS emulator. Departed (the default): the request goes on and
 * the delete stays due. hr.missingMeans: unknown: the scan holds it — `request.held`, listed as
 * held by queue list, show and execute — until a person releases or cancels it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AwsEmulator, startAwsEmulator } from '../../scanners/aws/emulator/index.js';
import {
  CALLER_ENV,
  credentialUid,
  estateOf,
  type HrRow,
  type KeyOwner,
  providerWrites,
  writeConfig,
  writeHr,
} from '../queue/support/aws-queue-fixture.js';
import { type Workspace, workspace } from './support/workspace.js';

const PEOPLE: HrRow[] = [
  { id: 'E1', email: 'ann@acme.example', status: 'active' },
  { id: 'E2', email: 'bob@acme.example', status: 'terminated', terminationDate: '2026-10-01' },
  { id: 'E3', email: 'carol@acme.example', status: 'active' },
  { id: 'E4', email: 'dave@acme.example', status: 'active' },
];
/** The active-only feed of the next day: Bob, a leaver, is no longer in it. */
const ACTIVE_ONLY = PEOPLE.filter((person) => person.id !== 'E2');

const KEYS: KeyOwner[] = [
  { user: 'svc-bob-etl', key: 'AKIAHELDBOBETL000001', owner: 'bob@acme.example' },
  { user: 'svc-bob-web', key: 'AKIAHELDBOBWEB000002', owner: 'bob@acme.example' },
  { user: 'svc-ann', key: 'AKIAHELDANN000000003', owner: 'ann@acme.example' },
];
const ETL = credentialUid(KEYS[0]!.key);
const WEB = credentialUid(KEYS[1]!.key);
const ANN_KEY = credentialUid(KEYS[2]!.key);

describe('a half-executed request whose owner the HR export drops', () => {
  let ws: Workspace;
  let emulator: AwsEmulator;
  const scan = (asOf: string, now: string) => ws.run(['scan', '--as-of', asOf, '--fail-on', 'none'], now);
  const states = async () =>
    (await ws.requests()).map((r) => [
      r.id,
      r.state,
      r.steps.map((step) => step.state),
      r.held?.reason ?? null,
    ]);

  beforeEach(async () => {
    Object.assign(process.env, CALLER_ENV);
    ws = workspace();
    emulator = await startAwsEmulator({ estate: estateOf(KEYS) });
    writeConfig(ws.dir.path, emulator.endpoint, '{ leaver: approve }');
    writeHr(ws.dir.path, PEOPLE, '2026-11-26T06:00:00Z');
    expect((await scan('2026-11-26', '2026-11-26T07:00:00Z')).exitCode).toBe(0);
    // Bob's ETL key: approved and disabled; its delete waits 14 days. His web key awaits approval.
    const approved = await ws.run(
      ['queue', 'approve', '1', '--by', 'carol@acme.example', '--reason', 'Bob left in October'],
      '2026-11-26T07:30:00Z',
    );
    expect([approved.exitCode, approved.stderr]).toEqual([0, '']);
    const applied = await ws.run(
      ['queue', 'execute', '--apply', '--by', 'dave@acme.example'],
      '2026-11-26T08:00:00Z',
    );
    expect([applied.exitCode, applied.stderr]).toEqual([0, '']);
    expect(providerWrites(emulator)).toEqual([['UpdateAccessKey', KEYS[0]!.key, 'Inactive']]);
    expect(await states()).toEqual([
      [1, 'in-progress', ['done', 'pending'], null],
      [2, 'pending-approval', ['pending', 'pending'], null],
    ]);
    writeHr(ws.dir.path, ACTIVE_ONLY, '2026-11-27T06:00:00Z');
  });
  afterEach(async () => {
    await emulator.close();
    ws.remove();
  });

  it('departed: nothing is cancelled or held, the web key stays leaver-owned, the delete stays due', async () => {
    const rescan = await scan('2026-11-27', '2026-11-27T07:00:00Z');
    expect([rescan.exitCode, rescan.stderr]).toEqual([0, '']);
    expect(await ws.findings()).toEqual([
      `${ANN_KEY} over-age low`,
      `${WEB} leaver-owned critical`,
      `${WEB} over-age low`,
    ]);
    expect(await states()).toEqual([
      [1, 'in-progress', ['done', 'pending'], null],
      [2, 'pending-approval', ['pending', 'pending'], null],
    ]);
    expect(ws.audit('request.cancelled', 'request.held')).toEqual([]);
    const plan = await ws.run(['queue', 'execute', '--by', 'dave@acme.example'], '2026-12-11T00:00:00Z');
    expect(plan.stdout).toContain(
      `plan     #1 delete  ${ETL}  →  iam:DeleteAccessKey UserName=svc-bob-etl AccessKeyId=${KEYS[0]!.key}`,
    );
  });

  it('unknown: both requests are held for a person, who releases one and cancels the other', async () => {
    const configPath = ws.path('nhiscan.yaml');
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8').replace(
        'hr: { source: csv, path: hr.csv, maxAgeHours: 24 }',
        'hr: { source: csv, path: hr.csv, maxAgeHours: 24, missingMeans: unknown }',
      ),
    );
    const rescan = await scan('2026-11-27', '2026-11-27T07:00:00Z');
    expect([rescan.exitCode, rescan.stderr]).toEqual([0, '']);
    expect(await ws.findings()).toEqual([
      `${ANN_KEY} over-age low`,
      `${WEB} over-age low`,
      `${WEB} owner-not-in-hr high`,
    ]);
    const held =
      'held: owner no longer resolvable: E2 no longer matches anyone in HR; release it (queue release) or cancel it (queue cancel)';
    expect(await states()).toEqual([
      [1, 'in-progress', ['done', 'pending'], held],
      [2, 'pending-approval', ['pending', 'pending'], held],
    ]);
    expect(ws.audit('request.cancelled')).toEqual([]);
    expect(ws.audit('request.held')).toEqual(
      [
        [1, ETL, 'in-progress'],
        [2, WEB, 'pending-approval'],
      ].map(([id, credential, state]) => ({
        actor: 'nhiscan',
        action: 'request.held',
        target: `request:${id}`,
        reason: held,
        payload: { requestId: id, credentialUid: credential, state, runId: 2, rule: 'leaver-owned' },
      })),
    );
    expect((await ws.run(['queue', 'list'])).stdout).toContain(
      `      HELD since 2026-11-27T07:00:00.000Z: ${held}\n`,
    );
    expect((await ws.run(['queue', 'show', '1'])).stdout).toContain(
      `  HELD        since 2026-11-27T07:00:00.000Z: ${held}\n`,
    );
    // The executor takes no step of a held request, even once the delete is due.
    const plan = await ws.run(
      ['queue', 'execute', '--json', '--by', 'dave@acme.example'],
      '2026-12-11T00:00:00Z',
    );
    const planned = JSON.parse(plan.stdout) as { due: number; held: unknown[]; awaitingApproval: number[] };
    expect([planned.due, planned.awaitingApproval]).toEqual([0, []]);
    expect(planned.held).toEqual([
      { requestId: 1, credentialUid: ETL, step: 'delete', reason: held },
      { requestId: 2, credentialUid: WEB, step: 'disable', reason: held },
    ]);

    // A person decides: finish Bob's ETL key, drop the other.
    const released = await ws.run(
      ['queue', 'release', '1', '--by', 'carol@acme.example', '--reason', 'Bob left; finish the delete'],
      '2026-11-27T09:00:00Z',
    );
    expect([released.exitCode, released.stderr]).toEqual([0, '']);
    const cancelled = await ws.run(
      ['queue', 'cancel', '2', '--by', 'carol@acme.example', '--reason', 'the web key moves to Ann'],
      '2026-11-27T09:05:00Z',
    );
    expect([cancelled.exitCode, cancelled.stderr]).toEqual([0, '']);
    expect(ws.audit('request.released', 'request.cancelled')).toEqual([
      {
        actor: 'carol@acme.example',
        action: 'request.released',
        target: 'request:1',
        reason: 'Bob left; finish the delete',
        payload: { requestId: 1, credentialUid: ETL, state: 'in-progress', hold: held },
      },
      {
        actor: 'carol@acme.example',
        action: 'request.cancelled',
        target: 'request:2',
        reason: 'cancelled by carol@acme.example: the web key moves to Ann',
        payload: { requestId: 2, credentialUid: WEB, from: 'pending-approval', to: 'cancelled', hold: held },
      },
    ]);
    // The next scan leaves the released request alone: a person decided.
    expect((await scan('2026-11-28', '2026-11-28T07:00:00Z')).exitCode).toBe(0);
    expect(await states()).toEqual([
      [1, 'in-progress', ['done', 'pending'], null],
      [2, 'cancelled', ['pending', 'pending'], null],
    ]);
    expect(ws.audit('request.held')).toHaveLength(2);
    // Releasing or cancelling a request that is not held is refused.
    const again = await ws.run(['queue', 'release', '1', '--by', 'carol@acme.example', '--reason', 'x']);
    expect([again.exitCode, again.stderr]).toEqual([
      2,
      'nhiscan: error: key ID: request 1 is in-progress and not held: only a held request can be released or cancelled here\n',
    ]);
  });
});
