/**
 * The HTTP server: one endpoint for IAM v1, Cloud Resource Manager v3 and Policy Analyzer v1, told
 * apart by path. Each request is logged, then authenticated, rate limited and fault-checked before
 * its handler answers; errors are Google's JSON errors.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodePath, readBody } from '../../../src/emulate/http-request.js';
import { closeServer, listenLocally } from '../../../src/emulate/local-server.js';
import { trafficCounter } from '../../../src/emulate/traffic.js';
import {
  credentialsMissing,
  GoogleApiError,
  invalidArgument,
  invalidCredentials,
  notFound,
  quotaExceeded,
  unavailable,
} from './errors.js';
import { HANDLERS } from './handlers.js';
import { quotaLimiter } from './quotas.js';
import { HOSTS, type MatchedRoute, matchRoute, projectOfPath, rpcOf, serviceOfPath } from './routes.js';
import { checkServiceEnabled } from './service-usage.js';
import type { GcpEmulator, GcpEmulatorOptions, GcpRequestLogEntry } from './types.js';

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** The query as logged: a parameter given more than once becomes an array. */
function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    record[name] = values.length === 1 ? values[0]! : values;
  }
  return record;
}

/** `Bearer X` (any case); undefined when there is no bearer token at all. */
function bearerOf(header: string | undefined): string | undefined {
  return /^bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
}

/** The JSON body; undefined when empty; throws 400 as ESF does when it does not parse. */
function parseBody(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw invalidArgument('Invalid JSON payload received. Unexpected token.');
  }
}

const errorAnswer = (error: GoogleApiError): Answer => ({
  status: error.code,
  body: error.body(),
  headers: error.headers,
});

export async function startGcpEmulator(options: GcpEmulatorOptions): Promise<GcpEmulator> {
  const { estate } = options;
  const limiter = options.rateLimit ? quotaLimiter(estate, options.rateLimit) : undefined;
  const failEveryNth = options.faults?.failEveryNth;
  const deniedKeyListings = new Set(
    (options.faults?.denyServiceAccountKeys ?? []).map((email) => email.toLowerCase()),
  );
  const deniedProjectPolicies = new Set(options.faults?.denyProjectIamPolicy ?? []);
  const policyConflicts = { remaining: options.faults?.policyConflicts ?? 0 };
  const requestLog: GcpRequestLogEntry[] = [];
  let admitted = 0;

  function answer(
    request: IncomingMessage,
    entry: GcpRequestLogEntry,
    matched: MatchedRoute | undefined,
    query: URLSearchParams,
    raw: Buffer,
  ): Answer {
    const rpc = rpcOf(matched, entry.service);
    const token = bearerOf(request.headers.authorization);
    if (token === undefined) return errorAnswer(credentialsMissing(rpc));
    if (token !== estate.token) return errorAnswer(invalidCredentials(rpc));
    const kind = matched?.route.quota ?? (entry.method === 'GET' ? 'Read' : 'Write');
    const userProject = request.headers['x-goog-user-project'];
    const refusal = limiter?.charge({
      service: entry.service,
      kind,
      pathProject: entry.project,
      userProject: typeof userProject === 'string' ? userProject : undefined,
    });
    if (refusal) {
      entry.throttled = true;
      emulator.throttledCount += 1;
      return errorAnswer(quotaExceeded({ service: HOSTS[entry.service], kind, ...refusal }));
    }
    admitted += 1;
    if (failEveryNth && admitted % failEveryNth === 0) {
      entry.fault = true;
      return errorAnswer(unavailable());
    }
    try {
      if (!matched) throw notFound(`Method not found: ${entry.method} ${entry.path}`);
      checkServiceEnabled(estate, matched);
      const body = HANDLERS[matched.route.operation]({
        estate,
        route: matched.route,
        params: matched.params,
        query,
        body: parseBody(raw),
        deniedKeyListings,
        deleteGoneKeyFailsPrecondition: options.faults?.deleteGoneKeyFailsPrecondition === true,
        deniedProjectPolicies,
        policyConflicts,
      });
      return { status: 200, body, headers: {} };
    } catch (error) {
      if (error instanceof GoogleApiError) return errorAnswer(error);
      throw error;
    }
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const query = new URLSearchParams(queryAt < 0 ? '' : target.slice(queryAt + 1));
    const decoded = decodePath(path);
    const matched = matchRoute(method, decoded);
    const entry: GcpRequestLogEntry = {
      method,
      path,
      service: matched?.route.service ?? serviceOfPath(decoded),
      operation: matched?.route.operation ?? 'unknown',
      project: matched?.params.project ?? projectOfPath(decoded),
      query: queryRecord(query),
      status: 0,
    };
    requestLog.push(entry);
    const result = answer(request, entry, matched, query, raw);
    entry.status = result.status;
    if (options.latencyMs) await sleep(options.latencyMs);
    const payload = JSON.stringify(result.body);
    response.writeHead(result.status, {
      ...result.headers,
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(payload),
    });
    response.end(payload);
  }

  const traffic = trafficCounter();
  const server = createServer((request, response) => {
    traffic
      .track(handle)(request, response)
      .catch((error: unknown) => {
        if (!response.headersSent) {
          response.writeHead(500, { 'content-type': 'application/json; charset=UTF-8' });
        }
        response.end(
          JSON.stringify({ error: { code: 500, message: `emulator: ${String(error)}`, status: 'INTERNAL' } }),
        );
      });
  });
  traffic.watch(server);
  const origin = await listenLocally(server, options.port);

  const emulator: GcpEmulator = {
    endpoint: origin,
    requestLog,
    throttledCount: 0,
    usage: () => limiter?.usage() ?? {},
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
