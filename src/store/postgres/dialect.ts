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

/** Tables whose rows get their id from the database (SQLite's INTEGER PRIMARY KEY). */
const ID_TABLES = new Set([
  'people_snapshots',
  'scan_runs',
  'revocation_requests',
  'recertifications',
  'notice_digests',
  'notices',
  'notice_deliveries',
  'finding_history',
]);

export interface PostgresStatementText {
  sql: string;
  /** Whether the statement returns the inserted row's id (RETURNING id was added). */
  returnsId: boolean;
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

function translate(sql: string): PostgresStatementText {
  let parameter = 0;
  let ignoreConflicts = false;
  const parts = segments(sql).map((part, position, all) => {
    if (!part.code) return part.text;
    let text = part.text.replace(/\?/g, () => `$${++parameter}`);
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
  const returnsId = insertInto !== null && ID_TABLES.has(insertInto[1]!) && !/\bRETURNING\b/i.test(result);
  if (returnsId) result = appendClause(result, 'RETURNING id');
  return { sql: result, returnsId };
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
