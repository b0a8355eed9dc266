/**
 * The transport the official client (@gitbeaker/rest) is given as its `requesterFn`, in place of
 * its default one, which retries 429 ten times within a quarter second and takes no cancel signal.
 * This one sends each call with the scan's signal and a per-request timeout, paces by GitLab's
 * `RateLimit-Remaining`/`RateLimit-Reset` (waiting for the reset once the budget is spent), retries
 * a 429 after its `Retry-After` a bounded number of times, and throws the client's own
 * GitbeakerRequestError for any other failed answer. Every wait ends at once on cancel.
 */
import { GitbeakerRequestError, type Gitlab } from '@gitbeaker/rest';
import { timeoutSignal } from '../../src/core/request-timeout.js';

type RequesterFn = NonNullable<ConstructorParameters<typeof Gitlab>[0]['requesterFn']>;
type ResourceOptions = Parameters<RequesterFn>[0];
type Requester = ReturnType<RequesterFn>;
type CallOptions = NonNullable<Parameters<Requester['get']>[1]>;

export interface Pacing {
  signal: AbortSignal;
  /** Retries of one call refused with 429 before it fails. */
  rateLimitRetries: number;
  /** The longest wait for a rate limit to lift; a longer one fails the call instead. */
  maxWaitSeconds: number;
  requestTimeoutMs: number;
  /** Epoch ms; Date.now unless given. */
  now?: () => number;
}

/** A call refused by the rate limit, after its retries or because the wait would be too long. */
export class RateLimited extends Error {
  override readonly name = 'RateLimited';
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The client's camelCase options as GitLab's snake_case query; lists as `key[]=v`. */
export function queryOf(params: Record<string, unknown> | undefined): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) query.append(`${snake(key)}[]`, String(item));
    else if (typeof value === 'object')
      throw new Error(`gitlab: nested query parameter ${key} is not supported`);
    else query.append(snake(key), String(value));
  }
  return query.toString();
}

async function bodyOf(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!.trim();
  if (type === 'application/json') return (await response.json()) ?? {};
  return response.text();
}

async function failed(request: Request, response: Response): Promise<never> {
  const text = await response.text();
  let description = text;
  if (response.headers.get('content-type')?.includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
      const said = parsed?.error ?? parsed?.message ?? '';
      description = typeof said === 'string' ? said : JSON.stringify(said);
    } catch {
      // Not JSON after all: the text is the description.
    }
  }
  // The error keeps a copy of the request without its headers: the token never rides on an error.
  const bare = new Request(request.url, { method: request.method });
  throw new GitbeakerRequestError(description, { cause: { description, request: bare, response } });
}

/** The budget GitLab last reported: calls left and when it resets (epoch seconds). */
interface Budget {
  remaining: number | undefined;
  resetAt: number | undefined;
}

export function pacedRequester(pacing: Pacing): RequesterFn {
  const now = pacing.now ?? Date.now;
  const budget: Budget = { remaining: undefined, resetAt: undefined };
  const waitFor = async (ms: number, why: string) => {
    if (ms > pacing.maxWaitSeconds * 1000)
      throw new RateLimited(
        `${why}: the wait of ${Math.ceil(ms / 1000)} s exceeds ${pacing.maxWaitSeconds} s`,
      );
    await abortableSleep(ms, pacing.signal);
  };
  const observe = (headers: Headers) => {
    const remaining = Number(headers.get('ratelimit-remaining') ?? Number.NaN);
    const reset = Number(headers.get('ratelimit-reset') ?? Number.NaN);
    budget.remaining = Number.isFinite(remaining) ? remaining : undefined;
    budget.resetAt = Number.isFinite(reset) ? reset : undefined;
  };

  return (resource: ResourceOptions) => {
    const base = resource.url.endsWith('/') ? resource.url : `${resource.url}/`;
    const send =
      (method: string) =>
      async (endpoint: string, options: CallOptions = {}) => {
        const headers: Record<string, string> = { ...resource.headers };
        for (const [name, value] of Object.entries(resource.authHeaders)) headers[name] = await value();
        if (options.sudo !== undefined) headers.sudo = String(options.sudo);
        const query = queryOf(options.searchParams);
        const url = `${base}${endpoint}${query ? `?${query}` : ''}`;
        const body =
          options.body && !(options.body instanceof FormData) && Object.keys(options.body).length > 0
            ? JSON.stringify(options.body)
            : undefined;
        if (body) headers['content-type'] = 'application/json';
        for (let attempt = 0; ; attempt++) {
          pacing.signal.throwIfAborted();
          if (budget.remaining !== undefined && budget.remaining <= 0 && budget.resetAt !== undefined)
            await waitFor(Math.max(0, budget.resetAt * 1000 - now()), 'RateLimit-Remaining is 0');
          const signals = [pacing.signal, timeoutSignal(pacing.requestTimeoutMs)];
          if (options.signal) signals.push(options.signal);
          // No redirect is followed: PRIVATE-TOKEN is not a header fetch drops on a cross-origin hop.
          const request = new Request(url, {
            method,
            headers,
            body,
            redirect: 'error',
            signal: AbortSignal.any(signals),
          });
          const response = await fetch(request);
          observe(response.headers);
          if (response.ok) {
            const parsed = await bodyOf(response);
            return {
              body: parsed,
              headers: Object.fromEntries(response.headers.entries()),
              status: response.status,
            };
          }
          if (response.status !== 429) return failed(request, response);
          await response.body?.cancel();
          if (attempt >= pacing.rateLimitRetries)
            throw new RateLimited(`429 Too Many Requests after ${attempt + 1} attempts`);
          // Retry-After (seconds), else until RateLimit-Reset, else a second.
          const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
          const untilReset = budget.resetAt !== undefined ? budget.resetAt * 1000 - now() : Number.NaN;
          const wait = Number.isFinite(retryAfter)
            ? retryAfter * 1000
            : Number.isFinite(untilReset)
              ? untilReset
              : 1000;
          await waitFor(Math.max(0, wait), '429 Too Many Requests');
          // Waited as GitLab asked: the next answer reports the budget afresh.
          budget.remaining = undefined;
        }
      };
    return {
      get: send('GET'),
      post: send('POST'),
      put: send('PUT'),
      patch: send('PATCH'),
      delete: send('DELETE'),
    } as Requester;
  };
}
