/**
 * Issue 21, nhiscan.yaml: a secret in any string of the config (a literal token where env:NAME
 * belongs, a token inside a path, a template, an id or a key name) is refused with exit 2 naming
 * the file, line and key path, never the value; so are NUL bytes, lone surrogates, control
 * characters, over-long values and passwords in URLs. A YAML alias bomb, an alias with no anchor
 * and a duplicate key are exit 2 with their line. Nothing is written: no database file appears.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { CANARY, NEVER_STORED, userFileCanaries } from '../support/user-file-canaries.js';

/** A valid config using most kinds of string: paths, names, ids, an email, a template. */
const BASE = [
  'db: nhiscan.db',
  'hr:',
  '  source: csv',
  '  path: hr.csv',
  'sources:',
  '  - type: inventory-file',
  '    name: sheet',
  '    path: inv.csv',
  'baseline: base.yaml',
  'governance:',
  '  actors:',
  '    - id: ci-bot',
  '      roles: [execute]',
  'notifications:',
  '  securityContact: security@acme.example',
  '  channels:',
  '    - type: email',
  '      host: smtp.acme.example',
  '      from: nhiscan@acme.example',
  '  templates:',
  '    owner:',
  '      subject: "nhiscan: {{count}} credential(s) to review 👩‍💻"',
  '      body: |',
  '        Hello {{recipient}} 👩‍💻,',
  '        {{items}}',
  '',
].join('\n');

