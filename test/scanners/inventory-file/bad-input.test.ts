/**
 * Every inventory file in fixtures/bad-input is rejected by the plugin with exactly this
 * message, and no secret pasted into one is ever echoed. (test/cli/bad-input.test.ts runs the
 * same files through `nhiscan scan` for exit 2 and the substrings in inventory.cases.json.)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plugin } from '../../../scanners/inventory-file/index.js';

const BAD = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'bad-input');
const SECRET_CONTEXT =
  '(not shown); nhiscan never stores secret material: remove it from the input, and rotate it, as it has been exposed';

const expected: Record<string, string> = {
  'inventory-bad-date.csv':
    'inventory-bad-date.csv, line 2, column created_at: expected an ISO 8601 date such as 2026-11-26, got "01/02/2026"',
  'inventory-bad-privileged.csv':
    'inventory-bad-privileged.csv, line 2, column privileged: expected true or false (or yes/no, 1/0; empty = false), got "maybe"',
  'inventory-broken-quote.csv':
    'inventory-broken-quote.csv, line 2: a quoted field is never closed (check for a stray double quote)',
  'inventory-duplicate-credential.csv':
    'inventory-duplicate-credential.csv, line 3, column credential_id: duplicate credential aws:111122223333:access-key:AKIAEXAMPLE000000001 (also on line 2); each provider, account, kind and credential_id may appear once',
  'inventory-empty-provider.csv':
    'inventory-empty-provider.csv, line 2, column provider: expected a value, got an empty cell',
  'inventory-empty.csv': 'inventory-empty.csv: the file is empty (0 bytes); expected a header row',
  'inventory-missing-column.csv': 'inventory-missing-column.csv, line 1: missing required column kind',
  'inventory-not-utf8.csv':
    'inventory-not-utf8.csv, line 2: not UTF-8 text (byte 0xe9 at offset 153 is not valid UTF-8); save the file as UTF-8',
  'inventory-pasted-github-token.csv': `inventory-pasted-github-token.csv, line 2, column credential_id: this cell holds what looks like a GitHub token ${SECRET_CONTEXT}`,
  'inventory-pasted-private-key.csv': `inventory-pasted-private-key.csv, line 2, column credential_id: this cell holds what looks like a private key ${SECRET_CONTEXT}`,
  'inventory-pasted-secret.csv': `inventory-pasted-secret.csv, line 2, column credential_id: this cell holds what looks like an AWS secret access key ${SECRET_CONTEXT}`,
  'inventory-pasted-slack-token.csv': `inventory-pasted-slack-token.csv, line 2, column owner: this cell holds what looks like a Slack token ${SECRET_CONTEXT}`,
  'inventory-several-bad-rows.csv': [
    '4 input errors:',
    '  - inventory-several-bad-rows.csv, line 2, column created_at: expected an ISO 8601 date such as 2026-11-26, got "2026-13-01"',
    '  - inventory-several-bad-rows.csv, line 3, column last_used_at: expected an ISO 8601 date such as 2026-11-26 (or never), got "last week"',
    '  - inventory-several-bad-rows.csv, line 4, column kind: expected a value, got an empty cell',
    '  - inventory-several-bad-rows.csv, line 4, column status: expected active, inactive or expired (empty = active), got "disabled"',
  ].join('\n'),
  'inventory-token-inside-cell.csv': [
    '2 input errors:',
    `  - inventory-token-inside-cell.csv, line 2, column principal: this cell holds what looks like a GitHub token ${SECRET_CONTEXT}`,
    `  - inventory-token-inside-cell.csv, line 3, column department: this cell holds what looks like an AWS secret access key ${SECRET_CONTEXT}`,
  ].join('\n'),
  'inventory-unknown-column.csv':
    'inventory-unknown-column.csv, line 1: unknown column secret; expected columns: provider, account, kind, credential_id, principal, owner, created_at, last_used_at, expires_at, status, privileged, department',
  'inventory-unknown-status.csv':
    'inventory-unknown-status.csv, line 2, column status: expected active, inactive or expired (empty = active), got "revoked"',
};

/** The secrets pasted into the fixtures; none of them (nor a 10-character piece) may be echoed. */
const PASTED = [
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  'ghp_EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE00',
  'ghp_EXAMPLEEXAMPLEEXAMPLEEXAMPLEEXAMPLE07',
  'xoxb-000000000000-EXAMPLEEXAMPLE',
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7EXAMPLEEXAMPLE',
  '-----BEGIN PRIVATE KEY-----',
];

async function rejection(file: string): Promise<Error> {
  const scanner = plugin.create({ path: file }, { name: 'sheet' });
  try {
    for await (const _page of scanner.list({
      signal: new AbortController().signal,
      asOf: new Date(),
      baseDir: BAD,
    }));
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${file} was accepted`);
}

describe('inventory bad-input corpus', () => {
  const files = readdirSync(BAD).filter((name) => name.startsWith('inventory-'));
  const cases = JSON.parse(readFileSync(join(BAD, 'inventory.cases.json'), 'utf8')) as {
    file: string;
    expect: string;
  }[];

  it('holds at least 8 files, each with an exact message here and a case in inventory.cases.json', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(Object.keys(expected).sort()).toEqual(files.sort());
    expect(cases.map((entry) => entry.file).sort()).toEqual(files.sort());
  });

  it('the pasted secrets really are in the fixtures', () => {
    const text = files.map((file) => readFileSync(join(BAD, file), 'latin1')).join('\n');
    for (const secret of PASTED) expect(text).toContain(secret);
  });

  it.each(files)('%s is rejected with its exact message, exit 2, no secret echoed', async (file) => {
    const error = await rejection(file);
    expect(error.message).toBe(expected[file]);
    expect(error).toMatchObject({ exitCode: 2 });
    const caseEntry = cases.find((entry) => entry.file === file)!;
    expect(error.message).toContain(caseEntry.expect);
    for (const secret of PASTED) {
      for (let start = 0; start + 10 <= secret.length; start++) {
        expect(error.message).not.toContain(secret.slice(start, start + 10));
      }
    }
  });
});
