/**
 * `nhiscan db copy --from FILE --to postgres://…`: an existing SQLite database copied into an
 * empty PostgreSQL one, for a team moving to a shared store. Every table, every row, the audit log
 * as it is (its records are copied, never re-hashed). Nothing is half-written: the copy is one
 * transaction, and before it commits the copied audit log is verified and must have the same size
 * and head hash as the source's, and every table the same number of rows; else it rolls back.
 * A source whose audit log does not verify is refused: a copy must not launder a broken chain.
 */
import { existsSync } from 'node:fs';
import { type AuditVerification, verifyAudit } from '../audit/verify.js';
import { InputError } from '../core/errors.js';
import type { Db, SqliteDb } from './engine.js';
import { openSqliteDatabase } from './open.js';
import { openPostgres } from './postgres/open.js';
import { decodeStoredText, type StoredText } from './stored-text.js';

export interface CopyResult {
  tables: { name: string; rows: number }[];
  audit: { size: number; headHash: string };
}

/** The stored-text columns (stored-text.ts): deflated on SQLite, their text on PostgreSQL. */
const STORED_TEXT_COLUMNS: Record<string, Record<string, string>> = {
  credentials: { data: 'uid' },
  principals: { data: 'uid' },
  owner_resolutions: { evidence: 'credential_uid' },
  findings: { title: 'credential_uid', evidence: 'credential_uid' },
  people: { data: 'employee_id' },
};

export function copyStore(fromPath: string, toUrl: string): CopyResult {
  // Opening would create a missing file, and an empty database would copy as "0 rows".
  if (!existsSync(fromPath))
    throw new InputError('no such database file; nothing was copied', { file: fromPath });
  const source = openSqliteDatabase(fromPath);
  try {
    const sourceAudit = verifyAudit(source);
    if (!sourceAudit.ok)
      throw new InputError(
        `the audit log does not verify (record ${sourceAudit.firstBadSeq}: ${sourceAudit.problem}); nothing was copied`,
        { file: fromPath },
      );
    const { db: target } = openPostgres(toUrl, { migrate: true });
    try {
      return target.transaction(() => copyInto(source, target, sourceAudit, toUrl))();
    } finally {
      target.close();
    }
  } finally {
    source.close();
  }
}

function copyInto(
  source: SqliteDb,
  target: Db,
  sourceAudit: AuditVerification & { ok: true },
  toUrl: string,
): CopyResult {
  const tables = source
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )
    .pluck()
    .all() as string[];
  for (const table of tables) {
    if (target.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined)
      throw new InputError(
        `table ${table} already holds rows: copy into an empty database; nothing was copied`,
        {
          key: '--to',
        },
      );
  }
  const copied = tables.map((table) => ({ name: table, rows: copyTable(source, target, table) }));
  resetIdentities(target);
  for (const { name, rows } of copied) {
    const there = target.prepare(`SELECT count(*) FROM ${name}`).pluck().get() as number;
    if (there !== rows)
      throw new Error(`table ${name}: ${rows} row(s) read, ${there} in ${toUrl}; nothing was copied`);
  }
  const copiedAudit = verifyAudit(target);
  if (
    !copiedAudit.ok ||
    copiedAudit.size !== sourceAudit.size ||
    copiedAudit.headHash !== sourceAudit.headHash
  )
    throw new Error(
      `the copied audit log does not match the source's (${copiedAudit.ok ? `${copiedAudit.size} records, head ${copiedAudit.headHash}` : copiedAudit.problem}); nothing was copied`,
    );
  return { tables: copied, audit: { size: sourceAudit.size, headHash: sourceAudit.headHash } };
}

function copyTable(source: SqliteDb, target: Db, table: string): number {
  const columns = (source.pragma(`table_info(${table})`) as { name: string }[]).map((column) => column.name);
  const decoded = STORED_TEXT_COLUMNS[table] ?? {};
  const keyIndex = Object.fromEntries(
    Object.entries(decoded).map(([column, key]) => [columns.indexOf(column), columns.indexOf(key)]),
  );
  const insert = target.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  let rows = 0;
  for (const row of source
    .prepare(`SELECT ${columns.join(', ')} FROM ${table}`)
    .raw()
    .iterate() as Iterable<unknown[]>) {
    const values = row.map((value, index) =>
      index in keyIndex && value !== null
        ? decodeStoredText(value as StoredText, row[keyIndex[index]!] as string)
        : value,
    );
    insert.run(...values);
    rows += 1;
  }
  return rows;
}

/** Identity columns continue after the copied ids (a copied row keeps its id). */
function resetIdentities(target: Db): void {
  const identities = target
    .prepare(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`,
    )
    .all() as { table: string; column: string }[];
  for (const { table, column } of identities)
    target
      .prepare(
        `SELECT setval(pg_get_serial_sequence(?, ?), GREATEST(max(${column}), 1), max(${column}) IS NOT NULL) FROM ${table}`,
      )
      .get(table, column);
}
