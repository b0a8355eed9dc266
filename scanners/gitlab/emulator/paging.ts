/**
 * GitLab's offset pagination: `page` (from 1) and `per_page` (default 20, at most 100), answered
 * with the X-Page, X-Per-Page, X-Total, X-Total-Pages, X-Next-Page and X-Prev-Page headers (the
 * next and previous page empty when there is none) and a `Link` header (rel next, prev, first,
 * last) whose URLs keep the request's other query parameters.
 */
export interface Paged<T> {
  items: T[];
  headers: Record<string, string>;
}

const DEFAULT_PER_PAGE = 20;
const MAX_PER_PAGE = 100;

function whole(text: string | undefined, fallback: number): number {
  const value = Number(text);
  return Number.isInteger(value) && value >= 1 ? value : fallback;
}

/** One page of `all`, as the query asks; `url` is the request's absolute URL (for Link). */
export function paginate<T>(all: readonly T[], query: Record<string, string>, url: URL): Paged<T> {
  const perPage = Math.min(whole(query.per_page, DEFAULT_PER_PAGE), MAX_PER_PAGE);
  const page = whole(query.page, 1);
  const totalPages = Math.max(1, Math.ceil(all.length / perPage));
  const items = all.slice((page - 1) * perPage, page * perPage);
  const next = page < totalPages ? page + 1 : null;
  const prev = page > 1 ? Math.min(page - 1, totalPages) : null;
  const link = (to: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('page', String(to));
    target.searchParams.set('per_page', String(perPage));
    return `<${target.href}>; rel="${rel}"`;
  };
  const links = [
    ...(prev !== null ? [link(prev, 'prev')] : []),
    ...(next !== null ? [link(next, 'next')] : []),
    link(1, 'first'),
    link(totalPages, 'last'),
  ];
  return {
    items,
    headers: {
      'x-page': String(page),
      'x-per-page': String(perPage),
      'x-total': String(all.length),
      'x-total-pages': String(totalPages),
      'x-next-page': next === null ? '' : String(next),
      'x-prev-page': prev === null ? '' : String(prev),
      link: links.join(', '),
    },
  };
}
