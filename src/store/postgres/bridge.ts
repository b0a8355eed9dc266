/**
 * A synchronous PostgreSQL connection: node-postgres runs in a worker thread (worker-source.ts),
 * and each call blocks this thread until the worker answers (Atomics.wait on a shared flag, then
 * receiveMessageOnPort), as a better-sqlite3 call blocks on the file. So the store's code and its
 * transactions mean the same on both engines: nothing else of the process runs in the middle.
 */
import { createRequire } from 'node:module';
import { MessageChannel, Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';
import { ANSWERED, awaitAnswer, BEAT_MS, createSignals, HEARTBEAT, nextSequence } from './handoff.js';
import { WORKER_SOURCE } from './worker-source.js';

export interface QueryAnswer {
  rows: unknown[];
  rowCount: number;
  /** SELECT, INSERT, UPDATE, DELETE… */
  command: string;
}

/** An error PostgreSQL (or the connection) raised: SQLSTATE in `code`, as node-postgres gives it. */
export class PostgresError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'PostgresError';
  }
}

type Request =
  | { kind: 'connect' }
  | { kind: 'close' }
  | { kind: 'exec'; sql: string }
  | { kind: 'batch'; sql: string; rowMode?: 'array' }
  | { kind: 'query'; sql: string; params: unknown[]; rowMode?: 'array' };

type Answer = { sequence: number } & (
  | { ok: true; rows?: unknown[]; rowCount?: number; command?: string; rowCounts?: number[] }
  | { ok: false; error: { message: string; code?: string } }
);

/**
 * How long a call waits with neither an answer nor a heartbeat from the connection's thread
 * before taking it as stopped: far above a garbage collection's pause or an answer's copy.
 */
const SILENCE_MS = 60_000;

export class PostgresBridge {
  private readonly worker: Worker;
  private readonly port: MessageChannel['port1'];
  private readonly signals = createSignals();
  private sequence = 0;
  private closed = false;
  /** Why the worker stopped, once known. */
  private stopped: string | undefined;

  constructor(config: ClientConfig) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    const pgPath = createRequire(import.meta.url).resolve('pg');
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        pgPath,
        port: channel.port2,
        signals: this.signals,
        answered: ANSWERED,
        heartbeat: HEARTBEAT,
        beatMs: BEAT_MS,
        config,
      },
      transferList: [channel.port2],
      // The connection's own heap, apart from the caller's cap (a scan may run with
      // --max-old-space-size=256): a large answer is held here while it is passed on.
      resourceLimits: { maxOldGenerationSizeMb: 1024 },
    });
    // The worker must not keep the process alive once the store is closed or forgotten.
    this.worker.unref();
    // Heard once this thread runs again after a call the worker left unanswered.
    this.worker.on('error', (error) => {
      this.stopped = `the connection thread failed: ${error.message}`;
    });
    this.worker.on('exit', (code) => {
      this.stopped ??= `the connection thread exited (code ${code})`;
    });
    this.call({ kind: 'connect' });
  }

  get open(): boolean {
    return !this.closed;
  }

  exec(sql: string): void {
    this.call({ kind: 'exec', sql });
  }

  /**
   * Statements without parameters sent as one message (one round trip): the rows each changed,
   * and the last one's answer (a read sent with the writes before it).
   */
  batch(sql: string, rowMode?: 'array'): { rowCounts: number[]; last: QueryAnswer } {
    const answer = this.call({ kind: 'batch', sql, ...(rowMode ? { rowMode } : {}) });
    return {
      rowCounts: answer.rowCounts ?? [],
      last: {
        rows: (answer.rows ?? []).map(asBuffers),
        rowCount: answer.rowCount ?? 0,
        command: answer.command ?? '',
      },
    };
  }

  query(sql: string, params: unknown[], rowMode?: 'array'): QueryAnswer {
    const answer = this.call({ kind: 'query', sql, params, ...(rowMode ? { rowMode } : {}) });
    return {
      rows: (answer.rows ?? []).map(asBuffers),
      rowCount: answer.rowCount ?? 0,
      command: answer.command ?? '',
    };
  }

  close(): void {
    if (this.closed) return;
    try {
      this.call({ kind: 'close' });
    } finally {
      this.closed = true;
      void this.worker.terminate();
    }
  }

  private call(request: Request): {
    rows?: unknown[];
    rowCount?: number;
    command?: string;
    rowCounts?: number[];
  } {
    if (this.closed)
      throw new PostgresError(
        `the PostgreSQL connection is closed${this.stopped ? `: ${this.stopped}` : ''}`,
        undefined,
      );
    this.sequence = nextSequence(this.sequence);
    this.port.postMessage({ ...request, sequence: this.sequence });
    let answer: Answer;
    try {
      answer = awaitAnswer<Answer>(this.signals, this.port, this.sequence, SILENCE_MS);
    } catch (error) {
      // Only a thread that stopped (out of memory, or killed) leaves a call unanswered.
      this.stopped ??= (error as Error).message;
      this.closed = true;
      void this.worker.terminate();
      throw new PostgresError((error as Error).message, undefined);
    }
    if (!answer.ok) throw new PostgresError(answer.error.message, answer.error.code);
    return answer;
  }
}

/** Bytes cross threads as Uint8Array; the store's code expects Buffers, as better-sqlite3 gives. */
function asBuffers(row: unknown): unknown {
  if (Array.isArray(row)) return row.map(asBuffer);
  if (row && typeof row === 'object') {
    const object = row as Record<string, unknown>;
    for (const key of Object.keys(object)) object[key] = asBuffer(object[key]);
  }
  return row;
}

function asBuffer(value: unknown): unknown {
  return value instanceof Uint8Array && !Buffer.isBuffer(value)
    ? Buffer.from(value.buffer, value.byteOffset, value.byteLength)
    : value;
}
