/**
 * One place to name and judge a failed GitHub call. Octokit's RequestError (name HttpError) and
 * GraphqlResponseError are recognised by shape, so no transitive package is imported.
 */
import { errorChain, isConnectionFailure } from '../../src/core/error-chain.js';
import { ProviderError } from '../../src/core/errors.js';
import { redact } from '../../src/core/redact.js';
import { isBudgetExceeded } from './budget.js';

/** What the client's rate-limit handler last decided for a call (client.ts). */
export interface RateLimitNote {
  retries: number;
  /** Seconds GitHub asked to wait. */
  retryAfter: number;
}

interface HttpErrorShape {
  name: string;
  status: number;
  message: string;
  request?: { method?: string; url?: string };
  /** Set by the client (client.ts) when its rate-limit handler decided about this call. */
  rateLimit?: RateLimitNote;
  response?: { headers?: Record<string, string | undefined> };
}

function asHttpError(error: unknown): HttpErrorShape | undefined {
  const candidate = error as Partial<HttpErrorShape> | undefined;
  return candidate && candidate.name === 'HttpError' && typeof candidate.status === 'number'
    ? (candidate as HttpErrorShape)
    : undefined;
}

export function httpStatus(error: unknown): number | undefined {
  return asHttpError(error)?.status;
}

export function isNotFound(error: unknown): boolean {
  return httpStatus(error) === 404;
}

/** The request as `GET /orgs/acme/members` (no host, no query). */
function requestLine(error: HttpErrorShape): string {
  const url = error.request?.url;
  if (!url) return '';
  let path = url;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  return `${error.request?.method ?? ''} ${path}`.trim();
}

function rateLimitKind(error: HttpErrorShape): 'primary' | 'secondary' | undefined {
  if (error.status !== 403 && error.status !== 429) return undefined;
  if (/\bsecondary rate\b/i.test(error.message)) return 'secondary';
  if (error.response?.headers?.['x-ratelimit-remaining'] === '0') return 'primary';
  return error.status === 429 ? 'secondary' : undefined;
}

/**
 * Whether a failed call is worth another attempt: a 5xx (Octokit also reports a request that got
 * no answer as status 500), a secondary rate limit (a short back-off clears it), or a connection
 * that failed or timed out. A primary rate limit lasts until its reset, up to an hour, so it is
 * not; nor is a 4xx, nor the scan's request budget running out.
 */
export function isTransient(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const http = asHttpError(link);
    if (http && (http.status >= 500 || rateLimitKind(http) === 'secondary')) return true;
  }
  return isConnectionFailure(error);
}

/** Why a call failed, safe to store: status, request, GitHub's message, and what to do about it. */
export function describeGithubError(error: unknown): string {
  if (isBudgetExceeded(error)) return error.message;
  const http = asHttpError(error);
  if (http) {
    const parts = [`${http.status} ${requestLine(http)}: ${http.message}`];
    const limit = rateLimitKind(http);
    if (limit) {
      const note = http.rateLimit;
      const reset = http.response?.headers?.['x-ratelimit-reset'];
      parts.push(
        `${limit} rate limit` +
          (note
            ? `: gave up after ${note.retries} ${note.retries === 1 ? 'retry' : 'retries'} (GitHub asked to wait ${note.retryAfter} s)`
            : '') +
          (limit === 'primary' && reset
            ? `; the limit resets at ${new Date(Number(reset) * 1000).toISOString()}`
            : ''),
      );
    }
    const accepted = http.response?.headers?.['x-accepted-github-permissions'];
    if (accepted) parts.push(`GitHub App permissions accepted: ${accepted}`);
    if (http.response?.headers?.['x-github-sso'])
      parts.push('the token is not authorized for SAML single sign-on');
    return redact(parts.join('; '));
  }
  const graphql = error as {
    name?: string;
    errors?: { type?: string; message?: string }[];
    message?: string;
  };
  if (graphql?.name === 'GraphqlResponseError' && Array.isArray(graphql.errors)) {
    const first = graphql.errors[0];
    return redact(`GraphQL ${first?.type ?? 'error'}: ${first?.message ?? graphql.message ?? ''}`);
  }
  if (error instanceof Error) return redact(`${error.name}: ${error.message}`);
  return redact(String(error));
}

export function githubFailure(operation: string, org: string, error: unknown): ProviderError {
  return new ProviderError('github', operation, `for organization ${org}: ${describeGithubError(error)}`, {
    cause: error,
  });
}
