/**
 * The worker thread that owns a PostgreSQL connection for one synchronous `PostgresDatabase`
 * (bridge.ts). It is CommonJS source run with `eval` (the same text under vitest and from dist/),
 * given node-postgres's resolved path. One request at a time: it posts the answer on its port with
 * the request's sequence number, then writes that number into the shared slot the blocked caller
 * waits on (handoff.ts). Every request gets exactly one answer, errors included (an exception
 * outside any request answers nothing); a request never outlives the connection. A timer bumps the
 * heartbeat slot, so a caller can tell a thread that stopped from a slow query.
 *
 * Values: BIGINT and NUMERIC come back as numbers and BOOLEAN as 1 or 0 (what better-sqlite3
 * gives); BYTEA as bytes. Parameters that are byte arrays are sent as bytea.
 */
export const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, signals, config, answered, heartbeat, beatMs } = workerData;
const types = {
  getTypeParser(oid, format) {
    if (oid === 20 || oid === 1700) return (value) => Number(value);
    if (oid === 16) return (value) => (value === 't' ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
};
const client = new pg.Client({ ...config, types });
const prepared = new Map();
/** The sequence number of the request being handled, until it is answered; 0 when none. */
let current = 0;

setInterval(() => Atomics.add(signals, heartbeat, 1), beatMs).unref();

function answer(sequence, message) {
  if (sequence !== current || sequence === 0) return;
  port.postMessage({ ...message, sequence }); // may throw (an answer that cannot be cloned): see below
  current = 0;
  Atomics.store(signals, answered, sequence);
  Atomics.notify(signals, answered);
}

function describe(error) {
  return { message: String(error && error.message), code: error && error.code, detail: error && error.detail };
}

function param(value) {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

async function handle(request) {
  if (request.kind === 'connect') {
    await client.connect();
    client.on('error', () => {});
    return {};
  }
  if (request.kind === 'close') {
    await client.end();
    return {};
  }
  if (request.kind === 'exec') {
    await client.query(request.sql);
    return {};
  }
  if (request.kind === 'batch') {
    const results = await client.query({ text: request.sql, rowMode: request.rowMode });
    const list = Array.isArray(results) ? results : [results];
    const last = list[list.length - 1];
    return {
      rowCounts: list.map((result) => result.rowCount ?? 0),
      rows: last ? last.rows : [],
      rowCount: last ? last.rowCount ?? 0 : 0,
      command: last ? last.command : '',
    };
  }
  let name = prepared.get(request.sql);
  if (name === undefined) {
    name = 'nhiscan_' + (prepared.size + 1);
    prepared.set(request.sql, name);
  }
  const result = await client.query({
    name,
    text: request.sql,
    values: request.params.map(param),
    rowMode: request.rowMode,
  });
  return { rows: result.rows, rowCount: result.rowCount ?? 0, command: result.command };
}

// Whatever happens during a request, the blocked caller gets an answer.
process.on('uncaughtException', (error) => answer(current, { ok: false, error: describe(error) }));

port.on('message', (request) => {
  const sequence = request.sequence;
  current = sequence;
  handle(request)
    .then((result) => answer(sequence, { ok: true, ...result }))
    .catch((error) => answer(sequence, { ok: false, error: describe(error) }));
});
`;
