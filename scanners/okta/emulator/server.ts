/**
 * The Okta Management API emulator: one org over HTTPS on 127.0.0.1 (a certificate made at start,
 * see keys.ts). Each request is logged, then authenticated (`Authorization: SSWS <token>`, or
 * `Bearer <access token>` from the org's token endpoint, oauth.ts; else 401 E0000011), charged to its endpoint family's rate limit (429 E0000047 when spent), checked against
 * the areas the token may read and the access token's scopes (403 E0000006), and answered from the estate with Okta's headers:
 * `X-Rate-Limit-Limit/-Remaining/-Reset` on every authenticated answer when a limit is enforced,
 * `Link` on list pages.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from '../../../src/emulate/http-request.js';
import { closeServer, listenLocally } from '../../../src/emulate/local-server.js';
import { tlsCertificate } from '../../../src/emulate/tls-certificate.js';
import { trafficCounter } from '../../../src/emulate/traffic.js';
import { forbidden, invalidToken, OktaEmulatorError, rateLimited, unknownRoute } from './errors.js';
import { AccessTokens } from './oauth.js';
import { bucketOf, orgLimiter } from './rate-limit.js';
import type { RouteAnswer } from './route-types.js';
import { matchRoute } from './routes.js';
import { scopesAllow } from './scopes.js';
import type { OktaEmulator, OktaEmulatorOptions, OktaRequestLogEntry } from './types.js';

const SSWS = /^SSWS\s+(\S+)\s*$/;
const BEARER = /^Bearer\s+(\S+)\s*$/;
const TOKEN_PATH = '/oauth2/v1/token';

const errorAnswer = (error: OktaEmulatorError): RouteAnswer => ({ status: error.status, body: error.body() });

export async function startOktaEmulator(options: OktaEmulatorOptions): Promise<OktaEmulator> {
  const { estate } = options;
  const now = options.now ?? Date.now;
  // No limit given: nothing is refused and no X-Rate-Limit headers are sent (an unlimited org).
  const limiter = options.rateLimit ? orgLimiter(options.rateLimit, now) : undefined;
  const requestLog: OktaRequestLogEntry[] = [];
  const traffic = trafficCounter();
  const accessTokens = new AccessTokens();
  let forcedThrottles = 0;
  let origin = '';

  /** The scopes of the request's credential: all for the SSWS token; undefined when refused. */
  function grantedScopes(header: string | undefined): readonly string[] | 'all' | undefined {
    if (SSWS.exec(header ?? '')?.[1] === estate.token) return 'all';
    const bearer = BEARER.exec(header ?? '')?.[1];
    return bearer === undefined ? undefined : accessTokens.scopesOf(bearer);
  }

  function answer(request: IncomingMessage, entry: OktaRequestLogEntry, url: URL, body: Buffer): RouteAnswer {
    if (entry.method === 'POST' && url.pathname === TOKEN_PATH)
      return accessTokens.answer(
        estate,
        new URLSearchParams(body.toString('utf8')),
        `${origin}${TOKEN_PATH}`,
        now(),
      );
    const scopes = grantedScopes(request.headers.authorization);
    if (scopes === undefined) return errorAnswer(invalidToken());
    const rateHeaders = (): Record<string, string> => {
      const status = limiter?.status(entry.bucket);
      if (!status) return {};
      return {
        'x-rate-limit-limit': String(status.limit),
        'x-rate-limit-remaining': String(status.remaining),
        'x-rate-limit-reset': String(status.reset),
      };
    };
    if (forcedThrottles > 0) {
      forcedThrottles -= 1;
      entry.throttled = true;
      emulator.throttledCount += 1;
      // As if the bucket were spent until the next whole second but one.
      const reset = String(Math.ceil(now() / 1000) + 1);
      const headers = { ...rateHeaders(), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset };
      return { ...errorAnswer(rateLimited()), headers };
    }
    if (limiter && !limiter.take(entry.bucket)) {
      entry.throttled = true;
      emulator.throttledCount += 1;
      return { ...errorAnswer(rateLimited()), headers: rateHeaders() };
    }
    const matched = matchRoute(entry.method, url.pathname);
    if (!matched) return { ...errorAnswer(unknownRoute()), headers: rateHeaders() };
    entry.area = matched.route.area;
    const allowed = scopes === 'all' || scopesAllow(scopes, matched.route.area, entry.method);
    if (!allowed || estate.denied?.includes(matched.route.area))
      return { ...errorAnswer(forbidden()), headers: rateHeaders() };
    try {
      const result = matched.route.handle({
        estate,
        url,
        origin,
        params: matched.params,
        now,
        apiTokenPageSize: options.apiTokenPageSize ?? 20,
      });
      return { ...result, headers: { ...result.headers, ...rateHeaders() } };
    } catch (error) {
      if (error instanceof OktaEmulatorError) return { ...errorAnswer(error), headers: rateHeaders() };
      throw error;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', origin);
    const entry: OktaRequestLogEntry = {
      method: (request.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      bucket: bucketOf(url.pathname),
    };
    requestLog.push(entry);
    const result = answer(request, entry, url, body);
    entry.status = result.status;
    if (options.latencyMs) await sleep(options.latencyMs);
    const headers: Record<string, string> = {
      'x-okta-request-id': randomBytes(12).toString('base64url'),
      ...result.headers,
    };
    if (result.body === undefined) {
      response.writeHead(result.status, headers);
      response.end();
      return;
    }
    const payload = JSON.stringify(result.body);
    response.writeHead(result.status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    });
    response.end(payload);
  }

  const tls = await tlsCertificate();
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (request, response) => {
    traffic
      .track(handle)(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ errorCode: 'E0000009', errorSummary: `emulator: ${String(error)}` }));
      });
  });
  traffic.watch(server);
  origin = (await listenLocally(server, options.port ?? 0)).replace(/^http:/, 'https:');

  const emulator: OktaEmulator = {
    orgUrl: origin,
    caCertificatePem: tls.certPem,
    estate,
    requestLog,
    throttledCount: 0,
    throttleNext(count) {
      forcedThrottles += count;
    },
    usage: () => limiter?.usage() ?? {},
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
