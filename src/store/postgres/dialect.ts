/**
 * SQLite's SQL, as nhiscan writes it, in PostgreSQL's dialect. The store's statements are written
 * once (SQLite's dialect); this rewrites the few constructs PostgreSQL spells differently. It is not
 * a general translator: it knows the statements nhiscan has, and the tests run every store suite on
 * both engines. String literals, quoted names and comments are never rewritten.
 *
 * | SQLite                          | PostgreSQL                                     |
 * | ------------------------------- | ---------------------------------------------- |
 * | `?` parameters                  | `$1`, `$2`, …                                  |
 * | `AS camelCase` (kept as written) | `AS "camelCase"` (PostgreSQL folds to lower case) |
 * | `INSERT OR IGNORE INTO …`       | `INSERT INTO … ON CONFLICT DO NOTHING`         |
 * | `x IS NOT 'literal'`            | `x IS DISTINCT FROM 'literal'`                 |
 * | `max(a, b)`, `min(a, b)`        | `GREATEST(a, b)`, `LEAST(a, b)`                |
 * | an INSERT into a table with an id | `… RETURNING id` (better-sqlite3's lastInsertRowid) |
 */

/** Tables whose new rows' ids the store reads back (lastInsertRowid): their INSERTs return the id. */
const ID_TABLES = new Set([
  'people_snapshots',
  'scan_runs',
  'revocation_requests',
  'recertifications',
  'notice_digests',
  'notices',
]);

export interface PostgresStatementText {
  sql: string;
  /** Whether the statement returns the inserted row's id (RETURNING id was added). */
  returnsId: boolean;
  /** An INSERT, UPDATE or DELETE that returns no row: inside a transaction it may be sent in a batch. */
  batchable: boolean;
  /** `sql` cut at its parameters ($1, $2…): parameter n goes between pieces n-1 and n. */
  pieces: string[];
  /** An `INSERT INTO t (…) VALUES (…)` of one row, which several executions can send as one statement. */
  rows?: MultiRowInsert;
}

/**
 * `INSERT INTO t (cols) VALUES (row) [ON CONFLICT (keys) …]` cut around its row. Rows whose conflict
 * keys differ can go in one statement: PostgreSQL applies a multi-row upsert to each row as if alone,
 * but refuses one that names the same key twice, so a repeated key starts a new statement.
 */
export interface MultiRowInsert {
  table: string;
  /** The text before the row's parenthesis. */
  head: string;
  /** The text after the row's parenthesis: an ON CONFLICT clause without parameters, or nothing. */
  tail: string;
  /** The parameters (0-based) that hold the conflict key of a DO UPDATE; empty otherwise. */
  keyParameters: number[];
}

const translated = new Map<string, PostgresStatementText>();

export function toPostgres(sqliteSql: string): PostgresStatementText {
  let known = translated.get(sqliteSql);
  if (!known) {
    known = translate(sqliteSql);
    translated.set(sqliteSql, known);
  }
  return known;
}

interface Segment {
  code: boolean;
  text: string;
}

/** Splits SQL into code and the parts never rewritten: '…' literals, "…" names, -- comments. */
function segments(sql: string): Segment[] {
  const parts: Segment[] = [];
  let start = 0;
  let index = 0;
  const push = (code: boolean, end: number) => {
    if (end > start) parts.push({ code, text: sql.slice(start, end) });
    start = end;
  };
  while (index < sql.length) {
    const char = sql[index]!;
    if (char === "'" || char === '"') {
      push(true, index);
      let end = index + 1;
      while (end < sql.length) {
        if (sql[end] === char) {
          if (sql[end + 1] === char) end += 2;
          else break;
        } else end += 1;
      }
      index = end + 1;
      push(false, Math.min(index, sql.length));
    } else if (char === '-' && sql[index + 1] === '-') {
      push(true, index);
      const end = sql.indexOf('\n', index);
      index = end === -1 ? sql.length : end;
      push(false, index);
    } else index += 1;
  }
  push(true, sql.length);
  return parts;
}

const PARAMETER = '\u0000';

