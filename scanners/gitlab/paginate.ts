/**
 * GitLab's offset paging through the official client: each call asks for one `page` with
 * `showExpanded` (so the client follows no `Link` itself) and the next page is the answer's
 * `X-Next-Page` (the client's `paginationInfo.next`). The signal is checked before every call.
 */
export interface ExpandedPage<Item> {
  data: Item[];
  paginationInfo: { next: number | null };
}

export type PageCall<Item> = (page: {
  page: number;
  perPage: number;
  showExpanded: true;
}) => Promise<ExpandedPage<Item>>;

export async function* pagesOf<Item>(
  call: PageCall<Item>,
  perPage: number,
  signal: AbortSignal,
): AsyncGenerator<Item[]> {
  let page: number | null = 1;
  while (page !== null) {
    signal.throwIfAborted();
    const answer: ExpandedPage<Item> = await call({ page, perPage, showExpanded: true });
    yield answer.data;
    page = answer.paginationInfo.next;
  }
}

export async function listAll<Item>(
  call: PageCall<Item>,
  perPage: number,
  signal: AbortSignal,
): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pagesOf(call, perPage, signal)) items.push(...page);
  return items;
}
