/**
 * The checks every inventory cell passes before any other (src/core/input-limits.ts): no NUL
 * byte, no lone surrogate, no secret material anywhere in the cell (src/core/secret-detector.ts:
 * `svc-deploy token=ghp_…` as well as a bare token), a length limit, no invisible or control
 * character in an identifier (no escape sequence anywhere), no PEM block. A problem is described
 * without the value, so a refusal names the line and column and never echoes what may be a secret.
 */
import {
  checkField,
  controlCharacterProblem,
  type FieldKind,
  normalizeIdentifierInput,
} from '../../src/core/input-limits.js';
import type { InventoryColumn } from './parse.js';

/**
 * How each column is checked. Identifiers are matched and stored as keys (no invisible
 * characters, NFKC). Names and the fixed-vocabulary columns (dates, status, privileged) get the
 * stricter secret check of prose: a random 32-character word is a key there, never a value. A
 * principal is both: shown as a name and part of its principal's uid.
 */
const COLUMN_KINDS: Readonly<Record<InventoryColumn, readonly FieldKind[]>> = {
  provider: ['id'],
  account: ['id'],
  kind: ['id'],
  credential_id: ['id'],
  principal: ['name', 'id'],
  owner: ['id'],
  created_at: ['name'],
  last_used_at: ['name'],
  expires_at: ['name'],
  status: ['name'],
  privileged: ['name'],
  department: ['name'],
};

/**
 * A PEM block's header: a certificate is not secret (a private key is refused as one by the
 * detector), but it is no value of any column.
 */
const PEM_HEADER = /-----BEGIN [A-Z0-9 ]+-----/;

function valueProblem(value: string, kinds: readonly FieldKind[]): string | null {
  for (const kind of kinds) {
    const problem = checkField(value, kind);
    if (problem) return problem;
  }
  if (PEM_HEADER.test(value))
    return "holds a PEM block (a certificate or key); put the credential's id here (such as a certificate's serial number or fingerprint), never the certificate or key itself";
  return controlCharacterProblem(value, { lineBreaks: !kinds.includes('id') });
}

/**
 * What is wrong with this cell, as a sentence ("this cell holds what looks like a GitHub token
 * (not shown); …"), or null when it may be read. Empty cells are for the column's own checks.
 */
export function cellProblem(column: InventoryColumn, value: string): string | null {
  if (column === 'owner') {
    // Several owners, `;`-separated: the whole cell as text (at most 1,024 characters), then each
    // owner as an identifier.
    let problem = checkField(value, 'text');
    if (!problem)
      for (const owner of value.split(';')) {
        problem = valueProblem(owner.trim(), ['id']);
        if (problem) break;
      }
    return problem && `this cell ${problem}`;
  }
  const problem = valueProblem(value, COLUMN_KINDS[column]);
  return problem && `this cell ${problem}`;
}

/** The cell as stored: identifiers in Unicode NFKC (a full-width `ａｃｍｅ` is `acme`). */
export function storedCell(column: InventoryColumn, value: string): string {
  return COLUMN_KINDS[column].includes('id') ? normalizeIdentifierInput(value) : value;
}
