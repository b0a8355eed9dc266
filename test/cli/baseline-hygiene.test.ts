/**
 * Issue 21, the baseline file: a secret in a reason (or any string of an entry), a NUL byte, an
 * over-long reason, a YAML alias bomb: exit 2 naming the file, line and key, never the value, and
 * no database file. `baseline add --reason` with a secret in it writes neither the file nor an
 * audit record.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseBaseline } from '../../src/policy/baseline.js';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { CANARY, NEVER_STORED, userFileCanaries } from '../support/user-file-canaries.js';

const HR =
  'employee_id,email,name,status,worker_type\nE2,bob@acme.example,Bob,terminated,employee\nE3,carol@acme.example,Carol Lee,active,employee\n';
const INVENTORY =
  'provider,account,kind,credential_id,owner,created_at,last_used_at\nvault,prod,token,t-1,bob@acme.example,2026-11-01,2026-11-20\n';

function entry(reason: string, fields: Record<string, string> = {}): string {
  const values = {
    credential: 'vault:prod:token:t-1',
    approvedBy: 'carol@acme.example',
    expires: '2026-12-01',
    ...fields,
  };
  return [
    `  - credential: ${JSON.stringify(values.credential)}`,
    `    reason: ${reason}`,
    `    approvedBy: ${JSON.stringify(values.approvedBy)}`,
    `    expires: ${values.expires}`,
  ].join('\n');
}

describe('baseline file hygiene', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  writeFileSync(join(dir.path, 'hr.csv'), HR);
  writeFileSync(join(dir.path, 'inv.csv'), INVENTORY);
  writeFileSync(
    join(dir.path, 'nhiscan.yaml'),
    'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    path: inv.csv\n',
  );
  const file = join(dir.path, 'base.yaml');

  async function refused(baseline: string): Promise<string> {
    writeFileSync(file, baseline);
    const run = await cli(['scan', '--baseline', 'base.yaml', '--as-of', '2026-11-26'], { cwd: dir.path });
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(2);
    expect(readdirSync(dir.path).filter((name) => name.includes('.db'))).toEqual([]);
    expect(run.stderr).not.toMatch(CANARY);
    expect(run.stderr).not.toContain('[redacted');
    return run.stderr;
  }

  it('refuses canaries of every shape planted in reasons, each named by line and key', async () => {
    const canaries = userFileCanaries('Base');
    const entries = canaries.map((canary) =>
      canary.value.includes('\n')
        ? entry(`|\n      handover; the key was\n${canary.value.replace(/^/gm, '      ')}`)
        : entry(JSON.stringify(`handover in progress, token ${canary.value}`)),
    );
    const text = `entries:\n${entries.join('\n')}\n`;
    const lines = text.split('\n');
    const lineOf = (value: string) => lines.findIndex((line) => line.includes(value.split('\n')[0]!)) + 1;
    expect(await refused(text)).toBe(
      [
        `nhiscan: error: ${canaries.length} input errors:`,
        ...canaries.map((canary, index) => {
          // A literal block's line of the secret; a one-line reason's own line.
          const line = lineOf(canary.value);
          return `  - ${file}, line ${line}, key entries[${index}].reason: this value holds what looks like ${canary.described} ${NEVER_STORED}`;
        }),
        '',
      ].join('\n'),
    );
  });

  it('refuses a secret in an approver or a uid, NUL bytes and an over-long reason', async () => {
    const [github, slack] = userFileCanaries('Ids');
    const text = [
      'entries:',
      entry('"handover"', { approvedBy: `carol ${slack!.value}` }),
      entry('"handover"', { credential: `vault:prod:token:${github!.value}` }),
      entry('"hand\\0over"'),
      entry(JSON.stringify('x'.repeat(600))),
      '',
    ].join('\n');
    expect(await refused(text)).toBe(
      [
        'nhiscan: error: 4 input errors:',
        `  - ${file}, line 4, key entries[0].approvedBy: this value holds what looks like ${slack!.described} ${NEVER_STORED}`,
        `  - ${file}, line 6, key entries[1].credential: this value holds what looks like ${github!.described} ${NEVER_STORED}`,
        `  - ${file}, line 11, key entries[2].reason: this value contains a NUL byte`,
        `  - ${file}, line 15, key entries[3].reason: this value is 600 characters long; at most 500 are allowed`,
        '',
      ].join('\n'),
    );
  });

  it('refuses a YAML alias bomb with exit 2', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const name of ['b', 'c', 'd', 'e', 'f']) {
      const previous = String.fromCharCode(name.charCodeAt(0) - 1);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    expect(await refused(`${levels.join('\n')}\nentries: []\n`)).toBe(
      `nhiscan: error: ${file}, line 2: too many alias expansions: its aliases (*name) would expand to more than 100 copies of anchored values, as a "billion laughs" document does to exhaust memory; write the values out instead of aliasing them\n`,
    );
  });

  it('refuses a duplicate key with its line', () => {
    expect(() =>
      parseBaseline(
        'entries:\n  - credential: a\n    reason: x\n    reason: y\n    approvedBy: b\n    expires: 2026-12-01\n',
        'b.yaml',
      ),
    ).toThrow(/^b\.yaml, line 4: not valid YAML: Map keys must be unique$/);
  });

  it('baseline add refuses a reason holding a secret: no file, no audit record', async () => {
    writeFileSync(file, 'entries: []\n');
    const scan = await cli(['scan', '--as-of', '2026-11-26', '--db', 'add.db', '--fail-on', 'none'], {
      cwd: dir.path,
    });
    expect(scan.exitCode).toBe(0);
    const [, , , , aws] = userFileCanaries('Add');
    const run = await cli(
      [
        'baseline',
        'add',
        '--db',
        'add.db',
        '--file',
        'base.yaml',
        '--credential',
        'vault:prod:token:t-1',
        '--reason',
        `handover, keys ${aws!.value}`,
        '--by',
        'carol@acme.example',
        '--expires',
        '2026-12-01',
      ],
      { cwd: dir.path },
    );
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(
      `nhiscan: error: ${file}, key reason: new entry: this value holds what looks like ${aws!.described} ${NEVER_STORED}\n`,
    );
    expect(readFileSync(file, 'utf8')).toBe('entries: []\n');
    const audit = await cli(['audit', 'log', '--db', 'add.db', '--limit', '0', '--json'], { cwd: dir.path });
    expect(audit.exitCode).toBe(0);
    expect((JSON.parse(audit.stdout) as unknown[]).length).toBeGreaterThan(0);
    expect(audit.stdout).not.toMatch(CANARY);
    expect(audit.stdout).not.toContain('baseline.added');
    expect(existsSync(join(dir.path, 'add.db'))).toBe(true);
  });
});
