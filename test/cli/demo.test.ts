/**
 * `nhiscan demo` as a new user runs it: a real process through bin/nhiscan.js, in a fresh folder.
 * Exact numbers pin the demo estate's findings at its fixed as-of date.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { validateJsonReport } from '../reports/validate-report.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const run = promisify(execFile);
const BIN = resolve('bin/nhiscan.js');

describe('nhiscan demo', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());

  it('exits 0, prints the summary and writes a report that validates against the schema', async () => {
    const { stdout, stderr } = await run(process.execPath, [BIN, 'demo'], { cwd: dir.path });
    expect(stderr).toBe('');
    expect(stdout).toContain('nhiscan scan #1 as of 2026-11-26: complete');
    expect(stdout).toContain('Leavers still holding live credentials: 7');
    expect(stdout).toMatch(/leaver-owned\s+14\s+14 critical/);
    const reportPath = join(dir.path, 'nhiscan-demo', 'report.json');
    expect(existsSync(reportPath)).toBe(true);
    expect(statSync(join(dir.path, 'nhiscan-demo', 'nhiscan.db')).mode & 0o777).toBe(0o600);
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    expect(validateJsonReport(report)).toEqual([]);
    expect(report.summary.findings.byRule).toEqual({
      'leaver-owned': 14,
      'contractor-expired': 3,
      'owner-not-in-hr': 5,
      'owner-unknown': 8,
      'mover-recertify': 3,
      stale: 9,
      'over-age': 24,
      'expired-not-removed': 4,
      'pending-leaver': 3,
    });
    // The rehired engineer (E1051 terminated 2024, E1052 rehired 2026) owns two live keys and is no leaver.
    const rehired = report.credentials.filter(
      (c: { owner: { employeeId: string } }) => c.owner.employeeId === 'E1052',
    );
    expect(rehired).toHaveLength(2);
    expect(
      report.summary.leaversWithLiveCredentials.map((l: { employeeId: string }) => l.employeeId),
    ).not.toContain('E1052');
  });

  it('gives the same findings when run again', async () => {
    const uids = () =>
      JSON.parse(readFileSync(join(dir.path, 'nhiscan-demo', 'report.json'), 'utf8')).findings.map(
        (f: { uid: string }) => f.uid,
      );
    const first = uids();
    await run(process.execPath, [BIN, 'demo'], { cwd: dir.path });
    expect(uids()).toEqual(first);
  });

  it('prints --help and exits 2 on an unknown verb', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help'], { cwd: dir.path });
    expect(stdout).toContain('Usage: nhiscan [options] [command]');
    await expect(run(process.execPath, [BIN, 'frobnicate'], { cwd: dir.path })).rejects.toMatchObject({
      code: 2,
    });
  });
});
