/**
 * leaver-shared-secret end to end through the CLI, on a hand-kept inventory: a key co-owned by Ann
 * and Carol, who left, is flagged for rotation; the request is one manual "rotate" step that tells
 * a person what to do and makes no provider call; it closes by itself (done, not cancelled) when a
 * later scan sees the secret replaced, and stays open while it is not.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,contract_end_date,department,manager_email,previous_department,transfer_date,aliases',
  'E1,ann@acme.example,Ann,active,employee,2020-01-01,,,platform,,,,',
  'E2,carol@acme.example,Carol Lee,terminated,employee,2020-01-01,2026-10-01,,platform,,,,',
  'E3,sec@acme.example,Sec,active,employee,2020-01-01,,,security,,,,',
].join('\n');

const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department';
const SHARED =
  'jenkins,ci,api-token,shared-1,svc-a,ann@acme.example;carol@acme.example,2026-09-01,2026-11-20,,active,false,platform';
const REPLACED =
  'jenkins,ci,api-token,shared-2,svc-a,ann@acme.example;carol@acme.example,2026-11-27,2026-11-27,,active,false,platform';

interface Listed {
  id: number;
  credentialUid: string;
  rule: string;
  state: string;
  stateReason: string | null;
  mode: string;
  steps: { step: string; state: string; outcome: string | null; apiCall: string | null }[];
}

describe('rotation of a secret a leaver could read', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[], now = '2026-11-26T12:00:00Z') => cli(argv, { cwd: dir.path, now });
  const listed = async (): Promise<Listed[]> =>
    JSON.parse((await run(['queue', 'list', '--all', '--json'])).stdout);
  const inventory = (...rows: string[]) =>
    writeFileSync(join(dir.path, 'inventory.csv'), `${[HEADER, ...rows].join('\n')}\n`);

  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), `${HR}\n`);
    inventory(SHARED);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr: { source: csv, path: hr.csv }\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv\nrevocation: { hrChangeGuardMinPeople: 10 }\ngovernance: { actors: [{ id: ops, roles: [execute, verify] }] }\n',
    );
  });
  afterEach(() => dir.remove());

  it('raises leaver-shared-secret with one manual rotate step, and closes it when the secret is replaced', async () => {
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    expect(scan.exitCode).toBe(0);
    const findings = JSON.parse((await run(['findings', '--json'])).stdout) as {
      rule: string;
      credentialUid: string;
      title: string;
    }[];
    expect(findings.map((finding) => [finding.rule, finding.credentialUid, finding.title])).toEqual([
      [
        'leaver-shared-secret',
        'jenkins:ci:api-token:shared-1',
        'Api token shared-1 of jenkins/ci could be read by Carol Lee (left 2026-10-01), who left; its value was last set 2026-09-01: rotate it',
      ],
    ]);
    const [proposed] = await listed();
    expect(proposed).toMatchObject({
      credentialUid: 'jenkins:ci:api-token:shared-1',
      rule: 'leaver-shared-secret',
      state: 'approved',
      mode: 'auto',
      steps: [{ step: 'manual', state: 'pending' }],
    });

    const applied = await run(['queue', 'execute', '--apply', '--by', 'ops']);
    expect(applied.exitCode).toBe(0);
    expect(applied.stdout).toContain(
      `rotate jenkins:ci:api-token:shared-1: set a new value, move its users over and remove the old one; the request closes by itself when a scan sees the new value (or run: nhiscan queue confirm ${proposed!.id} --by WHO --reason TEXT)`,
    );
    expect((await listed())[0]).toMatchObject({
      state: 'waiting-for-human',
      steps: [{ state: 'waiting-for-human' }],
    });

    // The next day's scan still lists the old secret: nothing changes.
    await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none'], '2026-11-27T12:00:00Z');
    expect((await listed())[0]).toMatchObject({ state: 'waiting-for-human' });

    // Ann replaced it: the old one is gone, a new one exists. The request is done, not cancelled.
    // (One of one credentials no longer listed trips the source-shrink guard: a person accepts it.)
    inventory(REPLACED);
    const rescan = await run(
      [
        'scan',
        '--as-of',
        '2026-11-28',
        '--fail-on',
        'none',
        '--accept-source-change',
        '--by',
        'sec@acme.example',
        '--reason',
        'Ann replaced the shared token',
      ],
      '2026-11-28T12:00:00Z',
    );
    expect(rescan.exitCode).toBe(0);
    const [closed] = await listed();
    expect(closed).toMatchObject({
      state: 'done',
      stateReason: 'rotated: the secret was replaced: the provider no longer lists it',
      steps: [{ step: 'manual', state: 'done', outcome: 'rotated' }],
    });
    expect((await listed()).length).toBe(1); // the new key, set after Carol left, raises nothing
    const audit = JSON.parse((await run(['audit', 'log', '--limit', '0', '--json'])).stdout) as {
      action: string;
      reason: string;
    }[];
    expect(audit.filter((record) => record.action === 'request.done').map((record) => record.reason)).toEqual(
      ['rotated: the secret was replaced: the provider no longer lists it'],
    );
  });

  it('is done when the same secret shows a value set on or after the day the leaver left', async () => {
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    inventory(SHARED.replace('2026-09-01', '2026-10-01'));
    await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none'], '2026-11-27T12:00:00Z');
    expect((await listed())[0]).toMatchObject({
      state: 'done',
      stateReason: 'rotated: the value was set 2026-10-01, on or after the day the leavers left',
    });
  });

  // (Three people, fewer than hrChangeGuardMinPeople: one HR correction does not freeze the queue.)
  it('is cancelled, with the reason, when HR no longer lists the co-owner as a leaver (rehire or correction)', async () => {
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    writeFileSync(
      join(dir.path, 'hr.csv'),
      `${HR.replace('terminated,employee,2020-01-01,2026-10-01', 'active,employee,2020-01-01,')}\n`,
    );
    await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none'], '2026-11-27T12:00:00Z');
    expect((await listed())[0]).toMatchObject({
      state: 'cancelled',
      stateReason: 'none of the leavers who could read the secret is a leaver in HR any more',
    });
  });

  it('checks a confirmed rotation at the next scan: reopened while the old value is listed, kept done once it is new', async () => {
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none']);
    const [request] = await listed();
    await run(['queue', 'execute', '--apply', '--by', 'ops']);
    const confirm = await run([
      'queue',
      'confirm',
      String(request!.id),
      '--by',
      'sec@acme.example',
      '--reason',
      'Ann says it is rotated',
    ]);
    expect(confirm.exitCode).toBe(0);
    expect((await listed())[0]).toMatchObject({ state: 'done' });

    // The scan still lists the value set before Carol left: the confirmation was wrong.
    await run(['scan', '--as-of', '2026-11-27', '--fail-on', 'none'], '2026-11-27T12:00:00Z');
    const reopened = (await listed())[0]!;
    expect([reopened.state, reopened.stateReason]).toEqual([
      'waiting-for-human',
      `reopened: jenkins:ci:api-token:shared-1 was confirmed rotated, but complete scan run 2 of source sheet still lists it with a value set before the leavers left; rotate it, then run nhiscan queue confirm ${request!.id} --by WHO --reason TEXT (or let the next scan see the new value)`,
    ]);

    // Rotated for real: the next scan sees the new value and closes it.
    inventory(SHARED.replace('2026-09-01', '2026-11-27'));
    await run(['scan', '--as-of', '2026-11-28', '--fail-on', 'none'], '2026-11-28T12:00:00Z');
    expect((await listed())[0]).toMatchObject({ state: 'done', steps: [{ state: 'done' }] });
  });
});
