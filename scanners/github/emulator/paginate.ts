/**
 * GitHub's page-number pagination: `per_page` (default 30, at most 100) and `page` (from 1), with an
 * RFC 8288 `Link` header in GitHub's order — prev, next, last, first — each URL being the request's
 * own query string with `page` replaced (or appended), on the resource's canonical path
 * (`/organizations/{id}/…`, `/repositories/{id}/…`), as api.github.com writes them. One page or
 * none: no `Link` header.
 */

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

export interface PageWindow {
  page: number;
  perPage: number;
}

function positiveInteger(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw.trim())) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}

/** Out-of-range or junk values fall back as GitHub does: page 1, per_page 30, per_page capped at 100. */
export function pageWindow(query: URLSearchParams): PageWindow {
  const perPage = Math.min(positiveInteger(query.get('per_page')) ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
  return { page: positiveInteger(query.get('page')) ?? 1, perPage };
}

export interface PageContext {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The canonical path of the collection, e.g. `/organizations/1001/members`. */
  canonicalPath: string;
  /** The raw query string as received, without `?`. */
  rawQuery: string;
  query: URLSearchParams;
}

export interface Page<T> {
  items: T[];
  link?: string;
}

function pageUrl(context: PageContext, page: number): string {
  const parts = context.rawQuery === '' ? [] : context.rawQuery.split('&');
  const at = parts.findIndex((part) => part.split('=')[0] === 'page');
  if (at >= 0) parts[at] = `page=${page}`;
  else parts.push(`page=${page}`);
  return `${context.origin}${context.canonicalPath}?${parts.join('&')}`;
}

export function linkHeader(context: PageContext, page: number, lastPage: number): string | undefined {
  const links: string[] = [];
  if (page > 1) links.push(`<${pageUrl(context, page - 1)}>; rel="prev"`);
  if (page < lastPage) {
    links.push(`<${pageUrl(context, page + 1)}>; rel="next"`);
    links.push(`<${pageUrl(context, lastPage)}>; rel="last"`);
  }
  if (page > 1) links.push(`<${pageUrl(context, 1)}>; rel="first"`);
  return links.length > 0 ? links.join(', ') : undefined;
}

export function paginate<T>(items: readonly T[], context: PageContext): Page<T> {
  const { page, perPage } = pageWindow(context.query);
  const lastPage = Math.ceil(items.length / perPage);
  const start = (page - 1) * perPage;
  const link = linkHeader(context, page, lastPage);
  return { items: items.slice(start, start + perPage), ...(link ? { link } : {}) };
}
