/**
 * GitHub's Link-header pagination, one request per page. Octokit's own paginate.iterator re-issues
 * later pages without the caller's request options, which loses the AbortSignal and makes every
 * call share one options object (plugin-retry keeps its retry count there, so one call's retries
 * would lengthen another's back-off); each page here is its own call with its own options.
 */
import type { GithubClient } from './client.js';

/** The `rel="next"` URL of a Link header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  for (const part of (link ?? '').split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (match) return match[1];
  }
  return undefined;
}

/** A page's items: the array itself, or the one array of an envelope such as `{ total_count, installations }`. */
export function pageItems(data: unknown): unknown {
  if (Array.isArray(data) || data === null || typeof data !== 'object') return data;
  const arrays = Object.values(data).filter(Array.isArray);
  return arrays.length === 1 ? arrays[0] : data;
}

/** The items of every page of a REST list, page by page. */
export async function* pageItemsOf(
  client: GithubClient,
  route: string,
  parameters: Record<string, unknown>,
  signal: AbortSignal,
): AsyncGenerator<unknown> {
  let response = await client.request(route, { ...parameters, request: { signal } });
  for (;;) {
    yield pageItems(response.data);
    const next = nextLink(response.headers.link);
    if (!next) return;
    response = await client.request({ method: 'GET', url: next, request: { signal } });
  }
}
