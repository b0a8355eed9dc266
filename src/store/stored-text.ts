/**
 * How the large JSON text columns are stored (migration 15): raw deflate (RFC 1951) against a
 * preset dictionary, as a BLOB. The dictionary is STORED_TEXT_DICTIONARY followed by the row's key
 * (the credential uid, the principal uid, the employee id), which the document repeats.
 *
 * | column                                | key            |
 * | ------------------------------------- | -------------- |
 * | credentials.data, principals.data     | uid            |
 * | owner_resolutions.evidence            | credential_uid |
 * | findings.title, findings.evidence     | credential_uid |
 * | people.data                           | employee_id    |
 *
 * Invariants: a BLOB is always this encoding of the text; a TEXT value is the text itself (a row
 * written before migration 15, by a test, or on PostgreSQL, which stores the text), so decoding
 * passes it through. Digests (`data_sha256`, evaluation digests) stay over the text, never over
 * the stored bytes. Every read and write of these columns goes through this module: in
 * JavaScript `storeText` (which encodes on SQLite) and `decodeStoredText`, in SQL the function
 * `stored_text(value, key)`, which every connection that `migrate` saw has (json_extract and
 * json_each read its result).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { inflateSync } from 'fflate';
import { type Db, type SqliteDb, sqliteOf } from './engine.js';
import { FIXED_DEFLATE_MAX_INPUT, type FixedDeflater, fixedDeflater } from './fixed-deflate.js';
import { STORED_TEXT_DICTIONARY } from './stored-text-dictionary.js';

/** A stored value of one of these columns: TEXT before migration 15, BLOB after. */
export type StoredText = string | Buffer;

const DICTIONARY_BYTES = Buffer.byteLength(STORED_TEXT_DICTIONARY, 'utf8');
/**
 * One buffer holding the dictionary, the row's key written after it for each call: zlib copies the
 * dictionary during the (synchronous) call, so reusing it saves an allocation per row. Keys longer
 * than the spare room get a buffer of their own.
 */
const scratch = Buffer.alloc(DICTIONARY_BYTES + 1024);
scratch.write(STORED_TEXT_DICTIONARY, 0, 'utf8');

function dictionaryFor(key: string): Buffer {
  if (Buffer.byteLength(key, 'utf8') > scratch.length - DICTIONARY_BYTES)
    return Buffer.concat([scratch.subarray(0, DICTIONARY_BYTES), Buffer.from(key, 'utf8')]);
  const written = scratch.write(key, DICTIONARY_BYTES, 'utf8');
  return scratch.subarray(0, DICTIONARY_BYTES + written);
}

/**
 * zlib's deflate state sized for short documents (memLevel 1: a small hash table, the same output
 * at this size) and its output chunk (1 KiB instead of 16 KiB, which a row would keep alive until
 * collected); used for what the fixed-code deflater leaves.
 */
const DEFLATE_OPTIONS = { memLevel: 1, chunkSize: 1024 } as const;
/** Built at the first write (its hash chains and tables, about 400 KiB): commands that only read never pay for it. */
let fixedCodes: FixedDeflater | undefined;

/**
 * What a row of `db` stores for `text`: on SQLite its encoding (`encodeStoredText`), on PostgreSQL
 * the text itself (TOAST compresses large values; nothing is deflated only to be dropped).
 */
export function storeText(db: Db, text: string, key: string): StoredText {
  return sqliteOf(db) ? encodeStoredText(text, key) : text;
}

/**
 * The BLOB to store for `text` in the row whose key is `key`: the fixed-code deflater's stream
 * (fixed-deflate.ts) when it inflates back to exactly `text`, which is checked here for every row,
 * else zlib's (a text over 16 KiB, or any difference).
 */
export function encodeStoredText(text: string, key: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  const keyBytes = Buffer.from(key, 'utf8');
  if (bytes.length + keyBytes.length <= FIXED_DEFLATE_MAX_INPUT) {
    fixedCodes ??= fixedDeflater(Buffer.from(STORED_TEXT_DICTIONARY, 'utf8'));
    const deflated = fixedCodes.deflate(bytes, keyBytes);
    const stored = Buffer.from(deflated.buffer, deflated.byteOffset, deflated.byteLength);
    if (decodeStoredText(stored, key) === text) return stored;
  }
  return deflateRawSync(bytes, { ...DEFLATE_OPTIONS, dictionary: dictionaryFor(key) });
}

/**
 * Where rows are inflated: fflate's inflate (RFC 1951 in JavaScript) into one reused buffer costs
 * about a third of a call into zlib, whose per-call set-up dominates at this size. fflate does not
 * grow a buffer it is given, so a result that fills the buffer may be cut short: such a row (far
 * larger than any stored document) is inflated again by zlib, which has no such limit.
 */
const inflated = new Uint8Array(256 * 1024);
const inflatedText = Buffer.from(inflated.buffer, inflated.byteOffset, inflated.byteLength);

/** The text stored as `stored` in the row whose key is `key`. */
export function decodeStoredText(stored: StoredText, key: string): string {
  if (typeof stored === 'string') return stored;
  const dictionary = dictionaryFor(key);
  const length = inflateSync(stored, { dictionary, out: inflated }).length;
  if (length < inflated.length) return inflatedText.toString('utf8', 0, length);
  return inflateRawSync(stored, { dictionary }).toString('utf8');
}

/**
 * SQL functions on `db`: `stored_text(value, key)` is the text of a stored value (NULL for NULL);
 * `stored_text_encode(text, key)` is the BLOB to store (migrations use it). Both deterministic.
 */
export function registerStoredTextFunctions(db: SqliteDb): void {
  db.function('stored_text', { deterministic: true }, (value: unknown, key: unknown) =>
    value === null ? null : decodeStoredText(storedArgument(value), keyArgument(key)),
  );
  db.function('stored_text_encode', { deterministic: true }, (value: unknown, key: unknown) =>
    value === null ? null : encodeStoredText(textArgument(value), keyArgument(key)),
  );
}

function storedArgument(value: unknown): StoredText {
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  throw new TypeError(`stored_text: expected a TEXT or BLOB value, got ${typeof value}`);
}

function textArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  throw new TypeError(`stored_text_encode: expected a TEXT value, got ${typeof value}`);
}

function keyArgument(key: unknown): string {
  if (typeof key === 'string') return key;
  throw new TypeError(`stored_text: expected the row's key as TEXT, got ${typeof key}`);
}
