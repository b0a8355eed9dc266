/**
 * Google's page-token paging over an in-memory list: `pageSize` (non-positive = the default, larger
 * than the maximum = the maximum) and an opaque `pageToken` bound to the request it came from, so a
 * token from another listing, or a made-up one, answers 400 INVALID_ARGUMENT.
 */
import { invalidArgument, invalidValue } from './errors.js';

export interface Page<T> {
  items: T[];
  /** Set when more items follow. */
  nextPageToken?: string;
}

/** `pageSize` from the query: not an int32 → 400 as ESF words it. */
export function pageSizeOf(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get('pageSize');
  if (raw === null || raw === '') return fallback;
  if (!/^[+-]?\d+$/.test(raw.trim()) || Math.abs(Number(raw)) > 2 ** 31 - 1) {
    throw invalidValue('page_size', 'TYPE_INT32', raw);
  }
  const size = Number(raw);
  if (size <= 0) return fallback;
  return Math.min(size, max);
}

interface TokenPayload {
  /** What the token pages: the listing it came from. */
  s: string;
  o: number;
}

const encode = (payload: TokenPayload) => Buffer.from(JSON.stringify(payload)).toString('base64url');

function decode(token: string, scope: string, length: number): number {
  const invalid = () =>
    invalidArgument('Request contains an invalid argument.', 'page_token', 'Invalid page token.');
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { s, o } = (payload ?? {}) as Partial<TokenPayload>;
  if (s !== scope || typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o > length) throw invalid();
  return o;
}

/** One page of `items`; `scope` names the listing (operation, parent, filter) the token is bound to. */
export function pageOf<T>(items: readonly T[], query: URLSearchParams, size: number, scope: string): Page<T> {
  const token = query.get('pageToken');
  const offset = token === null || token === '' ? 0 : decode(token, scope, items.length);
  const end = offset + size;
  return end < items.length
    ? { items: items.slice(offset, end), nextPageToken: encode({ s: scope, o: end }) }
    : { items: items.slice(offset) };
}
