/**
 * The request executor the official client sends every request through, in place of its
 * DefaultRequestExecutor (which retries a 429 twice after `X-Rate-Limit-Reset` but cannot be
 * cancelled while it waits, and waits however far off the reset is). This one:
 * - starts no request once the scan's signal is aborted, and sends each with that signal and a
 *   per-attempt timeout;
 * - trusts the source's CA bundle through its own https agent;
 * - waits for a spent endpoint family's reset before sending to it (rate-limit-state.ts);
 * - retries a 429 at most `retries` times, each after its `X-Rate-Limit-Reset`, and gives the 429
 *   back (the client throws it: that part is partial) when the reset is further off than `maxWaitMs`;
 * - throws a refused service-app token request (TokenRequestRefused), which the client would not.
 */
import type { Agent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { timeoutSignal } from '../../src/core/request-timeout.js';
import { TokenRequestRefused } from './errors.js';
import { type RateLimitState, resetDelayMs } from './rate-limit-state.js';

type RequestOptions = Parameters<RequestExecutor['fetch']>[0];
type FetchResponse = Awaited<ReturnType<RequestExecutor['fetch']>>;

export interface ExecutorSettings {
  signal: AbortSignal;
  agent: Agent | undefined;
  retries: number;
  maxWaitMs: number;
  timeoutMs: number;
  limits: RateLimitState;
}

/** Added to every wait for a reset: the reset is in whole seconds. */
const PADDING_MS = 50;
const TOKEN_PATH = '/oauth2/v1/token';

/** The token endpoint's `{ error, error_description }` (never secret), as an error. */
async function refusalOf(response: FetchResponse): Promise<TokenRequestRefused> {
  let body: { error?: unknown; error_description?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON: the status says enough.
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : 'not given');
  return new TokenRequestRefused(response.status, text(body.error), text(body.error_description));
}

export class BoundedRequestExecutor extends RequestExecutor {
  constructor(private readonly settings: ExecutorSettings) {
    super();
  }

  override async fetch(request: RequestOptions): Promise<FetchResponse> {
    try {
      return await this.attempts(request);
    } catch (error) {
      // A cancel rejects with the scan's own reason, not the fetch's or the timer's AbortError.
      this.settings.signal.throwIfAborted();
      throw error;
    }
  }

  private async attempts(request: RequestOptions): Promise<FetchResponse> {
    const { signal, agent, limits } = this.settings;
    const url = request.url ?? '';
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      const wait = limits.waitMs(url);
      if (wait > 0 && wait <= this.settings.maxWaitMs) await sleep(wait + PADDING_MS, undefined, { signal });
      signal.throwIfAborted();
      // node-fetch reads `signal` and `agent` from the request; its types predate Node's AbortSignal.
      const sent = request as RequestOptions & { signal?: unknown };
      sent.signal = AbortSignal.any([signal, timeoutSignal(this.settings.timeoutMs)]);
      if (agent) sent.agent = agent;
      // No redirect is followed: node-fetch 2 keeps Authorization on a same-host hop, http included.
      (sent as { redirect?: string }).redirect = 'error';
      const response = await super.fetch(sent);
      limits.record(url, response.headers);
      const delay = response.status === 429 ? resetDelayMs(response.headers) : undefined;
      const retry =
        attempt < this.settings.retries && delay !== undefined && delay <= this.settings.maxWaitMs;
      if (!retry) {
        if (url.endsWith(TOKEN_PATH) && !response.ok) throw await refusalOf(response);
        return response;
      }
      await response.text();
      await sleep(delay + PADDING_MS, undefined, { signal });
    }
  }
}
