/**
 * How identifiers are compared: every way of spelling one identifier folds to one key. Unicode
 * NFKC (a full-width `ａｌｉｃｅ` is `alice`), invisible characters removed (zero-width spaces and
 * joiners, soft hyphens, bidi marks: Default_Ignorable_Code_Point), runs of white space made one
 * space, trimmed, lower-cased. Used for HR identifiers, owner signals and actors alike, so a name
 * that looks the same to a person is the same to nhiscan.
 */

const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu;
const SPACES = /\s+/g;
/** Printable ASCII without two spaces in a row: nothing to normalise but case and ends. */
const PLAIN = /^(?:[!-~]| (?! ))*$/;

export function normalizeIdentifier(identifier: string): string {
  if (PLAIN.test(identifier)) return identifier.trim().toLowerCase();
  return identifier.normalize('NFKC').replace(INVISIBLE, '').replace(SPACES, ' ').trim().toLowerCase();
}

/**
 * The mailbox a sub-address names: `bob+ops@acme.example` → `bob@acme.example` (RFC 5233
 * sub-addressing, as Google Workspace, Microsoft 365 and most mail systems deliver it). Undefined
 * when `normalized` has no `+tag` before its `@`.
 */
export function withoutSubaddress(normalized: string): string | undefined {
  const at = normalized.lastIndexOf('@');
  if (at <= 0) return undefined;
  const plus = normalized.indexOf('+');
  if (plus <= 0 || plus > at) return undefined;
  return `${normalized.slice(0, plus)}${normalized.slice(at)}`;
}
