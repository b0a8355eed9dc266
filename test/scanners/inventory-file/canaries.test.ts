/**
 * Issue 21, inventory files: a secret anywhere in any cell (`svc-deploy token=ghp_…`, a
 * department holding an AWS secret key), a NUL byte, a 10 MiB cell, text that is not Unicode, an
 * invisible or control character in an id, or a secret in a column name is refused with exit 2,
 * naming the file, line and column, never the value; no database file is created.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INVENTORY_COLUMNS } from '../../../scanners/inventory-file/parse.js';
import { transformRow } from '../../../scanners/inventory-file/transform.js';
import { cli } from '../../support/cli.js';
import { temporaryDirectory } from '../../support/temporary-directory.js';
import { CANARY, NEVER_STORED, userFileCanaries } from '../../support/user-file-canaries.js';

const HR = 'employee_id,email,name,status,worker_type\nE1,ann@acme.example,Ann Lee,active,employee\n';
const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,status,department';
const GOOD =
  'jenkins,ci.acme.example,api-token,jk-1,svc-ci,ann@acme.example,2026-01-05,2026-11-20,active,platform';

/** A valid value for each column, for the canary to sit inside of. */
const VALID: Record<string, string> = {
  provider: 'jenkins-',
  account: 'ci.acme.example/',
  kind: 'api-token:',
  credential_id: 'jk-1 ',
  principal: 'svc-deploy token=',
  owner: 'ann@acme.example;',
  created_at: '2026-01-05 ',
  last_used_at: 'never ',
  expires_at: '2027-01-05 ',
  status: 'active ',
  privileged: 'true ',
  department: 'Platform ',
};

describe('inventory cells: a secret inside any cell of any column is refused, never echoed', () => {
  const context = { file: 'inventory/creds.csv', sourceName: 'sheet' };
  const base = { provider: 'jenkins', account: 'ci', kind: 'api-token', credential_id: 'jk-1' };
  for (const canary of userFileCanaries('Inv')) {
    it(`${canary.shape}, planted in each of the ${INVENTORY_COLUMNS.length} columns`, () => {
      for (const column of INVENTORY_COLUMNS) {
        const value = `${VALID[column]}${canary.value}`;
        const result = transformRow({ line: 7, cells: { ...base, [column]: value } }, context);
        const messages = result.ok ? [] : result.errors.map((error) => error.message);
        expect(messages).toEqual([
          `inventory/creds.csv, line 7, column ${column}: this cell holds what looks like ${canary.described} ${NEVER_STORED}`,
        ]);
      }
    });
  }
});

describe('inventory ids', () => {
  it('are stored in Unicode NFKC: a full-width id is the same credential', () => {
    const result = transformRow(
      {
        line: 2,
        cells: {
          provider: 'jenkins',
          account: 'ｃｉ',
          kind: 'api-token',
          credential_id: 'ｊｋ-1',
          principal: 'ｓｖｃ',
        },
      },
      { file: 'inv.csv', sourceName: 'sheet' },
    );
    expect(result.ok && [result.credential.uid, result.credential.principalUid]).toEqual([
      'jenkins:ci:api-token:jk-1',
      'jenkins:ci:principal:svc',
    ]);
  });
});

