import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plugin } from '../../scanners/inventory-file/index.js';
import { parseInventory } from '../../scanners/inventory-file/read-inventory.js';
import { secretShape } from '../../scanners/inventory-file/secret-shape.js';
import type { ScanPage } from '../../src/core/plugin.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const HEADER =
  'provider,account,kind,credential_id,principal,owner,created_at,last_used_at,expires_at,status,privileged,department';
const parse = (rows: string[]) =>
  parseInventory(Buffer.from([HEADER, ...rows].join('\n')), 'inv.csv', 'sheet');

describe('inventory-file transform', () => {
  it('maps every column of a row to the credential, field by field', () => {
    const { credentials, principals } = parse([
      'Snowflake,acme-analytics,key-pair,sf-1,svc-etl,ann@acme.example;github:ann,2026-01-02,2026-11-20,2027-01-02,active,yes,Data',
    ]);
    expect(credentials).toEqual([
      {
        uid: 'snowflake:acme-analytics:key-pair:sf-1',
        provider: 'snowflake',
        account: 'acme-analytics',
        kind: 'key-pair',
        externalId: 'sf-1',
        principalUid: 'snowflake:acme-analytics:principal:svc-etl',
        principalName: 'svc-etl',
        status: 'active',
        createdAt: '2026-01-02',
        expiresAt: '2027-01-02',
        lastUsedAt: '2026-11-20',
        lastUsedKnown: true,
        privileged: true,
        privilegedReasons: ['marked privileged in inv.csv line 2'],
        department: 'Data',
        ownerSignals: [
          { kind: 'declared', value: 'ann@acme.example', source: 'inventory-file:sheet:line 2' },
          { kind: 'declared', value: 'github:ann', source: 'inventory-file:sheet:line 2' },
        ],
      },
    ]);
    expect([...principals.values()]).toEqual([
      {
        uid: 'snowflake:acme-analytics:principal:svc-etl',
        provider: 'snowflake',
        account: 'acme-analytics',
        kind: 'principal',
        name: 'svc-etl',
      },
    ]);
  });

  it('distinguishes unknown last use (empty) from never used (`never`)', () => {
    const { credentials } = parse(['x,a,k,id1,,,,,,,,', 'x,a,k,id2,,,,never,,,,']);
    expect(
      credentials.map((c) => [
        c.lastUsedAt,
        c.lastUsedKnown,
        c.lastUsedUnknownReason,
        c.status,
        c.privileged,
        c.ownerSignals,
      ]),
    ).toEqual([
      [null, false, 'the inventory file gives no last use for this credential', 'active', false, []],
      [null, true, undefined, 'active', false, []],
    ]);
  });

  it('refuses pasted secrets without echoing them', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
    let message = '';
    try {
      parse([`aws,1,access-key,${secret},,,,,,,,`]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      "inv.csv, line 2, column credential_id: this cell looks like an AWS secret access key, not an identifier; nhiscan never stores secret material: put the credential's id here and remove the secret from the file",
    );
    expect(message).not.toContain(secret);
  });

  it('recognises secret shapes but not ids', () => {
    expect(secretShape('-----BEGIN RSA PRIVATE KEY-----')).toBe('a private key');
    expect(secretShape(`ghp_${'a1B2'.repeat(9)}`)).toBe('a GitHub token');
    expect(secretShape('xoxb-123456789012-abcdefghij')).toBe('a Slack token');
    expect(secretShape('AKIAIOSFODNN7EXAMPLE')).toBe(null);
    expect(secretShape('0123456789abcdef0123456789abcdef01234567')).toBe(null); // a GCP key id (40 hex)
    expect(secretShape('pat-42')).toBe(null);
  });

  it('accepts a header-only file as an empty list', () => {
    expect(parse([]).credentials).toEqual([]);
  });
});

describe('inventory-file plugin', () => {
  it('lists pages of at most 500 credentials, honouring the abort signal', async () => {
    const dir = temporaryDirectory();
    const rows = Array.from({ length: 1001 }, (_, i) => `x,a,k,id${i},p${i % 3},,,,,,,`);
    writeFileSync(join(dir.path, 'inv.csv'), [HEADER, ...rows].join('\n'));
    const scanner = plugin.create({ path: 'inv.csv' }, { name: 'sheet' });
    const pages: ScanPage[] = [];
    for await (const page of scanner.list({
      signal: new AbortController().signal,
      asOf: new Date(),
      baseDir: dir.path,
    }))
      pages.push(page);
    expect(pages.map((page) => [page.credentials.length, page.principals.length, page.partial])).toEqual([
      [500, 3, undefined],
      [500, 3, undefined],
      [1, 1, undefined],
    ]);
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const aborted = scanner.list({ signal: controller.signal, asOf: new Date(), baseDir: dir.path });
    await expect(aborted[Symbol.asyncIterator]().next()).rejects.toThrow('stop');
    dir.remove();
  });

  it('revokes by creating a manual task (planned in a dry run)', async () => {
    const scanner = plugin.create({ path: 'unused.csv' }, { name: 'sheet' });
    const [credential] = parse(['jenkins,ci.acme.example,api-token,jk-1,svc-ci,,,,,,,']).credentials;
    const instructions =
      'Disable api-token jk-1 held by svc-ci in jenkins/ci.acme.example by hand, then run `nhiscan queue confirm ID --by WHO --reason TEXT`';
    expect(
      await scanner.revoke!(credential!, 'disable', { dryRun: false, signal: new AbortController().signal }),
    ).toEqual({
      outcome: 'waiting-for-human',
      apiCall: 'manual',
      manualTask: { instructions },
    });
    expect(
      (await scanner.revoke!(credential!, 'disable', { dryRun: true, signal: new AbortController().signal }))
        .outcome,
    ).toBe('planned');
    expect(scanner.verify).toBeUndefined();
  });
});
