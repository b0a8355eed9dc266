/** SQLite's SQL as PostgreSQL is given it (src/store/postgres/dialect.ts): each rewrite, exactly. */
import { describe, expect, it } from 'vitest';
import { toPostgres } from '../../src/store/postgres/dialect.js';
import { literal, withLiterals } from '../../src/store/postgres/literals.js';

describe('the PostgreSQL dialect', () => {
  it('numbers parameters and quotes camelCase names, never inside literals or comments', () => {
    expect(
      toPostgres(
        "SELECT a AS credentialUid, '?' AS q, b AS plain -- why? AS notMe\n FROM t WHERE x = ? AND y = ?",
      ).sql,
    ).toBe(
      'SELECT a AS "credentialUid", \'?\' AS q, b AS plain -- why? AS notMe\n FROM t WHERE x = $1 AND y = $2',
    );
  });

  it('turns INSERT OR IGNORE, IS NOT with a literal, and scalar max/min into their PostgreSQL forms', () => {
    expect(toPostgres('INSERT OR IGNORE INTO t (a) VALUES (?)').sql).toBe(
      'INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING',
    );
    expect(toPostgres("SELECT 1 FROM t WHERE kind IS NOT 'person-account'").sql).toBe(
      "SELECT 1 FROM t WHERE kind IS DISTINCT FROM 'person-account'",
    );
    expect(toPostgres('SELECT max(a, coalesce(b, 0)), max(c), min(d, e) FROM t').sql).toBe(
      'SELECT GREATEST(a, coalesce(b, 0)), max(c), LEAST(d, e) FROM t',
    );
  });

  it('returns the id of an insert whose id the store reads back, and only those', () => {
    expect(toPostgres('INSERT INTO scan_runs (started_at) VALUES (?)')).toMatchObject({
      sql: 'INSERT INTO scan_runs (started_at) VALUES ($1) RETURNING id',
      returnsId: true,
      batchable: false,
    });
    expect(toPostgres('INSERT INTO finding_history (finding_uid) VALUES (?)')).toMatchObject({
      returnsId: false,
      batchable: true,
    });
  });

  it('knows which inserts can go as one multi-row statement, and the parameters of their conflict key', () => {
    expect(
      toPostgres(
        'INSERT INTO owner_resolutions (credential_uid, run_id, evidence) VALUES (?, ?, ?) ON CONFLICT (credential_uid) DO UPDATE SET run_id = excluded.run_id',
      ).rows,
    ).toEqual({
      table: 'owner_resolutions',
      head: 'INSERT INTO owner_resolutions (credential_uid, run_id, evidence) VALUES ',
      tail: ' ON CONFLICT (credential_uid) DO UPDATE SET run_id = excluded.run_id',
      keyParameters: [0],
    });
    expect(
      toPostgres("INSERT INTO t (a, b, c) VALUES (?, 'x', ?) ON CONFLICT (c) DO UPDATE SET a = excluded.a")
        .rows?.keyParameters,
    ).toEqual([1]);
    // DO NOTHING skips a repeated key itself: no key to watch.
    expect(toPostgres('INSERT OR IGNORE INTO t (a, b) VALUES (?, ?)').rows?.keyParameters).toEqual([]);
    // A parameter after the row, or a SELECT, cannot be repeated row by row.
    expect(
      toPostgres('INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET b = ?').rows,
    ).toBeUndefined();
    expect(toPostgres('INSERT INTO t (a) SELECT a FROM u WHERE b = ?').rows).toBeUndefined();
  });

  it('writes values as literals of unknown type, as node-postgres sends parameters', () => {
    expect(
      withLiterals(toPostgres('UPDATE t SET a = ?, b = ?, c = ?, d = ? WHERE e = ?').pieces, [
        "it's",
        7,
        null,
        Buffer.from([0, 255]),
        'back\\slash',
      ]),
    ).toBe("UPDATE t SET a = 'it''s', b = '7', c = NULL, d = '\\x00ff'::bytea WHERE e = 'back\\slash'");
    expect(() => literal('a\u0000b')).toThrow('a text value holds a NUL character, which PostgreSQL refuses');
    expect(() => literal(Number.NaN)).toThrow('cannot store the number NaN');
    expect(() => withLiterals(['a = ', ''], [])).toThrow('the statement takes 1 parameter(s), given 0');
  });
});
