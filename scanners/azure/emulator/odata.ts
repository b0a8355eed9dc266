/**
 * The OData query options the emulator honours — `$select`, `$top` and `$skiptoken` paging with an
 * absolute `@odata.nextLink` back to the emulator — and the 400s Graph answers for the ones it
 * does not (option names are case-insensitive, as Graph's are). Other system options ($filter
 * except where a route serves it, $orderby, $expand, $count, $search, $skip) are refused rather
 * than ignored, so a client relying on them learns so.
 */
import { badRequest, unsupportedQuery } from './errors.js';
import type { TypeProperties } from './properties.js';
import type { OperationRequest } from './routes.js';

/** A Graph collection response. */
export interface Collection<T> {
  '@odata.context'?: string;
  '@odata.nextLink'?: string;
  value: T[];
}

/** A single entity as Graph answers it, with its context URL. */
export type Entity<T> = { '@odata.context': string } & T;

export const PAGE_SIZE = { default: 100, max: 999 };
const HONOURED = new Set(['$select', '$top', '$skiptoken']);

/** The value of a query option, its name matched case-insensitively. */
export function option(query: URLSearchParams, name: string): string | undefined {
  for (const [key, value] of query) if (key.toLowerCase() === name) return value;
  return undefined;
}

/** 400 for a repeated system query option, or one the emulator does not serve (on this route). */
export function checkQueryOptions(query: URLSearchParams, served: readonly string[] = []): void {
  const seen = new Set<string>();
  for (const key of query.keys()) {
    const name = key.toLowerCase();
    if (!name.startsWith('$')) continue;
    if (seen.has(name)) {
      throw badRequest(
        `Query option '${key}' was specified more than once, but it must be specified at most once.`,
      );
    }
    seen.add(name);
    if (!HONOURED.has(name) && !served.includes(name))
      throw unsupportedQuery(`The emulator does not serve the query option '${key}'.`);
  }
}

/**
 * `$select` as canonical property names (matched case-insensitively); undefined when absent. An
 * unknown name is 400, as Graph's OData layer words it; navigation properties are accepted and
 * dropped.
 */
export function selectOf(query: URLSearchParams, properties: TypeProperties): string[] | undefined {
  const raw = option(query, '$select');
  if (raw === undefined) return undefined;
  const byLowerName = new Map([...properties.structural].map((name) => [name.toLowerCase(), name]));
  const navigation = new Set([...properties.navigation].map((name) => name.toLowerCase()));
  const names: string[] = [];
  for (const requested of raw.split(',').map((name) => name.trim())) {
    if (requested === '') continue;
    const name = byLowerName.get(requested.toLowerCase());
    if (name !== undefined) {
      if (!names.includes(name)) names.push(name);
    } else if (!navigation.has(requested.toLowerCase())) {
      throw badRequest(
        `Parsing OData Select and Expand failed: Could not find a property named '${requested}' on type '${properties.type}'.`,
      );
    }
  }
  return names.length > 0 ? names : undefined;
}

/** `id` and the selected properties of `value`; a selected property it lacks is null, as Graph sends it. */
export function selected<T extends object>(value: T, select: readonly string[]): T {
  const source = value as Record<string, unknown>;
  const picked: Record<string, unknown> = { id: source.id };
  for (const name of select) if (name !== 'id') picked[name] = source[name] ?? null;
  return picked as T;
}

/** `$top`: the page size, between 1 and 999 (100 when absent). */
export function topOf(query: URLSearchParams): number {
  const raw = option(query, '$top');
  if (raw === undefined) return PAGE_SIZE.default;
  if (!/^\d+$/.test(raw)) {
    throw badRequest(
      `Invalid value '${raw}' for $top query option found. The $top query option requires a non-negative integer value.`,
    );
  }
  const size = Number(raw);
  if (size < 1 || size > PAGE_SIZE.max) {
    throw unsupportedQuery(
      `Invalid page size specified: '${raw}'. Must be between 1 and ${PAGE_SIZE.max} inclusive.`,
    );
  }
  return size;
}

interface SkipToken {
  /** The listing the token pages (operation and path). */
  s: string;
  o: number;
}

function offsetOf(token: string, scope: string, length: number): number {
  let payload: Partial<SkipToken> = {};
  try {
    payload = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<SkipToken>;
  } catch {
    // fall through to the 400
  }
  const { s, o } = payload ?? {};
  if (s !== scope || typeof o !== 'number' || !Number.isInteger(o) || o < 0 || o > length) {
    throw badRequest(`Invalid $skiptoken '${token}'.`);
  }
  return o;
}

/** The request's own URL with `$skiptoken` replaced; `$` kept literal in names, as Graph writes them. */
function nextLinkOf(request: OperationRequest, token: string): string {
  const parts: string[] = [];
  for (const [key, value] of request.query) {
    if (key.toLowerCase() === '$skiptoken') continue;
    parts.push(`${encodeURIComponent(key).replace(/^%24/, '$')}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${token}`);
  return `${request.origin}${request.rawPath}?${parts.join('&')}`;
}

/** `{origin}/{version}/$metadata#{fragment}`, with `(a,b)` for a `$select` and `/$entity` for one object. */
export function contextUrl(
  request: OperationRequest,
  fragment: string,
  select: readonly string[] | undefined,
  entity = false,
): string {
  const selection = select ? `(${select.join(',')})` : '';
  return `${request.origin}/${request.route.version}/$metadata#${fragment}${selection}${entity ? '/$entity' : ''}`;
}

/** One page of `items` as a Graph collection: `$select`, `$top`, `$skiptoken`, `@odata.nextLink`. */
export function listing<E, T extends object>(
  request: OperationRequest,
  items: readonly E[],
  fragment: string,
  properties: TypeProperties,
  shape: (item: E, select: readonly string[] | undefined) => T,
): Collection<T> {
  const select = selectOf(request.query, properties);
  const size = topOf(request.query);
  const scope = `${request.route.operation}:${request.path}`;
  const token = option(request.query, '$skiptoken');
  const offset = token === undefined ? 0 : offsetOf(token, scope, items.length);
  const end = offset + size;
  const value = items.slice(offset, end).map((item) => shape(item, select));
  const context = contextUrl(request, fragment, select);
  if (end >= items.length) return { '@odata.context': context, value };
  const next = Buffer.from(JSON.stringify({ s: scope, o: end } satisfies SkipToken)).toString('base64url');
  return { '@odata.context': context, '@odata.nextLink': nextLinkOf(request, next), value };
}
