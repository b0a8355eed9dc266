/**
 * Writes inside a transaction, sent together: an INSERT, UPDATE or DELETE that returns no row is
 * queued, and the queue goes to the server as one message (one round trip instead of one per row)
 * before anything else the connection does: a read, another kind of statement, a savepoint, the
 * commit. So a read always sees the writes before it, and a transaction commits all of them or
 * none. Consecutive rows of the same plain INSERT become one multi-row INSERT (PostgreSQL parses
 * and plans it once). A queued write's failure is raised where the queue is sent, still inside
 * the transaction, which then rolls back. `changes` of a queued write's result sends the queue first.
 */
import type { RunResult } from '../engine.js';
import type { PostgresBridge, QueryAnswer } from './bridge.js';
import type { PostgresStatementText } from './dialect.js';
import { literal, withLiterals } from './literals.js';

/** Sent before it grows past either. */
const MAX_STATEMENTS = 2000;
const MAX_BYTES = 4 * 1024 * 1024;

interface Queued {
  /** Absent for a transaction-control statement (mark): never joined with another. */
  text?: PostgresStatementText;
  params: readonly unknown[];
  sql: string;
  /** Rows it changed, filled in when sent; null when it went in a multi-row upsert (not known per row). */
  changed?: number | null;
}

export class WriteBatch {
  private queued: Queued[] = [];
  private bytes = 0;

  constructor(
    private readonly bridge: PostgresBridge,
    private readonly onSent: (changed: number) => void,
  ) {}

  /** Whether anything waits to be sent. */
  get pending(): boolean {
    return this.queued.length > 0;
  }

  /**
   * Queues one transaction-control statement (BEGIN, SAVEPOINT, RELEASE, COMMIT; one statement, so
   * that each answer of a batch is its own entry's): it goes with the writes around it, in order.
   * The returned entry is what `rollbackTo` takes.
   */
  mark(sql: string): object {
    const entry: Queued = { params: [], sql };
    this.queued.push(entry);
    return entry;
  }

  /**
   * Forgets what was queued from `marked` on, when it is still queued (nothing of it reached the
   * server: nothing to roll back there), and says so; else forgets the whole queue and returns false.
   */
  rollbackTo(marked: object): boolean {
    const at = this.queued.indexOf(marked as Queued);
    if (at < 0) {
      this.discard();
      return false;
    }
    this.queued.length = at;
    this.bytes = this.queued.reduce((sum, entry) => sum + entry.sql.length, 0);
    return true;
  }

  add(text: PostgresStatementText, params: readonly unknown[]): RunResult {
    const entry: Queued = { text, params, sql: withLiterals(text.pieces, params) };
    this.queued.push(entry);
    this.bytes += entry.sql.length;
    if (this.queued.length >= MAX_STATEMENTS || this.bytes >= MAX_BYTES) this.send();
    const send = () => this.send();
    return {
      get changes() {
        if (entry.changed === undefined) send();
        if (entry.changed === null)
          throw new Error('the rows one row of a multi-row upsert changed are not known');
        return entry.changed ?? 0;
      },
      lastInsertRowid: 0,
    };
  }

  send(): void {
    this.sendWith(undefined);
  }

  /**
   * Sends the queue, and `read` (a statement with its values written in) after it in the same
   * message: its answer, or undefined without a read.
   */
  sendWith(read: { sql: string; rowMode?: 'array' } | undefined): QueryAnswer | undefined {
    if (this.queued.length === 0 && read === undefined) return undefined;
    const groups = groupRows(this.queued);
    this.discard();
    const statements = groups.map((group) => group.sql);
    if (read) statements.push(read.sql);
    const { rowCounts, last } = this.bridge.batch(statements.join(';\n'), read?.rowMode);
    const changed = read ? rowCounts.slice(0, -1) : rowCounts;
    groups.forEach((group, index) => {
      const rows = changed[index] ?? 0;
      // A multi-row INSERT inserted each of its rows (or failed as a whole); an upsert's rows may
      // each have inserted, updated or (DO NOTHING, or its WHERE) left their row.
      const single = group.entries.length === 1;
      for (const entry of group.entries)
        entry.changed = single ? rows : entry.text?.rows?.tail.trim() ? null : 1;
    });
    this.onSent(changed.reduce((sum, rows) => sum + rows, 0));
    return read ? last : undefined;
  }

  /** Forgets the queue (the transaction it belonged to rolls back). */
  discard(): void {
    this.queued = [];
    this.bytes = 0;
  }
}

/**
 * The queue with each run of INSERTs (nothing else between them) ordered by statement, each
 * statement's rows in their order, the statements in the order they first appear: so the rows of
 * one statement are consecutive and go as one. Only when each statement of the run writes a table
 * no other one does: then no row's outcome depends on another statement's rows (the foreign keys
 * are checked at commit, schema.ts).
 */
function insertsByStatement(queued: readonly Queued[]): Queued[] {
  const ordered: Queued[] = [];
  let run: Queued[] = [];
  const flushRun = () => {
    const byText = new Map<PostgresStatementText | undefined, Queued[]>();
    for (const entry of run) byText.set(entry.text, [...(byText.get(entry.text) ?? []), entry]);
    const tables = new Set([...byText.keys()].map((text) => text!.rows!.table));
    ordered.push(...(tables.size === byText.size ? [...byText.values()].flat() : run));
    run = [];
  };
  for (const entry of queued) {
    if (entry.text?.rows) run.push(entry);
    else {
      flushRun();
      ordered.push(entry);
    }
  }
  flushRun();
  return ordered;
}

/**
 * The statements to send: consecutive rows of one INSERT joined into one statement, a new one
 * begun whenever a row repeats a conflict key already in it (see dialect.ts, MultiRowInsert).
 */
function groupRows(queued: readonly Queued[]): { sql: string; entries: Queued[] }[] {
  const groups: { entries: Queued[]; rows: string[]; keys: Set<string> }[] = [];
  for (const entry of insertsByStatement(queued)) {
    const multi = entry.text?.rows;
    const last = groups.at(-1);
    const key = multi ? multi.keyParameters.map((index) => literal(entry.params[index])).join(',') : '';
    const row = multi ? entry.sql.slice(multi.head.length, entry.sql.length - multi.tail.length) : '';
    if (multi && last && last.entries[0]!.text === entry.text && !last.keys.has(key)) {
      last.entries.push(entry);
      last.rows.push(row);
      if (multi.keyParameters.length > 0) last.keys.add(key);
    } else
      groups.push({ entries: [entry], rows: [row], keys: new Set(multi?.keyParameters.length ? [key] : []) });
  }
  return groups.map(({ entries, rows }) => {
    const multi = entries[0]!.text?.rows;
    const sql =
      entries.length === 1 || !multi ? entries[0]!.sql : `${multi.head}${rows.join(', ')}${multi.tail}`;
    return { sql, entries };
  });
}
