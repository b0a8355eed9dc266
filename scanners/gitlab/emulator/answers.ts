/** What a route handler is given and answers, and GitLab's error body (`{"message": "404 Not Found"}`). */
import type { GitlabEstate } from './estate.js';
import { paginate } from './paging.js';

export interface Call {
  estate: GitlabEstate;
  /** Route parameters, percent-decoded (`acme/platform` for `acme%2Fplatform`). */
  params: Record<string, string>;
  query: Record<string, string>;
  url: URL;
}

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export class GitlabApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GitlabApiError';
  }

  body(): { message: string } {
    return { message: this.message };
  }
}

export const notFound = (what = '') => new GitlabApiError(404, `404 ${what ? `${what} ` : ''}Not Found`);

/** A list answer: one page of `items` with GitLab's paging headers. */
export function listed<T>(items: readonly T[], call: Call): Answer {
  const page = paginate(items, call.query, call.url);
  return { status: 200, body: page.items, headers: page.headers };
}

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const noContent = (): Answer => ({ status: 204 });
