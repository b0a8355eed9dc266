/**
 * The Kubernetes API emulator: https on 127.0.0.1 with a fresh self-signed certificate, serving
 * each cluster of the estate to the bearer token of its context, exactly the paths the kubernetes
 * plugin calls: list (with `limit`/`continue` paging and a `type=` field selector) of secrets,
 * serviceaccounts and the RBAC objects; get, patch and delete of one Secret. Every request is
 * logged; revocations change the estate it serves. With a rate limit, a cluster's requests beyond
 * its seats get API Priority and Fairness's 429 (rate-limits.ts).
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { V1Secret } from '@kubernetes/client-node';
import { decodePath, readBody } from '../../../src/emulate/http-request.js';
import { type TlsCertificate, tlsCertificate } from '../../../src/emulate/tls-certificate.js';
import { type EmulatedCluster, type KubernetesEstate, normalizeEstate } from './estate.js';
import { BadContinue, page } from './paging.js';
import {
  JSON_PATCH,
  type Json,
  jsonPatch,
  MERGE_PATCH,
  mergePatch,
  PatchFailed,
  STRATEGIC_MERGE_PATCH,
} from './patch.js';
import { type KubernetesRateLimit, Seats } from './rate-limits.js';
import {
  type Answer,
  forbidden,
  type Lists,
  listAnswer,
  notFound,
  secretAnswer,
  secretFromWire,
  secretToWire,
  statusAnswer,
} from './responses.js';

export interface KubernetesRequest {
  context: string | undefined;
  method: string;
  path: string;
  query: Record<string, string>;
  contentType: string | undefined;
  body: unknown;
}

export interface KubernetesEmulator {
  /** `https://127.0.0.1:PORT`. */
  endpoint: string;
  certificate: TlsCertificate;
  estate: KubernetesEstate;
  requestLog: KubernetesRequest[];
  /** Requests answered 429 because the cluster's seats were taken. */
  throttled(): number;
  close(): Promise<void>;
}

