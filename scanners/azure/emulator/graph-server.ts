/**
 * Graph's request pipeline: log, authenticate the bearer token (401s are not rate limited), throttle
 * (identity-and-access resource units per app and tenant, throttle.ts, or the older request-count
 * token bucket: 429 with Retry-After), inject faults (503), match a route (400 for an unknown segment,
 * 405 for a served path with another method), check query options, check the token's `roles`
 * against the route's permissions (403), then dispatch; every answer waits `latencyMs`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from '../../../src/emulate/http-request.js';
import {
  badRequest,
  GraphError,
  insufficientPrivileges,
  invalidAuthenticationToken,
  methodNotAllowed,
  type RequestIds,
  segmentNotFound,
  serviceNotAvailable,
  tooManyRequests,
  unreadableJson,
} from './errors.js';
import type { AzureEstate, EntraTenantEstate } from './estate.js';
import { HANDLERS } from './handlers.js';
import { type Answer, queryRecord, type Target, targetOf, writeAnswer } from './http.js';
import { checkAccessToken, type TokenProblem } from './jwt.js';
import type { SigningKey } from './keys.js';
import { checkQueryOptions } from './odata.js';
import { requestCost } from './resource-units.js';
import { type MatchedRoute, matchRoute, pathIsServed, unknownSegment } from './routes.js';
import type { GraphThrottle } from './throttle.js';
import type { AzureRequestLogEntry, GraphVersion } from './types.js';

const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

const TOKEN_MESSAGES: Record<TokenProblem, string> = {
  empty: 'Access token is empty.',
  malformed: 'CompactToken parsing failed with error code: 80049217',
  signature: 'Access token validation failure.',
  expired: 'Lifetime validation failed, the token is expired.',
  audience: 'Access token validation failure. Invalid audience.',
};

export interface GraphServerContext {
  estate: AzureEstate;
  key: SigningKey;
  requestLog: AzureRequestLogEntry[];
  latencyMs?: number;
  /** A request-count token bucket per tenant (the older, simpler shape): the tenant's bucket. */
  bucket?: (tenantId: string) => { take(): boolean };
  /** Graph's identity-and-access throttling: resource units per app and tenant (throttle.ts). */
  throttle?: GraphThrottle;
  /** Runs before each Graph answer is written (tests hold one answer until something happened). */
  beforeAnswer?: (entry: AzureRequestLogEntry) => Promise<void>;
  failEveryNth?: number;
  retryAfterSeconds: number;
  /** Counts a 429 in the emulator's throttledCount. */
  onThrottled(): void;
  /** http://127.0.0.1:PORT, known once the server listens. */
  origin(): string;
  authorityHost(): string;
}

const versionOf = (path: string): GraphVersion | undefined =>
  /^\/(v1\.0|beta)(?:\/|$)/i.exec(path)?.[1]?.toLowerCase() as GraphVersion | undefined;

/** `Bearer X` (any case); '' for `Bearer` alone, undefined without the header. */
const bearerOf = (header: string | undefined) => /^bearer(?:\s+(\S*))?\s*$/i.exec(header ?? '')?.[1] ?? '';

/** The JSON body; undefined when empty; 400 as Graph words it when it does not parse. */
function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw unreadableJson();
  }
}

export function graphServer(context: GraphServerContext) {
  let admitted = 0;

  function authenticate(request: IncomingMessage): {
    tenant: EntraTenantEstate;
    roles: readonly string[];
    appId: string;
  } {
    const check = checkAccessToken(bearerOf(request.headers.authorization), context.key, Date.now());
    if (!check.ok) throw invalidAuthenticationToken(TOKEN_MESSAGES[check.problem], context.authorityHost());
    const tenant = context.estate.tenants.find((candidate) => candidate.tenantId === check.claims.tid);
    if (!tenant) {
      throw invalidAuthenticationToken(
        'Access token validation failure. Invalid issuer.',
        context.authorityHost(),
      );
    }
    return { tenant, roles: check.claims.roles ?? [], appId: check.claims.appid };
  }

  function route(target: Target, method: string, version: GraphVersion | undefined): MatchedRoute {
    if (!version) throw badRequest(`Invalid version: ${target.path.split('/')[1] ?? ''}`);
    const matched = matchRoute(method, target.path);
    if (matched) return matched;
    if (pathIsServed(target.path)) throw methodNotAllowed();
    throw segmentNotFound(unknownSegment(version, target.path));
  }

  function answer(
    request: IncomingMessage,
    entry: AzureRequestLogEntry,
    target: Target,
    raw: Buffer,
  ): Answer {
    const caller = authenticate(request);
    entry.tenantId = caller.tenant.tenantId;
    if (context.bucket && !context.bucket(caller.tenant.tenantId).take()) {
      entry.throttled = true;
      context.onThrottled();
      throw tooManyRequests(context.retryAfterSeconds);
    }
    const cost = requestCost(entry.method, target.path, target.query);
    const decision = context.throttle?.admit({
      appId: caller.appId,
      tenantId: caller.tenant.tenantId,
      users: caller.tenant.users.length,
      cost,
    });
    if (decision && !decision.admitted) {
      entry.throttled = true;
      context.onThrottled();
      throw tooManyRequests(decision.retryAfterSeconds, {
        'x-ms-throttle-scope': decision.scope,
        'x-ms-throttle-information': decision.information,
      });
    }
    // Graph names each admitted request's cost.
    const headers = { 'x-ms-resource-unit': String(cost.resourceUnits) };
    admitted += 1;
    if (context.failEveryNth && admitted % context.failEveryNth === 0) {
      entry.fault = true;
      throw serviceNotAvailable();
    }
    const matched = route(target, entry.method, entry.version);
    checkQueryOptions(target.query, matched.route.queryOptions);
    const holds = (permission: string) => permission.split('+').every((role) => caller.roles.includes(role));
    if (!matched.route.permissions.some(holds)) {
      throw insufficientPrivileges();
    }
    const body = HANDLERS[matched.route.operation]({
      tenant: caller.tenant,
      route: matched.route,
      params: matched.params,
      query: target.query,
      body: parseBody(raw),
      origin: context.origin(),
      rawPath: target.rawPath,
      path: target.path,
    });
    return body === undefined ? { status: 204, headers } : { status: 200, body, headers };
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const target = targetOf(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const version = versionOf(target.path);
    const entry: AzureRequestLogEntry = {
      server: 'graph',
      method,
      path: target.path,
      query: queryRecord(target.query),
      status: 0,
      ...(version ? { version } : {}),
      operation: matchRoute(method, target.path)?.route.operation ?? 'unknown',
    };
    if (method !== 'GET' && raw.length > 0) {
      try {
        entry.body = JSON.parse(raw.toString('utf8')) as unknown;
      } catch {
        entry.body = raw.toString('utf8');
      }
    }
    context.requestLog.push(entry);
    const header = request.headers['client-request-id'];
    const requestId = randomUUID();
    const ids: RequestIds = { requestId, clientRequestId: typeof header === 'string' ? header : requestId };
    let result: Answer;
    try {
      result = answer(request, entry, target, raw);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      result = { status: error.status, body: error.body(ids, new Date()), headers: { ...error.headers } };
    }
    result.headers['request-id'] = ids.requestId;
    result.headers['client-request-id'] = ids.clientRequestId;
    entry.status = result.status;
    await context.beforeAnswer?.(entry);
    if (context.latencyMs) await sleep(context.latencyMs);
    writeAnswer(response, result, GRAPH_JSON);
  };
}
