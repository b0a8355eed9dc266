/**
 * Starts the two servers on 127.0.0.1: the token endpoint over HTTPS (a self-signed certificate
 * made at start-up, exposed as `caCertificatePem`) and Microsoft Graph over HTTP. Both share the
 * request log and the traffic counter; see token-server.ts and graph-server.ts for the pipelines.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { closeServer, listenLocally } from '../../../src/emulate/local-server.js';
import { type ScopeUsage, scopedBuckets } from '../../../src/emulate/scoped-buckets.js';
import { tlsCertificate } from '../../../src/emulate/tls-certificate.js';
import { trafficCounter } from '../../../src/emulate/traffic.js';
import { graphServer } from './graph-server.js';
import { signingKey } from './keys.js';
import { graphThrottle } from './throttle.js';
import { tokenServer } from './token-server.js';
import {
  type AzureEmulator,
  type AzureEmulatorOptions,
  type AzureRequestLogEntry,
  isGraphThrottleLimit,
} from './types.js';

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

/** Graph's resource-unit throttling, or the plain request-count bucket; nothing without a limit. */
function rateLimiter(options: AzureEmulatorOptions): {
  throttle?: ReturnType<typeof graphThrottle>;
  bucket?: (tenantId: string) => { take(): boolean };
  usage(): Record<string, ScopeUsage>;
} {
  const limit = options.rateLimit;
  if (!limit) return { usage: () => ({}) };
  if (isGraphThrottleLimit(limit)) {
    const throttle = graphThrottle(limit, options.throttleClock);
    return { throttle, usage: () => throttle.usage() };
  }
  const buckets = scopedBuckets();
  return {
    bucket: (tenantId) => ({ take: () => buckets.take(tenantId, limit) }),
    usage: () => buckets.usage(),
  };
}

export async function startAzureEmulator(options: AzureEmulatorOptions): Promise<AzureEmulator> {
  const { estate } = options;
  const [tls, key] = await Promise.all([tlsCertificate(), signingKey()]);
  const requestLog: AzureRequestLogEntry[] = [];
  const traffic = trafficCounter();
  let authorityHost = '';
  let graphEndpoint = '';
  let throttled = 0;

  /** Tracks each request; an unexpected failure answers 500 instead of hanging the client. */
  const serve = (handle: Handler) => (request: IncomingMessage, response: ServerResponse) => {
    traffic
      .track(handle)(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { code: 'InternalServerError', message: `emulator: ${String(error)}` } }),
        );
      });
  };

  const tokenHttps = createHttpsServer(
    { key: tls.keyPem, cert: tls.certPem },
    serve(
      tokenServer({
        estate,
        key,
        requestLog,
        ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
        origin: () => authorityHost,
      }),
    ),
  );
  const limiter = rateLimiter(options);
  const graphHttp = createServer(
    serve(
      graphServer({
        estate,
        key,
        requestLog,
        ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
        ...(limiter.throttle ? { throttle: limiter.throttle } : {}),
        ...(limiter.bucket ? { bucket: limiter.bucket } : {}),
        ...(options.beforeAnswer ? { beforeAnswer: options.beforeAnswer } : {}),
        ...(options.faults?.failEveryNth ? { failEveryNth: options.faults.failEveryNth } : {}),
        retryAfterSeconds: options.retryAfterSeconds ?? 1,
        onThrottled: () => {
          throttled += 1;
        },
        origin: () => graphEndpoint,
        authorityHost: () => authorityHost,
      }),
    ),
  );
  const servers: Server[] = [tokenHttps, graphHttp];
  for (const server of servers) traffic.watch(server);

  authorityHost = (await listenLocally(tokenHttps, options.tokenPort)).replace(/^http:/, 'https:');
  try {
    graphEndpoint = await listenLocally(graphHttp, options.graphPort);
  } catch (error) {
    await closeServer(tokenHttps);
    throw error;
  }

  return {
    graphEndpoint,
    authorityHost,
    caCertificatePem: tls.certPem,
    requestLog,
    get throttledCount() {
      return throttled;
    },
    set throttledCount(value: number) {
      throttled = value;
    },
    usage: () => limiter.usage(),
    estate,
    get inFlight() {
      return traffic.inFlight;
    },
    get openConnections() {
      return traffic.openConnections;
    },
    close: async () => {
      await Promise.all(servers.map((server) => closeServer(server)));
    },
  };
}
