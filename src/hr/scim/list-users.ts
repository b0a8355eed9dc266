/**
 * Every User of the service, page by page (RFC 7644 §3.4.2.4): `GET {url}/Users?startIndex=1&count=N`,
 * then onward from the next index until `totalResults` have been read. The next index counts the
 * resources received, not `itemsPerPage`: some services echo the requested count there, and a
 * service may return fewer than asked. A listing that cannot be complete stops with an error,
 * never a shorter list: a page with no resources before the total is reached, a total that
 * changes between pages, a page that starts elsewhere than asked, a resource seen twice.
 */

import { z } from 'zod';
import { ProviderError } from '../../core/errors.js';
import { shownName } from '../describe-value.js';
import type { ScimClient } from './client.js';

const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

const listResponse = z.looseObject({
  schemas: z.array(z.string()).optional(),
  totalResults: z.number({ error: 'expected totalResults, a number' }).int().min(0),
  Resources: z.array(z.unknown(), { error: 'expected Resources, an array' }).optional(),
  startIndex: z.number().int().optional(),
  itemsPerPage: z.number().int().optional(),
});

export interface UsersPage {
  /** The request that returned the page, e.g. `https://…/Users?startIndex=4&count=3`. */
  url: string;
  /** The 1-based index of the first resource. */
  startIndex: number;
  resources: unknown[];
}

export interface ListUsersRequest {
  /** The service's base URL, without a trailing slash. */
  baseUrl: string;
  pageSize: number;
  filter?: string;
  signal: AbortSignal;
}

export async function* listUsers(client: ScimClient, request: ListUsersRequest): AsyncGenerator<UsersPage> {
  let startIndex = 1;
  let total: number | undefined;
  const seen = new Map<string, number>();
  for (;;) {
    const url = new URL(`${request.baseUrl}/Users`);
    url.searchParams.set('startIndex', String(startIndex));
    url.searchParams.set('count', String(request.pageSize));
    if (request.filter !== undefined) url.searchParams.set('filter', request.filter);
    const fail = (message: string) => new ProviderError('scim', `GET ${url.href}`, message);

    const parsed = listResponse.safeParse(await client.getJson(url, request.signal));
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw fail(`not a SCIM ListResponse: ${issue.path.join('.') || 'body'}: ${issue.message}`);
    }
    const page = parsed.data;
    if (page.schemas && !page.schemas.includes(LIST_RESPONSE)) {
      throw fail(`not a SCIM ListResponse: schemas is ${JSON.stringify(page.schemas)}`);
    }
    const read = startIndex - 1;
    if (total !== undefined && page.totalResults !== total) {
      throw fail(
        `totalResults changed from ${total} to ${page.totalResults} while paging; the user list changed during the read, so it cannot be trusted to be complete (run the import again)`,
      );
    }
    total = page.totalResults;
    const resources = page.Resources ?? [];
    if (page.startIndex !== undefined && page.startIndex !== startIndex && resources.length > 0) {
      throw fail(
        `asked for startIndex ${startIndex}, got a page starting at ${page.startIndex}; the service does not page as RFC 7644 §3.4.2.4 requires`,
      );
    }
    if (resources.length === 0 && read < total) {
      throw fail(
        `the listing stopped after ${read} of ${total} users (an empty page); a truncated listing is refused rather than read as a smaller workforce`,
      );
    }
    if (read + resources.length > total) {
      throw fail(`the service returned ${read + resources.length} users but totalResults is ${total}`);
    }
    resources.forEach((resource, offset) => {
      const id = idOf(resource);
      const earlier = id === undefined ? undefined : seen.get(id);
      if (earlier !== undefined) {
        throw fail(
          `resource id ${(id && shownName(id)) ?? '(not shown)'} appears twice, at index ${earlier} and ${startIndex + offset}; pages overlap (unstable order), so some users may have been skipped`,
        );
      }
      if (id !== undefined) seen.set(id, startIndex + offset);
    });
    yield { url: url.href, startIndex, resources };
    if (read + resources.length >= total) return;
    startIndex += resources.length;
  }
}

/** A resource's `id`, when it has a string one. */
export function idOf(resource: unknown): string | undefined {
  const id = (resource as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}
