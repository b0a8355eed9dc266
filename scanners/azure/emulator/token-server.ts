/**
 * The token endpoint's request handling (served over HTTPS by server.ts): OpenID Connect
 * discovery, the JWKS and the token grant, each request logged (the form is not: it holds the
 * client secret), answered after `latencyMs`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from '../../../src/emulate/http-request.js';
import type { AzureEstate, EntraTenantEstate } from './estate.js';
import { type Answer, queryRecord, targetOf, writeAnswer } from './http.js';
import type { SigningKey } from './keys.js';
import { jwks, MULTI_TENANT, openIdConfiguration } from './openid.js';
import { StsError, tenantNotFound } from './sts-errors.js';
import { issueToken } from './token.js';
import type { AzureRequestLogEntry, TokenOperation } from './types.js';

const JSON_TYPE = 'application/json; charset=utf-8';

interface TokenRoute {
  operation: TokenOperation;
  pattern: RegExp;
}

const ROUTES: readonly TokenRoute[] = [
  {
    operation: 'openid-configuration',
    pattern: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
  },
  { operation: 'jwks', pattern: /^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/ },
  { operation: 'token', pattern: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/ },
];

export interface TokenServerContext {
  estate: AzureEstate;
  key: SigningKey;
  requestLog: AzureRequestLogEntry[];
  latencyMs?: number;
  /** https://127.0.0.1:PORT, known once the server listens. */
  origin(): string;
}

/** A tenant by id or by domain (both case-insensitive), as Entra resolves the path segment. */
function tenantByRef(estate: AzureEstate, ref: string): EntraTenantEstate | undefined {
  const wanted = ref.toLowerCase();
  return estate.tenants.find(
    (tenant) => tenant.tenantId.toLowerCase() === wanted || tenant.domain.toLowerCase() === wanted,
  );
}

export function tokenServer(context: TokenServerContext) {
  function answer(
    request: IncomingMessage,
    route: TokenRoute | undefined,
    tenantRef: string,
    form: URLSearchParams,
    correlationId: string,
  ): Answer {
    const method = request.method ?? 'GET';
    const headers = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' };
    if (!route)
      return { status: 404, body: { error: 'not_found', error_description: 'No such endpoint.' }, headers };
    const traceId = randomUUID();
    try {
      if (route.operation === 'token') {
        if (method !== 'POST') {
          throw new StsError(
            400,
            'invalid_request',
            900561,
            `The endpoint only accepts POST, OPTIONS requests. Received a ${method} request.`,
          );
        }
        const tenant = tenantByRef(context.estate, tenantRef);
        if (!tenant) throw tenantNotFound(tenantRef);
        const body = issueToken(tenant, form, request.headers.authorization, context.key, Date.now());
        return { status: 200, body, headers: { ...headers, 'x-ms-request-id': traceId } };
      }
      const known = MULTI_TENANT.has(tenantRef)
        ? tenantRef
        : tenantByRef(context.estate, tenantRef)?.tenantId;
      if (!known) throw tenantNotFound(tenantRef, 'invalid_tenant');
      const body =
        route.operation === 'jwks'
          ? jwks(context.origin(), context.key.jwk)
          : openIdConfiguration(context.origin(), known);
      return { status: 200, body, headers: { 'cache-control': 'max-age=86400, private' } };
    } catch (error) {
      if (!(error instanceof StsError)) throw error;
      const body = error.body({ traceId, correlationId, at: new Date(), origin: context.origin() });
      return { status: error.status, body, headers: { ...headers, 'x-ms-request-id': traceId } };
    }
  }

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const raw = await readBody(request);
    const target = targetOf(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const matched = ROUTES.map((route) => ({ route, groups: route.pattern.exec(target.path)?.groups })).find(
      (candidate) => candidate.groups !== undefined,
    );
    const tenantRef = matched?.groups?.tenant ?? '';
    const entry: AzureRequestLogEntry = {
      server: 'token',
      method,
      path: target.path,
      query: queryRecord(target.query),
      status: 0,
      operation: matched?.route.operation ?? 'unknown',
      ...(tenantRef ? { tenantId: tenantRef } : {}),
    };
    context.requestLog.push(entry);
    const form = new URLSearchParams(raw.toString('utf8'));
    const header = request.headers['client-request-id'];
    const correlationId =
      target.query.get('client-request-id') ??
      form.get('client-request-id') ??
      (typeof header === 'string' ? header : randomUUID());
    const result = answer(request, matched?.route, tenantRef, form, correlationId);
    result.headers['client-request-id'] = correlationId;
    entry.status = result.status;
    if (context.latencyMs) await sleep(context.latencyMs);
    writeAnswer(response, result, JSON_TYPE);
  };
}
