/**
 * Data never drives the terminal (issue 21): escape sequences and control characters planted in
 * HR and inventory data (an OSC 8 hyperlink, a clear-screen, a bidi override, C1 controls) are
 * removed before `scan`, `findings` and `notify --dry-run` print, and JSON keeps them escaped.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const ESC = '\u001b';
const LINK = `${ESC}]8;;https://evil.example/${ESC}\\Bob${ESC}]8;;${ESC}\\`;
const CLEAR = `${ESC}[2J${ESC}[H`;
const BIDI = '\u202e';
const C1 = '\u009b31m';

const HR = [
  'employee_id,email,name,status,worker_type,hire_date,termination_date,department,manager_email',
  'E1,alice@acme.example,Alice,active,employee,2020-01-01,,platform,',
  `E2,bob@acme.example,"${LINK} Lee${CLEAR}",terminated,employee,2020-01-01,2026-10-01,"plat${BIDI}form${C1}",alice@acme.example`,
  '',
].join('\n');

const INVENTORY = [
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,status',
  `aws,111122223333,access-key,AKIAEXAMPLEBOB000001,etl,bob@acme.example,2026-11-01,2026-11-20,active`,
  '',
].join('\n');

/** Every control character a terminal would act on: C0 but tab and newline, DEL, C1, bidi controls. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the point of the test
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('terminal output from data', () => {
  let dir: ReturnType<typeof temporaryDirectory>;
  const run = (argv: string[]) => cli(argv, { cwd: dir.path });

  beforeEach(() => {
    dir = temporaryDirectory();
    writeFileSync(join(dir.path, 'hr.csv'), HR);
    writeFileSync(join(dir.path, 'inventory.csv'), INVENTORY);
    writeFileSync(
      join(dir.path, 'nhiscan.yaml'),
      [
        'hr:\n  source: csv\n  path: hr.csv',
        'sources:\n  - type: inventory-file\n    name: sheet\n    path: inventory.csv',
        'notifications:\n  securityContact: security@acme.example\n  channels:\n    - { type: webhook, url: "http://127.0.0.1:9/nhiscan" }',
        '',
      ].join('\n'),
    );
  });
  afterEach(() => dir.remove());

  it('scan, findings and notify --dry-run print no control character from the data', async () => {
    const scan = await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify']);
    const findings = await run(['findings']);
    const notify = await run(['notify', '--dry-run', '--as-of', '2026-11-26']);
    for (const output of [scan, findings, notify]) {
      expect(output.exitCode).toBe(0);
      expect(output.stdout).not.toMatch(TERMINAL_CONTROL);
      expect(output.stderr).not.toMatch(TERMINAL_CONTROL);
      expect(`${output.stdout}${output.stderr}`).not.toContain('evil.example');
    }
    // The hyperlink's text stays, its target and the clear-screen go.
    expect(scan.stdout).toContain('  E2  Bob Lee  <bob@acme.example>  left 2026-10-01  1 live credential\n');
    expect(findings.stdout).toContain('AKIAEXAMPLEBOB000001');
    expect(notify.stdout).toContain(
      '    Subject: nhiscan: credentials of Bob Lee will be disabled from 2026-12-03\n',
    );
    expect(notify.stdout).toContain('    |   aws · 111122223333 · etl\n');
  });

  it('JSON keeps the data exactly, with every control character escaped', async () => {
    await run(['scan', '--as-of', '2026-11-26', '--fail-on', 'none', '--no-notify']);
    const report = await run(['report', '--format', 'json']);
    expect(report.exitCode).toBe(0);
    expect(report.stdout).not.toMatch(TERMINAL_CONTROL);
    const parsed = JSON.parse(report.stdout) as {
      summary: { leaversWithLiveCredentials: { name: string; department?: string | null }[] };
    };
    expect(parsed.summary.leaversWithLiveCredentials[0]?.name).toBe(`${LINK} Lee${CLEAR}`);
  });
});
