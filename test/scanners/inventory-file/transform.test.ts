import { describe, expect, it } from 'vitest';
import type { InventoryColumn, InventoryRow } from '../../../scanners/inventory-file/parse.js';
import { NO_LAST_USE_REASON, transformRow } from '../../../scanners/inventory-file/transform.js';

const context = { file: 'inventory/creds.csv', sourceName: 'sheet' };
const row = (cells: Partial<Record<InventoryColumn, string>>, line = 7): InventoryRow => ({
  line,
  cells: {
    provider: 'jenkins',
    account: 'ci.acme.example',
    kind: 'api-token',
    credential_id: 'jk-0042',
    ...cells,
  },
});
const ok = (input: InventoryRow) => {
  const result = transformRow(input, context);
  if (!result.ok) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result;
};
const messages = (input: InventoryRow) => {
  const result = transformRow(input, context);
  return result.ok ? [] : result.errors.map((error) => error.message);
};

describe('inventory transform: a full row, field by field', () => {
  const { credential, principal } = ok(
    row({
      provider: 'Snowflake',
      account: 'acme-analytics',
      kind: 'key-pair',
      credential_id: 'SHA256:q1w2e3r4t5y6u7i8o9p0',
      principal: 'svc-etl',
      owner: 'ann@acme.example; github:ann ;ann@acme.example',
      created_at: '2026-01-15',
      last_used_at: '2026-11-20T08:15:00Z',
      expires_at: '2027-01-15',
      status: 'Inactive',
      privileged: 'YES',
      department: 'Data',
    }),
  );

  it('builds the uid from the lower-cased provider, account, kind and id', () => {
    expect(credential.uid).toBe('snowflake:acme-analytics:key-pair:SHA256:q1w2e3r4t5y6u7i8o9p0');
    expect(credential.provider).toBe('snowflake');
    expect(credential.account).toBe('acme-analytics');
    expect(credential.kind).toBe('key-pair');
    expect(credential.externalId).toBe('SHA256:q1w2e3r4t5y6u7i8o9p0');
  });

  it('names the principal and emits it once', () => {
    expect(credential.principalUid).toBe('snowflake:acme-analytics:principal:svc-etl');
    expect(credential.principalName).toBe('svc-etl');
    expect(principal).toEqual({
      uid: 'snowflake:acme-analytics:principal:svc-etl',
      provider: 'snowflake',
      account: 'acme-analytics',
      kind: 'principal',
      name: 'svc-etl',
    });
  });

  it('keeps dates as written, status lower-cased, privileged with its reason', () => {
    expect(credential.createdAt).toBe('2026-01-15');
    expect(credential.lastUsedAt).toBe('2026-11-20T08:15:00Z');
    expect(credential.lastUsedKnown).toBe(true);
    expect(credential.lastUsedUnknownReason).toBeUndefined();
    expect(credential.expiresAt).toBe('2027-01-15');
    expect(credential.status).toBe('inactive');
    expect(credential.privileged).toBe(true);
    expect(credential.privilegedReasons).toEqual(['marked privileged in inventory/creds.csv line 7']);
    expect(credential.department).toBe('Data');
  });

  it('turns each `;`-separated owner into one declared signal (duplicates once)', () => {
    expect(credential.ownerSignals).toEqual([
      { kind: 'declared', value: 'ann@acme.example', source: 'inventory-file:sheet:line 7' },
      { kind: 'declared', value: 'github:ann', source: 'inventory-file:sheet:line 7' },
    ]);
  });

  it('gives the last eight characters of the id as the hint', () => {
    expect(credential.hint).toBe('u7i8o9p0');
  });

  it('has exactly the model fields', () => {
    expect(Object.keys(credential).sort()).toEqual(
      [
        'account',
        'createdAt',
        'department',
        'expiresAt',
        'externalId',
        'hint',
        'kind',
        'lastUsedAt',
        'lastUsedKnown',
        'ownerSignals',
        'principalName',
        'principalUid',
        'privileged',
        'privilegedReasons',
        'provider',
        'status',
        'uid',
      ].sort(),
    );
  });
});

describe('inventory transform: empty and missing cells', () => {
  it('defaults every optional column: no principal, no owner, active, not privileged, last use unknown', () => {
    expect(ok(row({}))).toEqual({
      ok: true,
      principal: null,
      credential: {
        uid: 'jenkins:ci.acme.example:api-token:jk-0042',
        provider: 'jenkins',
        account: 'ci.acme.example',
        kind: 'api-token',
        externalId: 'jk-0042',
        principalUid: null,
        principalName: null,
        status: 'active',
        createdAt: null,
        expiresAt: null,
        lastUsedAt: null,
        lastUsedKnown: false,
        lastUsedUnknownReason: 'inventory file has no last use for this credential',
        privileged: false,
        privilegedReasons: [],
        department: null,
        ownerSignals: [],
        hint: 'jk-0042',
      },
    });
    expect(NO_LAST_USE_REASON).toBe('inventory file has no last use for this credential');
  });

  it('reads `never` (any case) as known never used, and empty as unknown', () => {
    const never = ok(row({ last_used_at: 'Never' })).credential;
    expect([never.lastUsedAt, never.lastUsedKnown, never.lastUsedUnknownReason]).toEqual([
      null,
      true,
      undefined,
    ]);
    const empty = ok(row({ last_used_at: '' })).credential;
    expect([empty.lastUsedAt, empty.lastUsedKnown, empty.lastUsedUnknownReason]).toEqual([
      null,
      false,
      NO_LAST_USE_REASON,
    ]);
  });

  it.each([
    ['true', true],
    ['yes', true],
    ['1', true],
    ['TRUE', true],
    ['false', false],
    ['No', false],
    ['0', false],
    ['', false],
  ])('privileged %j is %s', (value, expected) => {
    expect(ok(row({ privileged: value })).credential.privileged).toBe(expected);
  });

  it.each(['active', 'inactive', 'expired'])('accepts status %s', (status) => {
    expect(ok(row({ status })).credential.status).toBe(status);
  });

  it('does not treat an owner of only separators as a signal', () => {
    expect(ok(row({ owner: ' ; ; ' })).credential.ownerSignals).toEqual([]);
  });

  it('keeps an AWS access key id as an id, with its last eight as the hint', () => {
    const { credential } = ok(
      row({
        provider: 'aws',
        account: '123456789012',
        kind: 'access-key',
        credential_id: 'AKIAIOSFODNN7EXAMPLE',
      }),
    );
    expect([credential.uid, credential.hint]).toEqual([
      'aws:123456789012:access-key:AKIAIOSFODNN7EXAMPLE',
      '7EXAMPLE',
    ]);
  });
});

