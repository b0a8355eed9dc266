/**
 * A statement with its parameters written in as literals, for the batches of writes
 * (write-batch.ts), which go as one simple-protocol message and so cannot carry parameters.
 * Each value is written as node-postgres sends a parameter: a quoted literal of unknown type (the
 * column gives it its type), NULL, or bytea's hex form. The connection has
 * standard_conforming_strings on (PostgreSQL's default, set again at connect), so within quotes
 * only a quote needs doubling and a backslash is itself.
 */

/** A parameter as node-postgres is given it: undefined as NULL. */
export function postgresValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

export function literal(value: unknown): string {
  const given = postgresValue(value);
  if (given === null) return 'NULL';
  if (typeof given === 'string') {
    if (given.includes('\u0000'))
      throw new TypeError('a text value holds a NUL character, which PostgreSQL refuses');
    return `'${given.replaceAll("'", "''")}'`;
  }
  if (typeof given === 'number') {
    if (!Number.isFinite(given)) throw new TypeError(`cannot store the number ${given}`);
    return `'${given}'`;
  }
  if (typeof given === 'bigint') return `'${given}'`;
  if (given instanceof Uint8Array)
    return `'\\x${Buffer.from(given.buffer, given.byteOffset, given.byteLength).toString('hex')}'::bytea`;
  throw new TypeError(`cannot bind a ${typeof given} (numbers, strings, bigints, buffers and null only)`);
}

/** `pieces` (a statement cut at its parameters) with `params` written in between. */
export function withLiterals(pieces: readonly string[], params: readonly unknown[]): string {
  if (params.length !== pieces.length - 1)
    throw new RangeError(`the statement takes ${pieces.length - 1} parameter(s), given ${params.length}`);
  let sql = pieces[0]!;
  for (let index = 0; index < params.length; index += 1) sql += literal(params[index]) + pieces[index + 1]!;
  return sql;
}
