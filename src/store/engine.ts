/**
 * The store's connection, as every module that reads or writes state sees it: the part of
 * better-sqlite3's API nhiscan uses. SQLite (better-sqlite3) is it; PostgreSQL
 * (`postgres/database.ts`) implements it over node-postgres. Both are synchronous: a transaction
 * function runs to its end without yielding, so no other work of the process interleaves with it,
 * and a write transaction never overlaps another process's (SQLite's file lock; PostgreSQL's store
 * write lock). SQL is written once, in SQLite's dialect; `postgres/dialect.ts` translates it.
 */
import type Database from 'better-sqlite3';

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  /** The first column's value in place of a row object. */
  pluck(toggle?: boolean): this;
  /** Each row as an array of its column values, in order. */
  raw(toggle?: boolean): this;
}

export interface Db {
  prepare(sql: string): Statement;
  /** Runs one or more statements without parameters. */
  exec(sql: string): this;
  /**
   * `fn` in a transaction (a savepoint when nested): committed when it returns, rolled back when it
   * throws. `.deferred` reads one snapshot without taking the store's write lock.
   */
  // biome-ignore lint/suspicious/noExplicitAny: better-sqlite3's own constraint, which this must match
  transaction<F extends (...params: any[]) => unknown>(fn: F): Database.Transaction<F>;
  readonly inTransaction: boolean;
  readonly open: boolean;
  close(): unknown;
}

export type SqliteDb = Database.Database;

/** The SQLite connection behind `db`, or undefined on PostgreSQL (which has no pragmas). */
export function sqliteOf(db: Db): SqliteDb | undefined {
  return 'pragma' in db ? (db as SqliteDb) : undefined;
}
