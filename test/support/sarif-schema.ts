/**
 * Validates a document against the official SARIF 2.1.0 JSON Schema (test/schemas/sarif-2.1.0, with its OASIS notice).
 * The schema is draft-04; Ajv 8 reads it once its two draft-04 spellings are moved to their
 * current names (`id` → `$id`, and no draft-04 `$schema` to resolve). Every keyword it uses means
 * the same in both drafts (no boolean exclusiveMinimum/Maximum). One of its patterns is not a valid
 * Unicode-mode regular expression, hence `unicodeRegExp: false`.
 */
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SCHEMA_FILE = new URL('../schemas/sarif-2.1.0/sarif-schema-2.1.0.json', import.meta.url);

const {
  $schema: _draft04,
  id,
  ...rest
} = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats.default(ajv);
const validate = ajv.compile({ $id: id as string, ...rest });

/** Schema errors as `path: message` lines; empty when the document is valid SARIF 2.1.0. */
export function validateSarif(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'}: ${error.message}`);
}
