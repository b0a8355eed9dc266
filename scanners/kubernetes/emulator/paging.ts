/**
 * List paging as the API server does it: `limit` items per answer and an opaque `continue` token
 * (here the offset, bound to the list it came from) in `metadata.continue` while more remain.
 */
export interface Paged<Item> {
  items: Item[];
  continueToken: string | undefined;
  remainingItemCount: number | undefined;
}

/** Thrown for a token of another list, or one that does not parse: the API server answers 410/400. */
export class BadContinue extends Error {}

export function page<Item>(items: readonly Item[], list: string, query: URLSearchParams): Paged<Item> {
  const limit = Number(query.get('limit') ?? '0');
  const token = query.get('continue');
  let offset = 0;
  if (token) {
    let decoded: { list?: unknown; offset?: unknown };
    try {
      decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as typeof decoded;
    } catch {
      throw new BadContinue('continue token does not parse');
    }
    if (decoded.list !== list || typeof decoded.offset !== 'number')
      throw new BadContinue('continue token of another list');
    offset = decoded.offset;
  }
  if (!Number.isInteger(limit) || limit <= 0)
    return { items: items.slice(offset), continueToken: undefined, remainingItemCount: undefined };
  const end = offset + limit;
  const more = end < items.length;
  return {
    items: items.slice(offset, end),
    continueToken: more
      ? Buffer.from(JSON.stringify({ list, offset: end })).toString('base64url')
      : undefined,
    remainingItemCount: more ? items.length - end : undefined,
  };
}
