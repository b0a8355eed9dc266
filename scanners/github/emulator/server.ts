/**
 * The HTTP server: REST routes and POST /graphql on one address. Each request is logged, then passes
 * authentication, the secondary and primary rate limits and fault injection before it is answered
 * with GitHub's headers (`x-ratelimit-*`, `x-github-request-id`, `link`, `retry-after`).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { faultPlan } from '../../../src/emulate/fault-plan.js';
import { readBody } from '../../../src/emulate/http-request.js';
import { closeServer, listenLocally } from '../../../src/emulate/local-server.js';
import { trafficCounter } from '../../../src/emulate/traffic.js';
import { badCredentials, DOCS, GithubApiError, notFound, RATE_LIMIT_DOCS, serverError } from './errors.js';
import { executeQuery } from './graphql/execute.js';
import { type GraphqlRoot, githubSchema } from './graphql/schema.js';
import { type PrimaryLimiter, primaryLimiter, type RateLimitResource } from './rate-limit.js';
import { viewerOf } from './representations.js';
import { restRoutes } from './rest/index.js';
import { docsUrl, type MatchedRoute, matchRoute, resolveAlias } from './router.js';
import { requestPoints, type SecondaryLimiter, secondaryLimiter } from './secondary-limit.js';
import type { FaultRule, GithubEmulator, GithubEmulatorOptions, RequestLogEntry } from './types.js';
import { usageMeter } from './usage-meter.js';

interface Answer {
  status: number;
  /** JSON-serialized; absent for 204. */
  body?: unknown;
  headers: Record<string, string>;
}

const NO_BODY = Symbol('no body');

/** One token's rate limits: GitHub counts every limit per token (or per App installation). */
interface TokenLimits {
  primary: PrimaryLimiter;
  secondary: SecondaryLimiter | undefined;
  inFlight: number;
}