describe('inventory transform: errors name file, line, column, expected and found', () => {
  const where = 'inventory/creds.csv, line 7';
  it.each<[string, Partial<Record<InventoryColumn, string>>, string[]]>([
    [
      'empty required cells',
      { provider: '', account: '', kind: '', credential_id: '' },
      [
        `${where}, column provider: expected a value, got an empty cell`,
        `${where}, column account: expected a value, got an empty cell`,
        `${where}, column kind: expected a value, got an empty cell`,
        `${where}, column credential_id: expected a value, got an empty cell`,
      ],
    ],
    [
      'a provider that is not a name',
      { provider: 'vendor portal' },
      [
        `${where}, column provider: expected a system name of letters, digits, ".", "_" or "-" (such as snowflake), got "vendor portal"`,
      ],
    ],
    [
      'bad dates',
      { created_at: '01/02/2026', last_used_at: 'yesterday', expires_at: '2026-02-30' },
      [
        `${where}, column created_at: expected an ISO 8601 date such as 2026-11-26, got "01/02/2026"`,
        `${where}, column expires_at: expected an ISO 8601 date such as 2026-11-26, got "2026-02-30"`,
        `${where}, column last_used_at: expected an ISO 8601 date such as 2026-11-26 (or never), got "yesterday"`,
      ],
    ],
    [
      'an unknown status',
      { status: 'revoked' },
      [`${where}, column status: expected active, inactive or expired (empty = active), got "revoked"`],
    ],
    [
      'a bad privileged value',
      { privileged: 'maybe' },
      [`${where}, column privileged: expected true or false (or yes/no, 1/0; empty = false), got "maybe"`],
    ],
  ])('%s', (_, cells, expected) => {
    expect(messages(row(cells))).toEqual(expected);
  });
});

describe('inventory transform: no secret material survives', () => {
  const SECRET =
    '(not shown); nhiscan never stores secret material: remove it from the input, and rotate it, as it has been exposed';
  const secrets: [string, string][] = [
    ['holds what looks like an AWS secret access key', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['holds what looks like a GitHub token', `ghp_${'Ab1'.repeat(12)}`],
    ['holds what looks like a GitHub token', `github_pat_11ABCDEFG0${'x1Y'.repeat(20)}`],
    ['holds what looks like a GitHub token', `gho_${'Zz9'.repeat(12)}`],
    ['holds what looks like a Slack token', 'xoxb-000000000000-EXAMPLEEXAMPLE'],
    ['holds what looks like a Slack token', 'xoxp-1111-2222-3333-EXAMPLE'],
    [
      'holds what looks like a private key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----',
    ],
    // Not secret, but no value of any column either.
    [
      'holds a PEM block (a certificate or key)',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    ],
    [
      'holds what looks like a long random string (a key or token)',
      'Q9x2LmP7vR4tK8wZ1nB6cY3hJ5sD0fG2aE7uI9oV4pX1qW8rT6yU3iO5lK2jH7gF0dS',
    ],
  ];

  it.each(secrets)('refuses a cell that %s without echoing it, in any column', (problem, secret) => {
    for (const column of [
      'credential_id',
      'principal',
      'owner',
      'department',
      'status',
      'created_at',
    ] as const) {
      const result = transformRow(row({ [column]: secret }), context);
      expect(result.ok).toBe(false);
      const text = result.ok ? '' : result.errors.map((error) => error.message).join('\n');
      expect(text).toContain(`${at(column)}: this cell ${problem}`);
      for (let start = 0; start + 10 <= secret.length; start++) {
        expect(text).not.toContain(secret.slice(start, start + 10));
      }
    }
  });

  it('says exactly what to do for a secret pasted as the credential id', () => {
    expect(messages(row({ credential_id: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }))).toEqual([
      `inventory/creds.csv, line 7, column credential_id: this cell holds what looks like an AWS secret access key ${SECRET}`,
    ]);
    expect(messages(row({ owner: 'xoxb-000000000000-EXAMPLEEXAMPLE' }))).toEqual([
      `inventory/creds.csv, line 7, column owner: this cell holds what looks like a Slack token ${SECRET}`,
    ]);
  });
});

function at(column: string): string {
  return `inventory/creds.csv, line 7, column ${column}`;
}
