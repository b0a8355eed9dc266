/** What one scan of a GitHub source carries through its calls, and its validated REST list pages. */
import type { z } from 'zod';
import type { RequestBudget } from './budget.js';
import type { GithubClient } from './client.js';
import type { DepartedPeople } from './departed.js';
import type { GithubOptions } from './options.js';
import { pageItemsOf } from './paginate.js';
import { parseItems } from './payloads.js';

export interface GithubScan {
  client: GithubClient;
  options: GithubOptions;
  budget: RequestBudget;
  signal: AbortSignal;
  progress?: (message: string) => void;
  /** The run's people when someone has left: the downstream account checks run (member-access.ts). */
  departed?: DepartedPeople;
  /** A termination scan (ScanContext.focus): only the departed people's own accounts are read. */
  focused?: boolean;
}

/** Validated pages of one paginated REST list. */
export async function* listPages<T>(
  scan: GithubScan,
  route: string,
  parameters: Record<string, unknown>,
  schema: z.ZodType<T>,
  what: string,
): AsyncGenerator<T[]> {
  const pages = pageItemsOf(
    scan.client,
    route,
    { ...parameters, per_page: scan.options.perPage },
    scan.signal,
  );
  for await (const items of pages) yield parseItems(schema, items, what);
}