function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return NO_BODY;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** `token X` or `Bearer X` (any case), as GitHub accepts them. */
function tokenOf(header: string | undefined): string | undefined {
  return /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

function errorAnswer(error: GithubApiError): Answer {
  return { status: error.status, body: error.body(), headers: { ...error.headers } };
}

/** GitHub's request ids look like `C0A8:2F8B:1B2E4D3:1C5F2A1:6650F1A2`. */
function requestIdFactory(): () => string {
  let serial = 0x1b2e4d3;
  const node = randomBytes(4).toString('hex').toUpperCase();
  return () => {
    serial += 1;
    const hex = serial.toString(16).toUpperCase();
    const time = Math.floor(Date.now() / 1000)
      .toString(16)
      .toUpperCase();
    return `${node.slice(0, 4)}:${node.slice(4)}:${hex}:${hex}:${time}`;
  };
}

export async function startGithubEmulator(options: GithubEmulatorOptions): Promise<GithubEmulator> {
  const { estate } = options;
  const now = options.now ?? Date.now;
  const primaryStatus = options.rateLimit?.status ?? 403;
  const limitsByToken = new Map<string, TokenLimits>();
  const accepts = (token: string | undefined): token is string =>
    token !== undefined && (token === estate.token || (options.moreTokens ?? []).includes(token));
  const limitsOf = (token: string): TokenLimits => {
    let limits = limitsByToken.get(token);
    if (!limits) {
      const { secondaryRateLimit } = options;
      limits = {
        primary: primaryLimiter(options.rateLimit, now),
        secondary: secondaryRateLimit ? secondaryLimiter(secondaryRateLimit, now) : undefined,
        inFlight: 0,
      };
      limitsByToken.set(token, limits);
    }
    return limits;
  };
  const meter = usageMeter(options);
  const faults = faultPlan(options.faults);
  const nextRequestId = requestIdFactory();
  const requestLog: RequestLogEntry[] = [];
  let origin = '';
  const traffic = trafficCounter();

  function primaryLimited(resource: RateLimitResource, requestId: string): Answer {
    const userId = viewerOf(estate).id;
    if (resource === 'graphql') {
      // GitHub answers GraphQL over its budget with 200 and a RATE_LIMITED error.
      return {
        status: 200,
        body: {
          errors: [
            {
              type: 'RATE_LIMITED',
              code: 'graphql_rate_limit',
              message: `API rate limit exceeded for user ID ${userId}.`,
            },
          ],
        },
        headers: {},
      };
    }
    return errorAnswer(
      new GithubApiError(
        primaryStatus,
        `API rate limit exceeded for user ID ${userId}. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
        RATE_LIMIT_DOCS,
      ),
    );
  }

  function secondaryLimited(requestId: string, status: 403 | 429, retryAfterSeconds: number): Answer {
    return errorAnswer(
      new GithubApiError(
        status,
        `You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ${requestId}.`,
        `${RATE_LIMIT_DOCS}#about-secondary-rate-limits`,
        { 'retry-after': String(retryAfterSeconds) },
      ),
    );
  }

  function dispatch(
    request: { method: string; path: string; rawQuery: string; query: URLSearchParams; body: unknown },
    matched: MatchedRoute | undefined,
    limiter: PrimaryLimiter,
  ): Answer {
    const { method, path, rawQuery, query, body } = request;
    if (method === 'POST' && path === '/graphql') {
      if (body === undefined || body === NO_BODY) {
        return errorAnswer(new GithubApiError(400, 'Problems parsing JSON', `${DOCS}/graphql`));
      }
      const root: GraphqlRoot = { estate, origin, rateLimit: () => limiter.status('graphql') };
      return {
        status: 200,
        body: executeQuery(githubSchema, body as Record<string, unknown>, root),
        headers: {},
      };
    }
    if (!matched) return errorAnswer(notFound());
    if (body === undefined) {
      return errorAnswer(new GithubApiError(400, 'Problems parsing JSON', docsUrl(matched.route.docs)));
    }
    const result = matched.route.handle({
      estate,
      origin,
      method,
      params: matched.params,
      query,
      rawQuery,
      body: body === NO_BODY ? undefined : body,
      limiter,
      docs: docsUrl(matched.route.docs),
    });
    return {
      status: result.status,
      ...(result.status === 204 ? {} : { body: result.body }),
      headers: result.link ? { link: result.link } : {},
    };
  }

  async function answerFault(rule: FaultRule, response: ServerResponse, real: () => Answer): Promise<number> {
    const action = rule.action ?? 'status';
    if (action === 'hang') {
      await new Promise<void>((resolve) => response.once('close', () => resolve()));
      return 0;
    }
    if (action === 'reset') {
      response.socket?.destroy();
      return 0;
    }
    const answer = real();
    const payload = JSON.stringify(answer.body ?? {});
    response.writeHead(answer.status, {
      ...answer.headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
    });
    response.write(payload.slice(0, Math.floor(payload.length / 2)));
    await new Promise<void>((resolve) => setImmediate(resolve));
    response.socket?.destroy();
    return 0;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const rawQuery = queryAt < 0 ? '' : target.slice(queryAt + 1);
    const query = new URLSearchParams(rawQuery);
    const body = parseJson(raw);
    const entry: RequestLogEntry = {
      method,
      path,
      route: '',
      query: Object.fromEntries(query),
      status: 0,
      ...(body !== NO_BODY && body !== undefined ? { body } : {}),
    };
    requestLog.push(entry);
    const requestId = nextRequestId();
    const isGraphql = method === 'POST' && path === '/graphql';
    const matched = isGraphql ? undefined : matchRoute(restRoutes, method, resolveAlias(estate, path));
    entry.route = isGraphql ? 'POST /graphql' : matched ? `${method} ${matched.route.pattern}` : '';

    const token = tokenOf(request.headers.authorization);
    if (!accepts(token)) {
      const refusal =
        token === undefined
          ? new GithubApiError(401, 'Requires authentication', `${DOCS}/rest`)
          : badCredentials();
      await send(response, entry, errorAnswer(refusal), requestId);
      return;
    }
    const limits = limitsOf(token);
    limits.inFlight += 1;
    try {
      await answerAuthenticated(
        { method, path, rawQuery, query, body },
        matched,
        limits,
        entry,
        response,
        requestId,
      );
    } finally {
      limits.inFlight -= 1;
    }
  }

  /** Rate limits (secondary, then primary), faults, then the route; every answer with the token's headers. */
  async function answerAuthenticated(
    request: { method: string; path: string; rawQuery: string; query: URLSearchParams; body: unknown },
    matched: MatchedRoute | undefined,
    limits: TokenLimits,
    entry: RequestLogEntry,
    response: ServerResponse,
    requestId: string,
  ): Promise<void> {
    const { method, path, body } = request;
    const isGraphql = method === 'POST' && path === '/graphql';
    const resource: RateLimitResource = isGraphql ? 'graphql' : 'core';
    let answer: Answer | undefined;
    const graphqlDocument = isGraphql
      ? String((body as { query?: unknown } | undefined)?.query ?? '')
      : undefined;
    const refusal = limits.secondary?.check({
      api: isGraphql ? 'graphql' : 'rest',
      points: requestPoints(method, graphqlDocument),
      inFlight: limits.inFlight,
    });
    if (refusal) {
      answer = secondaryLimited(requestId, limits.secondary!.status, refusal.retryAfterSeconds);
      entry.throttled = 'secondary';
      emulator.throttled.secondary += 1;
    } else if (!matched?.route.free && !limits.primary.take(resource)) {
      answer = primaryLimited(resource, requestId);
      entry.throttled = 'primary';
      emulator.throttled.primary += 1;
    }
    if (entry.throttled) emulator.throttledCount += 1;
    else {
      const api = isGraphql ? 'graphql' : 'rest';
      meter.charge(limits, resource, api, requestPoints(method, graphqlDocument), !matched?.route.free);
    }

    const compute = (): Answer => {
      try {
        return dispatch(request, matched, limits.primary);
      } catch (error) {
        if (error instanceof GithubApiError) return errorAnswer(error);
        throw error;
      }
    };

    if (!answer) {
      const rule = faults.match(method, path);
      const action = rule ? (rule.action ?? 'status') : undefined;
      if (rule && action !== 'status') {
        entry.fault = action;
        if (options.latencyMs) await sleep(options.latencyMs);
        entry.status = await answerFault(rule, response, compute);
        return;
      }
      if (rule) {
        entry.fault = 'status';
        answer = errorAnswer(serverError(rule.status ?? 502));
      } else {
        answer = compute();
      }
    }

    const status = limits.primary.status(resource);
    const rateHeaders: Record<string, string> = {
      'x-ratelimit-limit': String(status.limit),
      'x-ratelimit-remaining': String(status.remaining),
      'x-ratelimit-reset': String(status.reset),
      'x-ratelimit-used': String(status.used),
      'x-ratelimit-resource': resource,
    };
    if (estate.scopes) rateHeaders['x-oauth-scopes'] = estate.scopes.join(', ');
    await send(response, entry, answer, requestId, rateHeaders);
  }

  /** Waits the latency, then writes the answer with GitHub's headers (`rateHeaders` when authenticated). */
  async function send(
    response: ServerResponse,
    entry: RequestLogEntry,
    answer: Answer,
    requestId: string,
    rateHeaders: Record<string, string> = {},
  ): Promise<void> {
    const headers: Record<string, string> = {
      'x-github-request-id': requestId,
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      ...answer.headers,
      ...rateHeaders,
    };
    entry.status = answer.status;
    if (options.latencyMs) await sleep(options.latencyMs);
    if (answer.status === 204 || answer.body === undefined) {
      response.writeHead(answer.status, headers);
      response.end();
      return;
    }
    const payload = JSON.stringify(answer.body);
    response.writeHead(answer.status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(payload),
    });
    response.end(payload);
  }

  const server = createServer((request, response) => {
    traffic
      .track(handle)(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent)
          response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ message: `emulator: ${String(error)}` }));
      });
  });
  traffic.watch(server);
  origin = await listenLocally(server, options.port);

  const emulator: GithubEmulator = {
    endpoint: origin,
    graphqlUrl: `${origin}/graphql`,
    requestLog,
    throttledCount: 0,
    throttled: { primary: 0, secondary: 0 },
    usage: () => meter.usage(),
    estate,
    get inFlight() {
      return traffic.inFlight;
    },
    get openConnections() {
      return traffic.openConnections;
    },
    close: () => closeServer(server),
  };
  return emulator;
}
