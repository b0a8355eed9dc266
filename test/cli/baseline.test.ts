import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

describe('baseline add, then scan', () => {
  const dir = temporaryDirectory();
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });
  afterAll(() => dir.remove());

  it('suppresses the accepted finding until it expires, then reports the expired entry', async () => {
    writeFileSync(
      join(dir.path, 'hr.csv'),
      'employee_id,email,name,status,worker_type\nE2,bob@acme.example,Bob,terminated,employee\nE3,carol@acme.example,Carol Lee,active,employee\nE4,dan@acme.example,Dan,active,employee\n',
    );
    writeFileSync(
      join(dir.path, 'inv.csv'),
      'provider,account,kind,credential_id,owner,created_at,last_used_at\nvault,prod,token,t-1,bob@acme.example,2026-11-01,2026-11-20\n',
    );
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    path: inv.csv\nbaseline: .nhiscan-baseline.yaml\n',
    );
    writeFileSync(join(dir.path, '.nhiscan-baseline.yaml'), 'entries: []\n');
    const first = JSON.parse((await run(['scan', '--as-of', '2026-11-26', '--json'])).stdout);
    const uid = first.findings[0].uid;
    const added = await run([
      'baseline',
      'add',
      '--finding',
      uid,
      '--reason',
      'handover in progress',
      '--by',
      'carol@acme.example',
      '--expires',
      '2026-12-01',
    ]);
    expect(added.stderr).toBe('');
    expect(added.exitCode).toBe(0);

    const suppressed = await run(['scan', '--as-of', '2026-11-30', '--json']);
    expect(suppressed.exitCode).toBe(0);
    expect(
      JSON.parse(suppressed.stdout).findings.map((f: { status: string; suppression: unknown }) => [
        f.status,
        f.suppression,
      ]),
    ).toEqual([
      [
        'suppressed',
        { reason: 'handover in progress', approvedBy: 'carol@acme.example', expires: '2026-12-01' },
      ],
    ]);

    const expired = await run(['scan', '--as-of', '2026-12-01']);
    expect(expired.exitCode).toBe(1);
    expect(expired.stdout).toContain(
      `Expired baseline entries (no longer suppressing): 1\n  ${uid} expired 2026-12-01 (handover in progress, approved by carol@acme.example)`,
    );
  });

  it('with no baseline configured, scan applies ./.nhiscan-baseline.yaml, which baseline add writes by default', async () => {
    const fresh = temporaryDirectory();
    try {
      const here = (argv: string[]) => cli(argv, { cwd: fresh.path });
      writeFileSync(
        join(fresh.path, 'hr.csv'),
        'employee_id,email,name,status,worker_type\nE2,bob@acme.example,Bob,terminated,employee\nE3,carol@acme.example,Carol Lee,active,employee\nE4,dan@acme.example,Dan,active,employee\n',
      );
      writeFileSync(
        join(fresh.path, 'inv.csv'),
        'provider,account,kind,credential_id,owner,created_at,last_used_at\nvault,prod,token,t-1,bob@acme.example,2026-11-01,2026-11-20\n',
      );
      writeFileSync(
        join(fresh.path, 'nhiscan.yaml'),
        'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    path: inv.csv\n',
      );
      // No baseline file yet: the scan runs without one.
      const first = await here(['scan', '--as-of', '2026-11-26', '--json']);
      expect(first.exitCode).toBe(1);
      const uid = JSON.parse(first.stdout).findings[0].uid;
      const added = await here([
        'baseline',
        'add',
        '--finding',
        uid,
        '--reason',
        'handover',
        '--by',
        'carol@acme.example',
        '--expires',
        '2026-12-01',
      ]);
      expect(added.stdout).toBe(
        `added to ${join(fresh.path, '.nhiscan-baseline.yaml')}: ${uid} until 2026-12-01, approved by carol@acme.example\n`,
      );
      const suppressed = await here(['scan', '--as-of', '2026-11-27', '--json']);
      expect(suppressed.exitCode).toBe(0);
      expect(JSON.parse(suppressed.stdout).findings.map((f: { status: string }) => f.status)).toEqual([
        'suppressed',
      ]);

      // A config key names another file: baseline add writes there, and scan reads only that one.
      writeFileSync(
        join(fresh.path, 'nhiscan.yaml'),
        'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    path: inv.csv\nbaseline: accepted.yaml\n',
      );
      writeFileSync(join(fresh.path, 'accepted.yaml'), 'entries: []\n');
      const ignored = await here(['scan', '--as-of', '2026-11-28', '--json']);
      expect(ignored.exitCode).toBe(1);
      expect(JSON.parse(ignored.stdout).findings.map((f: { status: string }) => f.status)).toEqual(['open']);
      await here([
        'baseline',
        'add',
        '--finding',
        uid,
        '--reason',
        'vaulted',
        '--by',
        'dan',
        '--expires',
        '2027-01-01',
      ]);
      expect(readFileSync(join(fresh.path, 'accepted.yaml'), 'utf8')).toContain('reason: vaulted');
      expect(readFileSync(join(fresh.path, '.nhiscan-baseline.yaml'), 'utf8')).not.toContain('vaulted');
      expect((await here(['scan', '--as-of', '2026-11-29'])).exitCode).toBe(0);
      expect(existsSync(join(fresh.path, 'accepted.yaml'))).toBe(true);
    } finally {
      fresh.remove();
    }
  });

  it('refuses a bad expiry date or both targets', async () => {
    expect(
      (await run(['baseline', 'add', '--finding', 'x', '--reason', 'r', '--by', 'b', '--expires', 'soon']))
        .stderr,
    ).toBe('nhiscan: error: key --expires: expected an ISO 8601 date such as 2027-03-31, got "soon"\n');
    expect(
      (
        await run([
          'baseline',
          'add',
          '--finding',
          'x',
          '--credential',
          'y',
          '--reason',
          'r',
          '--by',
          'b',
          '--expires',
          '2027-01-01',
        ])
      ).exitCode,
    ).toBe(2);
  });
});