function translate(sql: string): PostgresStatementText {
  let ignoreConflicts = false;
  const parts = segments(sql).map((part, position, all) => {
    if (!part.code) return part.text;
    // Parameters are marked with NUL (never in nhiscan's SQL) until the rewrites are done.
    let text = part.text.replace(/\?/g, PARAMETER);
    text = text.replace(/\bAS(\s+)([a-z_][a-z0-9_]*[A-Z][A-Za-z0-9_]*)\b/g, 'AS$1"$2"');
    text = text.replace(/\bINSERT\s+OR\s+IGNORE\s+INTO\b/gi, () => {
      ignoreConflicts = true;
      return 'INSERT INTO';
    });
    if (all[position + 1]?.text.startsWith("'"))
      text = text.replace(/\bIS\s+NOT(\s*)$/i, 'IS DISTINCT FROM$1');
    return text;
  });
  let result = scalarExtremes(parts.join(''));
  if (ignoreConflicts) result = appendClause(result, 'ON CONFLICT DO NOTHING');
  const insertInto = /^\s*INSERT\s+INTO\s+([a-z_]+)/i.exec(result);
  const returning = /\bRETURNING\b/i.test(result);
  const returnsId = insertInto !== null && ID_TABLES.has(insertInto[1]!) && !returning;
  if (returnsId) result = appendClause(result, 'RETURNING id');
  const batchable = !returning && !returnsId && /^\s*(INSERT|UPDATE|DELETE)\b/i.test(result);
  const pieces = result.split(PARAMETER);
  const numbered = pieces.reduce((sql, piece, index) => `${sql}$${index}${piece}`);
  const rows = batchable ? multiRowInsert(result) : undefined;
  return { sql: numbered, returnsId, batchable, pieces, ...(rows ? { rows } : {}) };
}

function multiRowInsert(sql: string): MultiRowInsert | undefined {
  const insert = /^(\s*INSERT\s+INTO\s+([a-z_]+)\s*\(([^()]*)\)\s*VALUES\s*)\(([^()]*)\)/i.exec(sql);
  if (!insert) return undefined;
  const after = sql.slice(insert[0].length);
  const tail = after.trim();
  if (after.includes(PARAMETER) || (tail !== '' && !/^ON\s+CONFLICT\b/i.test(tail))) return undefined;
  const columns = insert[3]!.split(',').map((column) => column.trim());
  const values = insert[4]!.split(',').map((value) => value.trim());
  if (columns.length !== values.length) return undefined;
  const keyParameters: number[] = [];
  // DO NOTHING skips a repeated key within one statement as it skips one already stored.
  if (tail !== '' && !/^ON\s+CONFLICT\s*(\([^()]*\))?\s*DO\s+NOTHING$/i.test(tail)) {
    const target = /^ON\s+CONFLICT\s*\(([^()]*)\)/i.exec(tail);
    if (!target) return undefined;
    for (const key of target[1]!.split(',').map((column) => column.trim())) {
      const at = columns.indexOf(key);
      if (at < 0 || values[at] !== PARAMETER) return undefined;
      keyParameters.push(values.slice(0, at).filter((value) => value === PARAMETER).length);
    }
  }
  return { table: insert[2]!, head: insert[1]!, tail: after, keyParameters };
}

/** Puts `clause` at the end of the statement, before a RETURNING clause if there is one. */
function appendClause(sql: string, clause: string): string {
  const returning = /\bRETURNING\b/i.exec(sql);
  const body = sql.replace(/[\s;]+$/, '');
  if (!returning) return `${body} ${clause}`;
  return `${sql.slice(0, returning.index)}${clause} ${sql.slice(returning.index)}`;
}

/** SQLite's scalar max(a, b) and min(a, b) (two or more arguments) are GREATEST and LEAST. */
function scalarExtremes(sql: string): string {
  const pattern = /\b(max|min)\(/gi;
  let output = '';
  let copied = 0;
  for (let match = pattern.exec(sql); match; match = pattern.exec(sql)) {
    const open = match.index + match[0].length - 1;
    let depth = 0;
    let topLevelComma = false;
    for (let index = open; index < sql.length; index += 1) {
      const char = sql[index];
      if (char === '(') depth += 1;
      else if (char === ')') {
        depth -= 1;
        if (depth === 0) break;
      } else if (char === ',' && depth === 1) topLevelComma = true;
    }
    if (!topLevelComma) continue;
    output += sql.slice(copied, match.index) + (match[1]!.toLowerCase() === 'max' ? 'GREATEST(' : 'LEAST(');
    copied = open + 1;
  }
  return output + sql.slice(copied);
}
