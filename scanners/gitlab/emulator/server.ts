/**
 * The GitLab REST emulator (API v4) on 127.0.0.1: `PRIVATE-TOKEN` authentication, the routes of
 * routes-resources.ts and routes-users.ts, GitLab's offset paging (paging.ts), its per-user rate
 * limit with `RateLimit-*` headers and 429 + Retry-After (rate-limit.ts), injected faults, added
 * latency and a request log. Revocations change the estate it was given.
 */
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { faultPlan } from '../../../src/emulate/fault-plan.js';
import { readBody } from '../../../src/emulate/http-request.js';
import { closeServer, listenLocally } from '../../../src/emulate/local-server.js';
import { trafficCounter } from '../../../src/emulate/traffic.js';
import { type Answer, GitlabApiError } from './answers.js';
import { tokenLimiter } from './rate-limit.js';
import { matchRoute } from './router.js';
import type { GitlabEmulator, GitlabEmulatorOptions, RequestLogEntry } from './types.js';

function send(response: ServerResponse, answer: Answer, extra: Record<string, string>): number {
  const headers: Record<string, string> = { ...extra, ...answer.headers };
  if (answer.body !== undefined) headers['content-type'] = 'application/json';
  response.writeHead(answer.status, headers);
  response.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  return answer.status;
}

const failure = (status: number, message = `${status} ${STATUS_CODES[status] ?? 'Error'}`): Answer => ({
  status,
  body: new GitlabApiError(status, message).body(),
});

export async function startGitlabEmulator(options: GitlabEmulatorOptions): Promise<GitlabEmulator> {
  const { estate } = options;
  const requestLog: RequestLogEntry[] = [];
  let faults = faultPlan(options.faults);
  const limiter = options.rateLimit ? tokenLimiter(options.rateLimit, options.now) : undefined;
  let throttledCount = 0;
  const traffic = trafficCounter();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      route: '',
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    requestLog.push(entry);
    await readBody(request);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    const matched = matchRoute(method, url.pathname);
    if (matched) entry.route = matched.route;
    if (request.headers['private-token'] !== estate.token) {
      entry.status = send(response, failure(401, '401 Unauthorized'), {});
      return;
    }
    let rateHeaders: Record<string, string> = {};
    if (limiter) {
      const admission = limiter.take(`gitlab user ${estate.tokenUserId}`);
      rateHeaders = admission.headers;
      if (!admission.admitted) {
        throttledCount += 1;
        entry.throttled = true;
        // GitLab's throttle answers in plain text, not its JSON error shape.
        response.writeHead(429, { ...rateHeaders, 'content-type': 'text/plain' }).end('Retry later\n');
        entry.status = 429;
        return;
      }
    }
    const fault = faults.match(method, url.pathname);
    if (fault) {
      entry.fault = true;
      const extra = fault.status === 429 ? { ...rateHeaders, 'retry-after': '1' } : rateHeaders;
      entry.status = send(response, failure(fault.status), extra);
      return;
    }
    if (!matched) {
      entry.status = send(response, failure(404, '404 Not Found'), rateHeaders);
      return;
    }
    try {
      const answer = matched.handler({ estate, params: matched.params, query: entry.query, url });
      entry.status = send(response, answer, rateHeaders);
    } catch (error) {
      if (!(error instanceof GitlabApiError)) throw error;
      entry.status = send(response, { status: error.status, body: error.body() }, rateHeaders);
    }
  };

  const server = createServer((request, response) => {
    traffic
      .track(handle)(request, response)
      .catch(() => {
        if (!response.headersSent) response.writeHead(500).end();
      });
  });
  traffic.watch(server);
  const endpoint = await listenLocally(server, options.port ?? 0);
  return {
    endpoint,
    requestLog,
    get throttledCount() {
      return throttledCount;
    },
    usage: () => limiter?.usage() ?? {},
    estate,
    injectFaults(rules) {
      faults = faultPlan(rules);
    },
    get inFlight() {
      return traffic.inFlight;
    },
    close: () => closeServer(server),
  };
}
