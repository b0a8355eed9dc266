/**
 * The store's connection (engine.ts) on PostgreSQL. Statements are SQLite's, translated once
 * (dialect.ts) and prepared once per connection by name. Transactions keep SQLite's meaning:
 *  - a transaction takes the store's write lock first (a transaction-scoped advisory lock), so
 *    write transactions of every process run one at a time, as on SQLite's file, and each sees
 *    everything committed before it: the read-modify-write the store does inside a transaction
 *    (the audit chain's head, a request's state) needs no retry loop on either engine;
 *  - `.deferred` reads one snapshot (REPEATABLE READ, READ ONLY) and takes no lock;
 *  - nested transactions are savepoints.
 * Readers outside a transaction never wait.
 */
import type { Transaction } from 'better-sqlite3';
import type { Db, RunResult, Statement } from '../engine.js';
import type { PostgresBridge } from './bridge.js';
import { type PostgresStatementText, toPostgres } from './dialect.js';
import { postgresValue, withLiterals } from './literals.js';
import { WriteBatch } from './write-batch.js';

/** The advisory lock key of the store's write lock ('nhiscan' 'w' as bytes). */
export const WRITE_LOCK_KEY = 0x6e6869736361_6e77n.toString();

/** Rows fetched from a cursor at a time (iterate). */
const CURSOR_PAGE = 1000;
let cursors = 0;

export class PostgresDatabase implements Db {
  private depth = 0;
  private changed = 0;
  /** Writes of the open transaction not yet sent (write-batch.ts). */
  readonly writes: WriteBatch;

  constructor(readonly bridge: PostgresBridge) {
    this.writes = new WriteBatch(bridge, (changed) => {
      this.changed += changed;
    });
  }

  countChanges(rows: number): void {
    this.changed += rows;
  }

  /** Rows inserted, updated or deleted through this connection so far (SQLite's total_changes()). */
  totalChanges(): number {
    this.writes.send();
    return this.changed;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  get open(): boolean {
    return this.bridge.open;
  }

  prepare(sql: string): Statement {
    return new PostgresStatement(this, toPostgres(sql));
  }

  exec(sql: string): this {
    this.writes.send();
    this.bridge.exec(sql);
    return this;
  }

  // biome-ignore lint/suspicious/noExplicitAny: better-sqlite3's own constraint, which this matches
  transaction<F extends (...params: any[]) => unknown>(fn: F): Transaction<F> {
    const run =
      (begin: readonly string[]) =>
      (...params: unknown[]) =>
        this.within(begin, () => fn(...params));
    const locked = run(['BEGIN', `SELECT pg_advisory_xact_lock(${WRITE_LOCK_KEY})`]);
    const snapshot = run(['BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY']);
    return Object.assign(locked, {
      default: locked,
      immediate: locked,
      exclusive: locked,
      deferred: snapshot,
    }) as unknown as Transaction<F>;
  }

  close(): void {
    this.bridge.close();
  }

  /**
   * BEGIN (or SAVEPOINT), the body's writes, and COMMIT (or RELEASE) go to the server together
   * where nothing reads in between (write-batch.ts): a transaction that only writes is one round
   * trip. A rollback of what never reached the server is only forgotten.
   */
  private within(begin: readonly string[], body: () => unknown): unknown {
    const savepoint = this.depth > 0 ? `nhiscan_${this.depth}` : undefined;
    const [first, ...rest] = savepoint ? [`SAVEPOINT ${savepoint}`] : begin;
    const started = this.writes.mark(first!);
    for (const statement of rest) this.writes.mark(statement);
    this.depth += 1;
    let result: unknown;
    try {
      result = body();
      this.writes.mark(savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT');
      if (!savepoint) this.writes.send();
    } catch (error) {
      this.depth -= 1;
      if (!this.writes.rollbackTo(started))
        this.bridge.exec(
          savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}` : 'ROLLBACK',
        );
      throw error;
    }
    this.depth -= 1;
    return result;
  }
}

class PostgresStatement implements Statement {
  private plucked = false;
  private rawRows = false;

  constructor(
    private readonly db: PostgresDatabase,
    private readonly text: PostgresStatementText,
  ) {}

  pluck(toggle = true): this {
    this.plucked = toggle;
    return this;
  }

  raw(toggle = true): this {
    this.rawRows = toggle;
    return this;
  }

  run(...params: unknown[]): RunResult {
    if (this.text.batchable && this.db.inTransaction) return this.db.writes.add(this.text, params.flat(1));
    const answer = this.query(params);
    if (answer.command !== 'SELECT') this.db.countChanges(answer.rowCount);
    const id = this.text.returnsId ? (answer.rows[0] as unknown[] | Record<string, unknown>) : undefined;
    const lastInsertRowid = id === undefined ? 0 : Number(Array.isArray(id) ? id[0] : id.id);
    return { changes: answer.rowCount, lastInsertRowid };
  }

  get(...params: unknown[]): unknown {
    return this.all(...params)[0];
  }

  all(...params: unknown[]): unknown[] {
    const { rows } = this.query(params);
    return this.plucked ? rows.map((row) => (row as unknown[])[0]) : rows;
  }

  /**
   * Rows a page at a time from a server-side cursor (WITH HOLD: inside a transaction or not), as
   * better-sqlite3 steps its statement: a read of every credential never holds them all at once,
   * in this thread or the connection's. The cursor is closed when the loop ends or is left.
   */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const cursor = `nhiscan_cursor_${++cursors}`;
    const rowMode = this.plucked || this.rawRows ? ('array' as const) : undefined;
    this.db.exec(
      `DECLARE ${cursor} NO SCROLL CURSOR WITH HOLD FOR ${withLiterals(this.text.pieces, params.flat(1))}`,
    );
    try {
      for (;;) {
        const page = this.db.writes.sendWith({
          sql: `FETCH ${CURSOR_PAGE} FROM ${cursor}`,
          ...(rowMode ? { rowMode } : {}),
        })!;
        if (page.rows.length === 0) return;
        for (const row of page.rows) yield this.plucked ? (row as unknown[])[0] : row;
      }
    } finally {
      if (this.db.open) this.db.exec(`CLOSE ${cursor}`);
    }
  }

  private query(params: unknown[]) {
    const values = params.flat(1);
    const rowMode = this.plucked || this.rawRows ? ('array' as const) : undefined;
    // Writes waiting in the batch go in the same message as this statement (one round trip).
    if (this.db.writes.pending)
      return this.db.writes.sendWith({
        sql: withLiterals(this.text.pieces, values),
        ...(rowMode ? { rowMode } : {}),
      })!;
    return this.db.bridge.query(this.text.sql, values.map(postgresValue), rowMode);
  }
}
