/**
 * Microsoft Graph over fetch: a bearer token from the source's credential, `@odata.nextLink`
 * paging, and retries that honour Retry-After on 429 and 503/504 (exponential backoff when it is
 * absent, and for lost connections). Counts every attempt. Paced in Graph's resource units (each
 * attempt charged its documented cost: resource-units.ts), optionally also in requests per second.
 * One client per tenant: its pacer is that tenant's. The beta endpoint is used only for the
 * sign-in activity report, and each call says which version it used.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { TokenCredential } from '@azure/identity';
import { Pacer } from '../../src/core/pacer.js';
import { timeoutSignal } from '../../src/core/request-timeout.js';
import { cachedToken } from './cached-token.js';
import { GraphError } from './errors.js';
import { ResourceUnitPacer } from './resource-unit-pacer.js';
import { requestCost } from './resource-units.js';

export type GraphVersion = 'v1.0' | 'beta';

export interface GraphCollection<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

export interface GraphStats {
  requests: number;
  throttled: number;
  retries: number;
}

export interface GraphClientOptions {
  graphUrl: string;
  scope: string;
  credential: TokenCredential;
  retries: number;
  maxRetryAfterSeconds: number;
  requestTimeoutSeconds: number;
  /** Resource units this client may spend per 10 s (its tenant's share of Graph's quota); unset = unpaced. */
  resourceUnitsPer10s?: number;
  /** An additional cap in requests per second; unset = none. */
  requestsPerSecond?: number;
}

const RETRY_STATUSES = new Set([429, 503, 504]);

export class GraphClient {
  readonly stats: GraphStats = { requests: 0, throttled: 0, retries: 0 };
  private readonly root: string;
  private readonly pacer: Pacer | undefined;
  private readonly resourceUnits: ResourceUnitPacer | undefined;
  private readonly token: ReturnType<typeof cachedToken>;

  constructor(private readonly options: GraphClientOptions) {
    this.token = cachedToken(options.credential, options.scope);
    this.root = options.graphUrl.replace(/\/+$/, '');
    this.pacer = options.requestsPerSecond ? new Pacer(options.requestsPerSecond) : undefined;
    this.resourceUnits = options.resourceUnitsPer10s
      ? new ResourceUnitPacer(options.resourceUnitsPer10s)
      : undefined;
  }

  /** `GET|POST|PATCH {version}/{path}`; returns the parsed body, or undefined for 204. */
  async request<T>(
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    init: {
      version?: GraphVersion;
      query?: Record<string, string>;
      body?: unknown;
      signal?: AbortSignal;
    } = {},
  ): Promise<T | undefined> {
    const url = new URL(`${this.root}/${init.version ?? 'v1.0'}/${path.replace(/^\//, '')}`);
    for (const [name, value] of Object.entries(init.query ?? {})) url.searchParams.set(name, value);
    return this.send<T>(method, url.toString(), init.body, init.signal);
  }

  /** Every page of a collection, following `@odata.nextLink` until there is none. */
  async *pages<T>(
    path: string,
    init: { version?: GraphVersion; query?: Record<string, string>; signal?: AbortSignal } = {},
  ): AsyncGenerator<T[]> {
    let page = await this.request<GraphCollection<T>>('GET', path, init);
    for (;;) {
      yield page?.value ?? [];
      const next = page?.['@odata.nextLink'];
      if (!next) return;
      page = await this.send<GraphCollection<T>>('GET', next, undefined, init.signal);
    }
  }

  /** Every item of a collection. */
  async all<T>(
    path: string,
    init: { version?: GraphVersion; query?: Record<string, string>; signal?: AbortSignal } = {},
  ) {
    const items: T[] = [];
    for await (const page of this.pages<T>(path, init)) items.push(...page);
    return items;
  }

  private async send<T>(
    method: string,
    url: string,
    body: unknown,
    signal: AbortSignal | undefined,
  ): Promise<T | undefined> {
    const parsed = new URL(url);
    const call = `${method} ${parsed.pathname}`;
    const cost = requestCost(method, safeDecode(parsed.pathname.slice(1)), parsed.searchParams);
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const token = await this.token.get(signal);
      if (!token) throw new GraphError(401, 'NoToken', 'the credential returned no access token', call);
      let response: Response;
      if (this.resourceUnits) await this.resourceUnits.take(cost.resourceUnits);
      if (this.pacer) await this.pacer.take();
      this.stats.requests += 1;
      try {
        response = await fetch(url, {
          method,
          headers: {
            authorization: `Bearer ${token.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: signal
            ? AbortSignal.any([signal, timeoutSignal(this.options.requestTimeoutSeconds * 1000)])
            : timeoutSignal(this.options.requestTimeoutSeconds * 1000),
        });
      } catch (error) {
        if (signal?.aborted || attempt >= this.options.retries) throw error;
        this.stats.retries += 1;
        await sleep(backoffMs(attempt), undefined, { signal });
        continue;
      }
      if (response.ok) {
        if (response.status === 204) return undefined;
        const text = await response.text();
        return (text ? JSON.parse(text) : undefined) as T;
      }
      const failure = await graphError(response, call);
      if (response.status === 401) this.token.drop();
      if (response.status === 429) this.stats.throttled += 1;
      const retryable = RETRY_STATUSES.has(response.status) || response.status >= 500;
      if (!retryable || attempt >= this.options.retries) throw failure;
      const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
      if (retryAfter !== undefined && retryAfter > this.options.maxRetryAfterSeconds) throw failure;
      this.stats.retries += 1;
      const waitMs = retryAfter !== undefined ? retryAfter * 1000 : backoffMs(attempt);
      await sleep(waitMs, undefined, { signal });
    }
  }
}

/** Retry-After in seconds (a number or an HTTP date), or undefined when absent or unreadable. */
function retryAfterSeconds(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function backoffMs(attempt: number): number {
  return Math.min(32_000, 250 * 2 ** attempt);
}

async function graphError(response: Response, call: string): Promise<GraphError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return new GraphError(response.status, body.error?.code ?? 'Unknown', body.error?.message ?? text, call);
  } catch {
    return new GraphError(response.status, 'Unknown', text.slice(0, 200), call);
  }
}
