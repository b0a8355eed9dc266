/**
 * Sources cannot silently shrink (issue 19, item 6). A header-only inventory file, or a source
 * that lost more than revocation.sourceShrinkGuardPercent (20%) of its credentials since its last
 * complete scan, is scanned as partial: exit 3, nothing of it marked gone, its findings and
 * requests kept, until `scan --accept-source-change --by WHO --reason TEXT` (an audit record).
 * `--only` scans leave the other sources alone, and a first scan has nothing to compare with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Workspace, workspace } from './support/workspace.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,',
  'E2,bob@acme.example,Bob,terminated,employee,2020-01-01,2026-10-01',
];
const HEADER = 'provider,account,kind,credential_id,principal,owner,created_at,last_used_at';
const row = (n: number, owner = 'ann') =>
  `jenkins,ci,api-token,jk-${n},svc-${n},${owner}@acme.example,2026-11-01,2026-11-20`;
const JK = (n: number) => `jenkins:ci:api-token:jk-${n}`;
const rows = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => row(from + index));

describe('a source that shrinks', () => {
  let ws: Workspace;
  const scan = (...extra: string[]) =>
    ws.run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', ...extra]);
  const configure = (sources: string[]) =>
    ws.write('nhiscan.yaml', ['hr: { source: csv, path: hr.csv }', 'sources:', ...sources]);

  beforeEach(() => {
    ws = workspace();
    ws.write('hr.csv', HR);
    configure(['  - { type: inventory-file, name: spreadsheet, path: inventory.csv }']);
  });
  afterEach(() => ws.remove());

  it('a header-only inventory file is partial (exit 3, nothing gone) until a person accepts it, audited', async () => {
    ws.write('inventory.csv', [HEADER, row(1, 'bob'), row(2), row(3)]);
    expect((await scan()).exitCode).toBe(0);
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`]);
    ws.write('inventory.csv', [HEADER]);

    const truncated = await scan();
    expect([truncated.exitCode, truncated.stderr]).toEqual([3, '']);
    expect(truncated.stdout).toContain(
      '    ! spreadsheet: source spreadsheet: the inventory file has a header and no rows, where the source had 3 credentials at complete scan run 1: nothing of this source is marked gone. A truncated export looks like this; if the change is real, accept it with nhiscan scan --accept-source-change --by WHO --reason TEXT\n',
    );
    expect(truncated.stdout).toContain(
      '\nSource spreadsheet shrank: 3 → 0 credentials, 3 no longer listed (100.0%), more than revocation.sourceShrinkGuardPercent 20%: scanned as partial, nothing of it marked gone. If the change is real: nhiscan scan --accept-source-change --by WHO --reason TEXT\n',
    );
    expect(ws.credentialStates()).toEqual({
      [JK(1)]: 'unverified',
      [JK(2)]: 'unverified',
      [JK(3)]: 'unverified',
    });
    expect(await ws.findings()).toEqual([`${JK(1)} leaver-owned critical`]);
    expect((await ws.requests()).map((r) => [r.id, r.state])).toEqual([[1, 'pending-approval']]);
    expect(ws.audit('request.cancelled', 'source.change-accepted')).toEqual([]);

    const accepted = await scan(
      '--accept-source-change',
      '--by',
      'ann@acme.example',
      '--reason',
      'the list was retired',
    );
    expect([accepted.exitCode, accepted.stderr]).toEqual([0, '']);
    expect(accepted.stdout).toContain(
      '\nSource change accepted: spreadsheet 3 → 0 credentials, 3 no longer listed (100.0%); its missing credentials are gone\n',
    );
    expect(ws.audit('source.change-accepted')).toEqual([
      {
        actor: 'ann@acme.example',
        action: 'source.change-accepted',
        target: 'source:spreadsheet',
        reason: 'the list was retired',
        payload: {
          runId: 3,
          source: 'spreadsheet',
          type: 'inventory-file',
          previous: 3,
          current: 0,
          missing: 3,
          percent: 100,
          limitPercent: 20,
          previousRunId: 1,
          headerOnly: true,
        },
      },
    ]);
    expect(ws.credentialStates()).toEqual({ [JK(1)]: 'gone', [JK(2)]: 'gone', [JK(3)]: 'gone' });
    expect(await ws.findings()).toEqual([]);
    expect((await ws.requests()).map((r) => [r.id, r.state, r.stateReason])).toEqual([
      [1, 'cancelled', 'credential no longer exists in the provider (rotated or removed outside nhiscan)'],
    ]);
  });

  it('a 30% drop since the last complete scan is partial; 20% is not', async () => {
    ws.write('inventory.csv', [HEADER, ...rows(1, 10)]);
    expect((await scan()).exitCode).toBe(0);
    ws.write('inventory.csv', [HEADER, ...rows(1, 7)]);
    const dropped = await scan('--json');
    expect(dropped.exitCode).toBe(3);
    const report = JSON.parse(dropped.stdout);
    expect(report.scan.sources).toEqual([
      {
        name: 'spreadsheet',
        type: 'inventory-file',
        status: 'partial',
        credentials: 7,
        problems: [
          {
            scope: 'source spreadsheet',
            reason:
              'credential count dropped from 10 at complete scan run 1 to 7: 3 no longer listed (30.0%), more than revocation.sourceShrinkGuardPercent 20%: nothing of this source is marked gone. A truncated export looks like this; if the change is real, accept it with nhiscan scan --accept-source-change --by WHO --reason TEXT',
          },
        ],
      },
    ]);
    expect(Object.values(ws.credentialStates()).filter((state) => state !== 'present')).toEqual([
      'unverified',
      'unverified',
      'unverified',
    ]);
    // Against the last complete scan (10), 8 is a 20% drop: not more than the limit.
    ws.write('inventory.csv', [HEADER, ...rows(1, 8)]);
    expect((await scan()).exitCode).toBe(0);
    expect([ws.credentialStates()[JK(9)], ws.credentialStates()[JK(10)]]).toEqual(['gone', 'gone']);
  });

  it('a first scan has nothing to compare with; --only leaves other sources as they were', async () => {
    configure([
      '  - { type: inventory-file, name: sheet-a, path: a.csv }',
      '  - { type: inventory-file, name: sheet-b, path: b.csv }',
    ]);
    ws.write('a.csv', [HEADER, row(1), row(2)]);
    ws.write('b.csv', [HEADER]);
    expect((await scan()).exitCode).toBe(0);
    ws.write('b.csv', [HEADER, row(3), row(4), row(5)]);
    expect((await scan()).exitCode).toBe(0);

    ws.write('b.csv', [HEADER]);
    const onlyA = await scan('--only', 'sheet-a');
    expect([onlyA.exitCode, onlyA.stderr]).toEqual([0, '']);
    expect(ws.credentialStates()[JK(3)]).toBe('present');
    expect((await scan()).exitCode).toBe(3);
    expect(ws.credentialStates()[JK(3)]).toBe('unverified');

    // Nothing to accept: said on stderr, nothing recorded. Without --by and --reason: refused.
    ws.write('b.csv', [HEADER, row(3), row(4), row(5)]);
    const nothing = await scan('--accept-source-change', '--by', 'ann@acme.example', '--reason', 'x');
    expect([nothing.exitCode, nothing.stderr]).toEqual([
      0,
      'nhiscan: --accept-source-change: no source shrank at this scan; nothing was recorded\n',
    ]);
    const refused = await scan('--accept-source-change');
    expect([refused.exitCode, refused.stderr]).toEqual([
      2,
      'nhiscan: error: key --accept-source-change: --accept-source-change needs --by WHO and --reason TEXT (recorded in the audit log)\n',
    ]);
    // Only a current person in HR accepts: anyone else is refused before anything is scanned.
    const runs = ws.audit('scan.finished').length;
    const stranger = await scan('--accept-source-change', '--by', 'mallory@evil.example', '--reason', 'x');
    expect(stranger.exitCode).toBe(2);
    expect(stranger.stderr).toContain('mallory@evil.example names nobody in HR');
    expect(ws.audit('decision.refused').map((record) => [record.actor, record.payload])).toEqual([
      ['mallory@evil.example', { decision: 'accept-source-change', refusal: 'actor-unknown' }],
    ]);
    expect(ws.audit('scan.finished')).toHaveLength(runs);
    expect(ws.audit('source.change-accepted')).toEqual([]);
  });
});
