/**
 * Reads a Kubernetes list through its pages: `limit` per call, then `continue` from each answer's
 * `metadata.continue` until the server gives none. The signal is checked before every call, so a
 * cancelled listing starts no further request.
 */
import type { V1ListMeta } from '@kubernetes/client-node';

interface ListPage<Item> {
  items: Item[];
  metadata?: V1ListMeta;
}

type ListCall<Item> = (page: { limit: number; _continue?: string }) => Promise<ListPage<Item>>;

export async function* pagesOf<Item>(
  call: ListCall<Item>,
  limit: number,
  signal: AbortSignal,
): AsyncGenerator<Item[]> {
  let token: string | undefined;
  do {
    signal.throwIfAborted();
    const page = await call(token === undefined ? { limit } : { limit, _continue: token });
    yield page.items;
    token = page.metadata?._continue || undefined;
  } while (token !== undefined);
}

export async function listAll<Item>(
  call: ListCall<Item>,
  limit: number,
  signal: AbortSignal,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pagesOf(call, limit, signal)) items.push(...page);
  return items;
}
