/**
 * How a credential's JSON is stored: without its leading `uid`, `provider`, `account` and `kind`,
 * which the credentials table holds as columns (about a sixth of each row). `data_sha256` stays
 * the sha256 of the whole JSON as staged. JSON that does not begin with exactly those four keys,
 * in that order, is stored whole. Stored text is whole exactly when it has a top-level `uid` (every
 * credential has one), so reading tells the two apart after parsing, and puts the four keys back
 * in front: the object has the keys, values and key order it was staged with. The text is then
 * stored compressed (stored-text.ts, keyed by the uid).
 */
import type { Credential } from '../core/model.js';
import type { Db } from './engine.js';
import { decodeStoredText, type StoredText, storeText } from './stored-text.js';

export interface CredentialColumns {
  uid: string;
  provider: string;
  account: string;
  kind: string;
}

function leadingKeys(columns: CredentialColumns): string {
  return `{"uid":${JSON.stringify(columns.uid)},"provider":${JSON.stringify(columns.provider)},"account":${JSON.stringify(columns.account)},"kind":${JSON.stringify(columns.kind)},`;
}

/** The text to store for `json` (a credential's JSON as staged) under these columns. */
export function compactCredentialData(columns: CredentialColumns, json: string): string {
  const leading = leadingKeys(columns);
  return json.startsWith(leading) ? `{${json.slice(leading.length)}` : json;
}

/** The value to store in `credentials.data`: the compact text, compressed (stored-text.ts). */
export function storedCredentialData(db: Db, columns: CredentialColumns, json: string): StoredText {
  return storeText(db, compactCredentialData(columns, json), columns.uid);
}

/** The credential stored as `stored` (compressed, or text from before migration 15) in the row with these columns. */
export function parseStoredCredential(columns: CredentialColumns, stored: StoredText): Credential {
  const parsed = JSON.parse(decodeStoredText(stored, columns.uid)) as Partial<Credential>;
  if (Object.hasOwn(parsed, 'uid')) return parsed as Credential;
  const { uid, provider, account, kind } = columns;
  return { uid, provider, account, kind, ...parsed } as Credential;
}
