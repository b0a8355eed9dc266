/**
 * The audit log's append-only triggers as each engine has them, for `audit verify` to warn when
 * one is gone or altered (the hash chain, not the triggers, is what proves the log whole).
 *  - SQLite: audit_log_no_update, _no_delete and _no_replace, each `RAISE(ABORT, …)`.
 *  - PostgreSQL: audit_log_no_update, _no_delete and _no_truncate, each enabled and calling
 *    nhiscan_audit_append_only(), whose body raises (an INSERT … ON CONFLICT DO UPDATE is an UPDATE).
 */
import { type Db, sqliteOf } from './engine.js';

const SQLITE_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_replace'];
const POSTGRES_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete', 'audit_log_no_truncate'];

/** The names of the append-only triggers missing or altered, in order. */
export function missingAppendOnlyTriggers(db: Db): string[] {
  const sqlite = sqliteOf(db);
  if (sqlite) {
    const rows = sqlite
      .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'")
      .all() as { name: string; sql: string | null }[];
    return SQLITE_TRIGGERS.filter(
      (name) => !rows.some((row) => row.name === name && /RAISE\s*\(\s*ABORT/i.test(row.sql ?? '')),
    );
  }
  const present = db
    .prepare(
      `SELECT t.tgname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
        WHERE t.tgrelid = to_regclass('audit_log') AND NOT t.tgisinternal AND t.tgenabled <> 'D'
          AND p.proname = 'nhiscan_audit_append_only' AND p.prosrc ~* 'RAISE\\s+EXCEPTION'`,
    )
    .pluck()
    .all() as string[];
  return POSTGRES_TRIGGERS.filter((name) => !present.includes(name));
}