describe('nhiscan.yaml hygiene', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  writeFileSync(
    join(dir.path, 'hr.csv'),
    'employee_id,email,name,status,worker_type\nE1,ann@acme.example,Ann Lee,active,employee\n',
  );
  writeFileSync(
    join(dir.path, 'inv.csv'),
    'provider,account,kind,credential_id,owner,created_at,last_used_at\nvault,prod,token,t-1,ann@acme.example,2026-11-01,2026-11-20\n',
  );
  writeFileSync(join(dir.path, 'base.yaml'), 'entries: []\n');

  /** `<config path>, line N` of the first line holding `text`. */
  const where = (config: string, text: string) =>
    `${join(dir.path, 'cfg.yaml')}, line ${config.split('\n').findIndex((line) => line.includes(text.split('\n')[0]!)) + 1}`;
  const databases = () => readdirSync(dir.path).filter((name) => name.includes('.db'));

  /** Runs a scan with this config: exit 2, nothing on stdout, no database, no canary anywhere. */
  async function refused(config: string): Promise<string> {
    writeFileSync(join(dir.path, 'cfg.yaml'), config);
    const run = await cli(['scan', '--config', 'cfg.yaml', '--as-of', '2026-11-26'], {
      cwd: dir.path,
    });
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(2);
    expect(databases()).toEqual([]);
    expect(run.stderr).not.toMatch(CANARY);
    // Refused by position, not caught by the last-resort redactor on the way out.
    expect(run.stderr).not.toContain('[redacted');
    return run.stderr;
  }

  it('the base config is valid: paths, ids, an email, a template with emoji (a joiner is no secret)', async () => {
    writeFileSync(join(dir.path, 'cfg.yaml'), BASE);
    const run = await cli(['scan', '--config', 'cfg.yaml', '--as-of', '2026-11-26', '--db', ':memory:'], {
      cwd: dir.path,
    });
    expect(run.stderr).not.toContain('error');
    expect(run.exitCode).toBe(0);
  });

  const [github, pat, gitlab, slack, aws, pem, jwt, stripe, google] = userFileCanaries('Cfg');
  /** Each canary planted in a different string of an otherwise valid config. */
  const plantings = [
    {
      canary: github!,
      from: '    path: inv.csv',
      to: `    path: inv.csv ${github!.value}`,
      key: 'sources[0].path',
    },
    {
      canary: gitlab!,
      from: '  path: hr.csv',
      to: `  path: "hr.csv?private_token=${gitlab!.value}"`,
      key: 'hr.path',
    },
    { canary: slack!, from: 'db: nhiscan.db', to: `db: "nhiscan-${slack!.value}.db"`, key: 'db' },
    {
      canary: aws!,
      from: '    - id: ci-bot',
      to: `    - id: "ci-bot ${aws!.value}"`,
      key: 'governance.actors[0].id',
    },
    // A literal token where env:NAME belongs.
    { canary: jwt!, from: '  source: csv', to: `  source: csv\n  token: ${jwt!.value}`, key: 'hr.token' },
    {
      canary: stripe!,
      from: '      subject: "nhiscan: {{count}} credential(s) to review 👩‍💻"',
      to: `      subject: "nhiscan: {{count}} credential(s) ${stripe!.value}"`,
      key: 'notifications.templates.owner.subject',
    },
    {
      canary: google!,
      from: 'baseline: base.yaml',
      to: `baseline: "base.yaml#${google!.value}"`,
      key: 'baseline',
    },
  ];

  it.each(plantings)(
    '$canary.shape in a value: exit 2 naming file, line and key, never the value',
    async ({ canary, from, to, key }) => {
      expect(BASE).toContain(from);
      const config = BASE.replace(from, to);
      expect(await refused(config)).toBe(
        `nhiscan: error: ${where(config, canary.value)}, key ${key}: this value holds what looks like ${canary.described} ${NEVER_STORED}\n`,
      );
    },
  );

  it('a PEM private key pasted into a template body: the line of its header inside the block', async () => {
    const block = pem!.value
      .split('\n')
      .map((line) => `        ${line}`)
      .join('\n');
    const config = BASE.replace('        {{items}}', `        {{items}}\n${block}`);
    expect(await refused(config)).toBe(
      `nhiscan: error: ${where(config, '-----BEGIN')}, key notifications.templates.owner.body: this value holds what looks like ${pem!.described} ${NEVER_STORED}\n`,
    );
  });

  it('a secret as a key name: the key path above it and the line', async () => {
    const config = BASE.replace('    name: sheet', `    name: sheet\n    ${pat!.value}: true`);
    expect(await refused(config)).toBe(
      `nhiscan: error: ${where(config, pat!.value)}, key sources[0]: a key name here holds what looks like ${pat!.described} ${NEVER_STORED}\n`,
    );
  });

  it('every secret of the file at once, before any schema error (which could quote a value)', async () => {
    const config = BASE.replace('  source: csv', `  source: ${github!.value}`).replace(
      '  - type: inventory-file',
      `  - type: ${slack!.value}`,
    );
    expect(await refused(config)).toBe(
      [
        'nhiscan: error: 2 input errors:',
        `  - ${where(config, github!.value)}, key hr.source: this value holds what looks like ${github!.described} ${NEVER_STORED}`,
        `  - ${where(config, slack!.value)}, key sources[0].type: this value holds what looks like ${slack!.described} ${NEVER_STORED}`,
        '',
      ].join('\n'),
    );
  });

  it('a password inside a URL', async () => {
    const config = BASE.replace(
      '  path: hr.csv',
      '  path: "https://nhiscan:CanaryPassw0rd@hr.acme.example/roster.csv"',
    );
    expect(await refused(config)).toBe(
      `nhiscan: error: ${where(config, 'Canary')}, key hr.path: this value holds a URL with a password in it (not shown); nhiscan never stores secret material: remove it from the URL (a key that takes a secret takes env:NAME), and rotate it, as it has been exposed\n`,
    );
  });

  it.each([
    ['a NUL byte', '"inv\\0.csv"', 'contains a NUL byte'],
    ['a lone surrogate', '"inv\\uD800.csv"', 'contains a lone surrogate (text that is not valid Unicode)'],
    [
      'an escape sequence',
      '"inv\\e[2J.csv"',
      'contains a control character (U+001B); only tabs and line breaks are allowed',
    ],
    ['2,000 characters', 'a'.repeat(2000), 'is 2,000 characters long; at most 1,024 are allowed'],
  ])('%s in a value', async (_, value, problem) => {
    expect(await refused(BASE.replace('    path: inv.csv', `    path: ${value}`))).toBe(
      `nhiscan: error: ${where(BASE, '    path: inv.csv')}, key sources[0].path: this value ${problem}\n`,
    );
  });

  it('an invisible character in an identifier', async () => {
    expect(await refused(BASE.replace('    - id: ci-bot', '    - id: "ci\\u200Bbot"'))).toBe(
      `nhiscan: error: ${where(BASE, '- id: ci-bot')}, key governance.actors[0].id: this value contains an invisible character (U+200B); identifiers must be visible text, so that what a person reads is what nhiscan matches\n`,
    );
  });

  it('a line break in an identifier', async () => {
    expect(await refused(BASE.replace('    - id: ci-bot', '    - id: "ci\\nbot"'))).toBe(
      `nhiscan: error: ${where(BASE, '- id: ci-bot')}, key governance.actors[0].id: this value contains a control character (U+000A); it must be one line of visible text\n`,
    );
  });

  it('a YAML alias bomb (billion laughs) is exit 2 with a clear message, not a crash', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [index, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode('a'.charCodeAt(0) + index);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    const config = `${BASE}${levels.join('\n')}\n`;
    expect(await refused(config)).toBe(
      `nhiscan: error: ${where(config, '*a')}: too many alias expansions: its aliases (*name) would expand to more than 100 copies of anchored values, as a "billion laughs" document does to exhaust memory; write the values out instead of aliasing them\n`,
    );
  });

  it('an alias naming no anchor is exit 2 with its line', async () => {
    expect(await refused(BASE.replace('    path: inv.csv', '    path: *inventory'))).toBe(
      `nhiscan: error: ${where(BASE, '    path: inv.csv')}: not valid YAML: an alias (*name) names no anchor (&name) set before it\n`,
    );
  });

  it('a duplicate key is exit 2 with its line', async () => {
    const config = BASE.replace('    path: inv.csv', '    path: inv.csv\n    path: other.csv');
    expect(await refused(config)).toBe(
      `nhiscan: error: ${where(config, 'other.csv')}: not valid YAML: Map keys must be unique\n`,
    );
  });
});
