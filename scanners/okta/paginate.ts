/**
 * Reads an Okta list through its pages, as the official client's Collection fetches them: the
 * first URL (with `limit`), then each answer's `Link: <…>; rel="next"` until none. The signal is
 * checked before every page, so a cancelled listing asks for no further page.
 */
import type { Collection } from '@okta/okta-sdk-nodejs';

export async function* pagesOf<Item>(
  collection: Collection<Item>,
  signal: AbortSignal,
): AsyncGenerator<Item[]> {
  do {
    signal.throwIfAborted();
    // The client parses each page into its models (typed loosely as records by its .d.ts).
    const items = (await collection.getNextPage()) as unknown as Item[];
    yield items;
  } while (collection.nextUri);
}

export async function listAll<Item>(collection: Collection<Item>, signal: AbortSignal): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pagesOf(collection, signal)) items.push(...page);
  return items;
}