describe('inventory file through nhiscan scan', () => {
  const dir = temporaryDirectory();
  afterAll(() => dir.remove());
  writeFileSync(join(dir.path, 'hr.csv'), HR);
  writeFileSync(
    join(dir.path, 'nhiscan.yaml'),
    'hr:\n  source: csv\n  path: hr.csv\nsources:\n  - type: inventory-file\n    name: sheet\n    path: inv.csv\ndb: refused.db\n',
  );

  async function scan(inventory: string | Buffer) {
    writeFileSync(join(dir.path, 'inv.csv'), inventory);
    const run = await cli(['scan', '--as-of', '2026-11-26'], { cwd: dir.path });
    expect(run.stdout).toBe('');
    expect(run.exitCode).toBe(2);
    expect(existsSync(join(dir.path, 'refused.db'))).toBe(false);
    expect(run.stderr).not.toMatch(CANARY);
    // Refused by position, not caught by the last-resort redactor on the way out.
    expect(run.stderr).not.toContain('[redacted');
    return run.stderr;
  }

  it('refuses canaries of every shape planted in valid cells, every one named by line and column', async () => {
    const [github, pat, gitlab, slack, aws, pem, jwt, stripe, google] = userFileCanaries('Scan');
    const rows = [
      `jenkins,ci,api-token,jk-2,svc-deploy token=${github!.value},,,,active,platform`,
      `jenkins,ci,api-token,jk-3,svc-ci,,,,active,Data ${aws!.value}`,
      `jenkins,ci,api-token,jk-4,svc-ci,ann@acme.example;${slack!.value},,,active,platform`,
      `jenkins,ci,api-token,jk-${gitlab!.value},svc-ci,,,,active,platform`,
      `jenkins,"acme ${stripe!.value}",api-token,jk-6,svc-ci,,,,active,platform`,
      `jenkins,ci,api-token ${google!.value},jk-7,svc-ci,,,,active,platform`,
      `jenkins,ci,api-token,jk-8,"svc-tls\n${pem!.value}",,,,active,platform`,
      `jenkins,ci,api-token,jk-9,svc-ci,,,,active ${jwt!.value},platform`,
      `jenkins,ci,api-token,jk-10,svc-ci,,2026-01-05 ${pat!.value},,active,platform`,
    ];
    const stderr = await scan(`${HEADER}\n${GOOD}\n${rows.join('\n')}\n`);
    const refusal = (line: number, column: string, described: string) =>
      `  - inv.csv, line ${line}, column ${column}: this cell holds what looks like ${described} ${NEVER_STORED}`;
    expect(stderr).toBe(
      [
        'nhiscan: error: 9 input errors:',
        refusal(3, 'principal', github!.described),
        refusal(4, 'department', aws!.described),
        refusal(5, 'owner', slack!.described),
        refusal(6, 'credential_id', gitlab!.described),
        refusal(7, 'account', stripe!.described),
        refusal(8, 'kind', google!.described),
        refusal(9, 'principal', pem!.described),
        // The PEM block took four lines.
        refusal(13, 'status', jwt!.described),
        refusal(14, 'created_at', pat!.described),
        '',
      ].join('\n'),
    );
  });

  const at = (line: number, column: string | number, problem: string) =>
    `nhiscan: error: inv.csv, line ${line}, column ${column}: ${problem}\n`;

  it('refuses a NUL byte in a cell', async () => {
    expect(await scan(`${HEADER}\njenkins,ci,api-token,jk-1,svc\u0000ci,,,,active,platform\n`)).toBe(
      at(2, 'principal', 'this cell contains a NUL byte'),
    );
  });

  it('refuses a 10 MiB cell by its length, without reading it all', async () => {
    const huge = 'x'.repeat(10 * 1024 * 1024);
    expect(await scan(`${HEADER}\njenkins,ci,api-token,jk-1,svc-ci,,,,active,${huge}\n`)).toBe(
      at(2, 'department', 'this cell is 10,485,760 characters long; at most 256 are allowed'),
    );
  });

  it('refuses an owner cell longer than 1,024 characters, and an owner longer than 256', async () => {
    const owners = Array.from({ length: 60 }, (_, index) => `owner-${index}@acme.example`).join(';');
    expect(await scan(`${HEADER}\njenkins,ci,api-token,jk-1,svc-ci,${owners},,,active,platform\n`)).toBe(
      at(
        2,
        'owner',
        `this cell is ${owners.length.toLocaleString('en-US')} characters long; at most 1,024 are allowed`,
      ),
    );
    const long = `${'a'.repeat(300)}@acme.example`;
    expect(
      await scan(`${HEADER}\njenkins,ci,api-token,jk-1,svc-ci,ann@acme.example;${long},,,active,platform\n`),
    ).toBe(at(2, 'owner', 'this cell is 313 characters long; at most 256 are allowed'));
  });

  it('refuses a lone surrogate (encoded in the file, it is not UTF-8) with its line', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${HEADER}\n${GOOD}\njenkins,ci,api-token,jk-`),
      Buffer.from([0xed, 0xa0, 0x80]),
      Buffer.from(',svc-ci,,,,active,platform\n'),
    ]);
    expect(await scan(bytes)).toBe(
      `nhiscan: error: inv.csv, line 3: not UTF-8 text (byte 0xed at offset ${Buffer.byteLength(`${HEADER}\n${GOOD}\njenkins,ci,api-token,jk-`)} is not valid UTF-8); save the file as UTF-8\n`,
    );
  });

  it('refuses an invisible character in an id, naming its code point', async () => {
    expect(await scan(`${HEADER}\njenkins,ci,api-token,jk\u200B-1,svc-ci,,,,active,platform\n`)).toBe(
      at(
        2,
        'credential_id',
        'this cell contains an invisible character (U+200B); identifiers must be visible text, so that what a person reads is what nhiscan matches',
      ),
    );
  });

  it('refuses a control character: an escape sequence anywhere, a line break in an id', async () => {
    expect(await scan(`${HEADER}\njenkins,ci,api-token,jk-1,svc-ci,,,,active,"Data\u001b[2J"\n`)).toBe(
      at(
        2,
        'department',
        'this cell contains a control character (U+001B); only tabs and line breaks are allowed',
      ),
    );
    expect(await scan(`${HEADER}\njenkins,ci,api-token,"jk-1\nx",svc-ci,,,,active,platform\n`)).toBe(
      at(
        2,
        'credential_id',
        'this cell contains a control character (U+000A); it must be one line of visible text',
      ),
    );
  });

  it('refuses a certificate pasted as an id: not secret, but no id', async () => {
    const certificate = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----';
    expect(await scan(`${HEADER}\njenkins,ci,api-token,"${certificate}",svc-ci,,,,active,platform\n`)).toBe(
      at(
        2,
        'credential_id',
        "this cell holds a PEM block (a certificate or key); put the credential's id here (such as a certificate's serial number or fingerprint), never the certificate or key itself",
      ),
    );
  });

  it('refuses a secret as a column name, by its position in the header', async () => {
    const [github] = userFileCanaries('Head');
    expect(await scan(`${HEADER},${github!.value}\n`)).toBe(
      at(1, 11, `this column name holds what looks like ${github!.described} ${NEVER_STORED}`),
    );
  });

  it('refuses a stray quote without quoting the field', async () => {
    const [github] = userFileCanaries('Quot');
    expect(await scan(`${HEADER}\njenkins,ci,api-token,jk-1,${github!.value}"x,,,,active,platform\n`)).toBe(
      'nhiscan: error: inv.csv, line 2: a quote in the middle of a field; quote the whole field and double any quote inside it ("")\n',
    );
  });
});