export interface KubernetesEmulatorOptions {
  /** 0 (the default): any free port. */
  port?: number;
  /** Added latency per request, in milliseconds. */
  latencyMs?: number;
  /** Absent: no limit. */
  rateLimit?: KubernetesRateLimit;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const TOO_MANY = statusAnswer(429, 'TooManyRequests', 'Too many requests, please try again later.', {
  retryAfterSeconds: 1,
});

const RBAC = '/apis/rbac.authorization.k8s.io/v1/';
const LIST_PATHS: Record<string, keyof Lists> = {
  '/api/v1/secrets': 'secrets',
  '/api/v1/serviceaccounts': 'serviceaccounts',
  '/api/v1/pods': 'pods',
  [`${RBAC}clusterroles`]: 'clusterroles',
  [`${RBAC}roles`]: 'roles',
  [`${RBAC}clusterrolebindings`]: 'clusterrolebindings',
  [`${RBAC}rolebindings`]: 'rolebindings',
};
const NAMESPACED_SECRETS = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/;
const ONE_SECRET = /^\/api\/v1\/namespaces\/([^/]+)\/secrets\/([^/]+)$/;

const byKey = (a: { metadata?: { namespace?: string; name?: string } }, b: typeof a) => {
  const left = `${a.metadata?.namespace ?? ''}/${a.metadata?.name ?? ''}`;
  const right = `${b.metadata?.namespace ?? ''}/${b.metadata?.name ?? ''}`;
  return left < right ? -1 : left > right ? 1 : 0;
};

function itemsOf(cluster: EmulatedCluster, resource: keyof Lists): Lists[keyof Lists][] {
  const all: Record<keyof Lists, readonly Lists[keyof Lists][]> = {
    secrets: cluster.secrets,
    serviceaccounts: cluster.serviceAccounts,
    pods: cluster.pods ?? [],
    clusterroles: cluster.clusterRoles,
    roles: cluster.roles,
    clusterrolebindings: cluster.clusterRoleBindings,
    rolebindings: cluster.roleBindings,
  };
  return [...all[resource]].sort(byKey);
}

/** Only `type=VALUE` is supported, as the plugin sends it; anything else is a 400 as for an unknown field. */
function selectSecrets(secrets: V1Secret[], selector: string | null): V1Secret[] | Answer {
  if (!selector) return secrets;
  const match = /^type=(.+)$/.exec(selector);
  if (!match) return statusAnswer(400, 'BadRequest', `field label not supported: ${selector}`);
  return secrets.filter((secret) => secret.type === match[1]);
}

function list(
  cluster: EmulatedCluster,
  resource: keyof Lists,
  query: URLSearchParams,
  namespace?: string,
): Answer {
  let items = itemsOf(cluster, resource);
  if (namespace !== undefined) items = items.filter((item) => item.metadata?.namespace === namespace);
  if (resource === 'secrets') {
    const selected = selectSecrets(items as V1Secret[], query.get('fieldSelector'));
    if (!Array.isArray(selected)) return selected;
    items = selected;
  }
  const listKey = `${resource}|${namespace ?? ''}|${query.get('fieldSelector') ?? ''}`;
  try {
    return listAnswer(resource, page(items, listKey, query));
  } catch (error) {
    if (error instanceof BadContinue) return statusAnswer(410, 'Expired', error.message);
    throw error;
  }
}

type Patched = { secret: V1Secret } | { refused: Answer };

function patchSecret(secret: V1Secret, contentType: string | undefined, body: unknown): Patched {
  const wire = secretToWire(secret) as Json;
  try {
    if (contentType === MERGE_PATCH || contentType === STRATEGIC_MERGE_PATCH)
      return { secret: secretFromWire(mergePatch(wire, body as Json)) };
    if (contentType === JSON_PATCH) return { secret: secretFromWire(jsonPatch(wire, body)) };
  } catch (error) {
    if (error instanceof PatchFailed) return { refused: statusAnswer(422, 'Invalid', error.message) };
    throw error;
  }
  return {
    refused: statusAnswer(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format: ${contentType}`,
    ),
  };
}

/** A uid precondition (DeleteOptions.preconditions.uid, or metadata.uid in a patch) another Secret fails. */
function uidConflict(secret: V1Secret, request: KubernetesRequest): Answer | undefined {
  const body = request.body as
    | { preconditions?: { uid?: unknown }; metadata?: { uid?: unknown } }
    | undefined;
  const wanted = request.method === 'DELETE' ? body?.preconditions?.uid : body?.metadata?.uid;
  if (typeof wanted !== 'string' || wanted === secret.metadata?.uid) return undefined;
  return statusAnswer(
    409,
    'Conflict',
    `Operation cannot be fulfilled on secrets "${secret.metadata?.name}": Precondition failed: UID in precondition: ${wanted}, UID in object meta: ${secret.metadata?.uid}`,
  );
}

function oneSecret(
  cluster: EmulatedCluster,
  request: KubernetesRequest,
  namespace: string,
  name: string,
): Answer {
  const index = cluster.secrets.findIndex(
    (secret) => secret.metadata?.namespace === namespace && secret.metadata?.name === name,
  );
  const secret = cluster.secrets[index];
  if (!secret) return notFound(name);
  if (request.method === 'GET') return secretAnswer(secret);
  const conflict = uidConflict(secret, request);
  if (conflict) return conflict;
  if (request.method === 'DELETE') {
    cluster.secrets.splice(index, 1);
    return statusAnswer(200, '', '', { name, kind: 'secrets', uid: secret.metadata?.uid ?? '' });
  }
  if (request.method === 'PATCH') {
    const patched = patchSecret(secret, request.contentType, request.body);
    if ('refused' in patched) return patched.refused;
    cluster.secrets[index] = patched.secret;
    return secretAnswer(patched.secret);
  }
  return statusAnswer(405, 'MethodNotAllowed', `${request.method} is not supported`);
}

function route(estate: KubernetesEstate, request: KubernetesRequest, query: URLSearchParams): Answer {
  const cluster = estate.clusters.find((candidate) => candidate.context === request.context);
  if (!cluster) return statusAnswer(401, 'Unauthorized', 'Unauthorized');
  const resource = LIST_PATHS[request.path];
  const namespaced = NAMESPACED_SECRETS.exec(request.path);
  const one = ONE_SECRET.exec(request.path);
  if (cluster.forbidden) {
    const what = resource ?? 'secrets';
    const group = request.path.startsWith(RBAC) ? 'rbac.authorization.k8s.io' : '';
    return forbidden(request.method === 'GET' && !one ? 'list' : request.method.toLowerCase(), what, group);
  }
  if (request.method === 'GET' && resource) return list(cluster, resource, query);
  if (request.method === 'GET' && namespaced)
    return list(cluster, 'secrets', query, decodePath(namespaced[1]!));
  if (one) return oneSecret(cluster, request, decodePath(one[1]!), decodePath(one[2]!));
  return statusAnswer(404, 'NotFound', 'the server could not find the requested resource');
}

/** The request's JSON body; undefined when it has none. */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const text = (await readBody(request)).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Serves `given` (objects as the client's models or as JSON from an estate file) until closed. */
export async function startKubernetesEmulator(
  given: KubernetesEstate,
  options: KubernetesEmulatorOptions = {},
): Promise<KubernetesEmulator> {
  const estate = normalizeEstate(given);
  const certificate = await tlsCertificate();
  const requestLog: KubernetesRequest[] = [];
  const seats = new Seats(options.rateLimit);
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'https://127.0.0.1');
    const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const entry: KubernetesRequest = {
      context: estate.clusters.find((cluster) => cluster.token === token)?.context,
      method: request.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      contentType: request.headers['content-type']?.split(';')[0]?.trim(),
      body: await jsonBody(request),
    };
    requestLog.push(entry);
    const cluster = entry.context ?? '';
    if (!seats.enter(cluster)) {
      response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
      response.end(JSON.stringify(TOO_MANY.body));
      return;
    }
    try {
      if (options.latencyMs) await sleep(options.latencyMs);
      const answer = route(estate, entry, url.searchParams);
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answer.body));
    } finally {
      seats.leave(cluster);
    }
  };
  const server: Server = createServer(
    { key: certificate.keyPem, cert: certificate.certPem },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(JSON.stringify(statusAnswer(500, 'InternalError', String(error)).body));
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  return {
    endpoint: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    certificate,
    estate,
    requestLog,
    throttled: () => seats.rejected,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
