/**
 * Okta's cursor paging: `limit` items after the `after` cursor, and a
 * `Link: <…?after=…&limit=…>; rel="next"` header while more follow, beside the `rel="self"` link.
 * Items are served in id order and the cursor is the last id served (Okta's is opaque): an item
 * deleted between two pages never makes a page repeat or skip another. A limit outside 1..max
 * falls back to the default or the most, as Okta does.
 */
export interface Paged<Item> {
  items: Item[];
  link: string;
}

export function page<Item extends { id: string }>(
  all: readonly Item[],
  url: URL,
  origin: string,
  limits: { default: number; max: number },
): Paged<Item> {
  const asked = Number(url.searchParams.get('limit') ?? limits.default);
  const limit = Number.isInteger(asked) && asked > 0 ? Math.min(asked, limits.max) : limits.default;
  const after = url.searchParams.get('after');
  const sorted = [...all].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const found = after === null ? 0 : sorted.findIndex((item) => item.id > after);
  const start = found < 0 ? sorted.length : found;
  const items = sorted.slice(start, start + limit);
  const self = new URL(url.pathname + url.search, origin);
  const links = [`<${self.href}>; rel="self"`];
  const last = items.at(-1);
  if (last && start + limit < sorted.length) {
    const next = new URL(url.pathname, origin);
    for (const [key, value] of url.searchParams) if (key !== 'after') next.searchParams.set(key, value);
    next.searchParams.set('after', last.id);
    next.searchParams.set('limit', String(limit));
    links.push(`<${next.href}>; rel="next"`);
  }
  return { items, link: links.join(', ') };
}
