/**
 * The HTTP server: one endpoint for IAM, STS and Organizations. Each request is logged, then
 * passes the SigV4 check, the account's rate limiter and fault injection before the service
 * answers it.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody } from '../../../src/emulate/http-request.js';
import { closeServer, listenLocally } from '../../../src/emulate/local-server.js';
import { scopedBuckets } from '../../../src/emulate/scoped-buckets.js';
import { trafficCounter } from '../../../src/emulate/traffic.js';
import { AwsApiError, internalFailure, throttling } from './errors.js';
import { handleIam } from './iam/index.js';
import { jsonErrorResponse, jsonResponseBody } from './json.js';
import { handleOrganizations } from './organizations.js';
import { type Principal, type PrincipalRegistry, principalRegistry } from './principals.js';
import { type ParsedRequest, parseRequest, redactParams } from './request.js';
import { parseAuthorization, verifySignature } from './sigv4.js';
import { handleSts } from './sts.js';
import type { AwsEmulator, AwsEmulatorOptions, RequestLogEntry } from './types.js';
import { IAM_NAMESPACE, queryErrorXml, queryResponseXml, STS_NAMESPACE } from './xml.js';

function authenticate(
  request: IncomingMessage,
  parsed: ParsedRequest,
  registry: PrincipalRegistry,
): Principal {
  const auth = parseAuthorization(request.headers.authorization);
  const token = request.headers['x-amz-security-token'];
  const principal = registry.resolve(auth.accessKeyId, typeof token === 'string' ? token : undefined);
  verifySignature(
    { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: parsed.body },
    auth,
    principal.secretAccessKey,
  );
  return principal;
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string,
  requestId: string,
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-amzn-requestid': requestId,
  });
  response.end(body);
}

export async function startAwsEmulator(options: AwsEmulatorOptions): Promise<AwsEmulator> {
  const { estate } = options;
  const registry = principalRegistry(estate);
  // IAM, STS and Organizations each throttle per account with their own token bucket.
  const buckets = scopedBuckets();
  const admit = (service: string, accountId: string): boolean =>
    options.rateLimit ? buckets.take(`${service}:${accountId}`, options.rateLimit) : true;
  const failEveryNth = options.faults?.failEveryNth;
  const requestLog: RequestLogEntry[] = [];
  let admitted = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const parsed = parseRequest(request, body);
    const entry: RequestLogEntry = {
      service: parsed.service,
      action: parsed.action,
      accountId: '',
      params: redactParams(parsed.params),
    };
    requestLog.push(entry);
    const requestId = randomUUID();
    let status = 200;
    let payload: string;
    try {
      const principal = authenticate(request, parsed, registry);
      entry.accountId = principal.accountId;
      if (!admit(parsed.service, principal.accountId)) {
        emulator.throttledCount += 1;
        entry.throttled = true;
        throw throttling();
      }
      admitted += 1;
      await options.hold?.(entry);
      if (failEveryNth && admitted % failEveryNth === 0) throw internalFailure();
      if (parsed.service === 'organizations') {
        payload = jsonResponseBody(handleOrganizations(estate, principal, parsed.action, parsed.json));
      } else if (parsed.service === 'sts') {
        const result = handleSts(estate, registry, principal, parsed.action, parsed.params);
        payload = queryResponseXml(parsed.action, STS_NAMESPACE, result, requestId);
      } else {
        const result = handleIam(estate, principal, parsed.action, parsed.params);
        payload = queryResponseXml(parsed.action, IAM_NAMESPACE, result, requestId);
      }
    } catch (error) {
      const apiError =
        error instanceof AwsApiError
          ? error
          : new AwsApiError('InternalFailure', 500, (error as Error).message);
      if (parsed.protocol === 'json') {
        ({ status, body: payload } = jsonErrorResponse(apiError));
      } else {
        status = apiError.status;
        payload = queryErrorXml(
          apiError,
          parsed.service === 'sts' ? STS_NAMESPACE : IAM_NAMESPACE,
          requestId,
        );
      }
    }
    if (options.latencyMs) await sleep(options.latencyMs);
    send(
      response,
      status,
      parsed.protocol === 'json' ? 'application/x-amz-json-1.1' : 'text/xml',
      payload,
      requestId,
    );
  }

  const traffic = trafficCounter();
  const server = createServer((request, response) => {
    traffic
      .track(handle)(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(500);
        response.end(String(error));
      });
  });
  traffic.watch(server);
  const origin = await listenLocally(server, options.port);

  const emulator: AwsEmulator = {
    endpoint: origin,
    requestLog,
    throttledCount: 0,
    usage: () => buckets.usage(),
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
