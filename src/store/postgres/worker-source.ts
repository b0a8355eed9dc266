/**
 * The worker thread that owns a PostgreSQL connection for one synchronous `PostgresDatabase`
 * (bridge.ts). It is CommonJS source run with `eval` (the same text under vitest and from dist/),
 * given node-postgres's resolved path. One request at a time: it posts the answer on its port,
 * then raises the shared flag the blocked caller waits on. Every request gets an answer, errors
 * included; a request never outlives the connection.
 *
 * Values: BIGINT and NUMERIC come back as numbers and BOOLEAN as 1 or 0 (what better-sqlite3
 * gives); BYTEA as bytes. Parameters that are byte arrays are sent as bytea.
 */
export const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const pg = require(workerData.pgPath);
const { port, flag, config } = workerData;
const types = {
  getTypeParser(oid, format) {
    if (oid === 20 || oid === 1700) return (value) => Number(value);
    if (oid === 16) return (value) => (value === 't' ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
};
const client = new pg.Client({ ...config, types });
const prepared = new Map();

function answer(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
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

// Whatever happens, the blocked caller gets an answer.
process.on('uncaughtException', (error) => answer({ ok: false, error: describe(error) }));

port.on('message', (request) => {
  handle(request).then(
    (result) => answer({ ok: true, ...result }),
    (error) => answer({ ok: false, error: describe(error) }),
  );
});
`;
