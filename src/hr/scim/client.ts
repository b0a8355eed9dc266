/**
 * GET of SCIM JSON over node:http(s): bearer token, extra CA certificates, a timeout per request,
 * and retries of 429/502/503/504 and dropped connections that honour Retry-After. Every failure
 * becomes one error naming the request: an InputError when the configuration must change (token,
 * URL, CA, filter), a ProviderError otherwise. Messages never hold the token.
 * (node:https rather than fetch: passing a CA to fetch needs an undici Agent, which is not a dependency.)
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import { InputError, ProviderError } from '../../core/errors.js';
import { redact } from '../../core/redact.js';
import { parseRetryAfter, sleep } from '../../sinks/retry.js';
import { describeScimError } from './scim-error.js';

export const REQUEST_TIMEOUT_MS = 30_000;
export const MAX_RETRIES = 3;
/** A longer Retry-After fails the read rather than holding the scan. */
export const MAX_RETRY_AFTER_MS = 60_000;
const MAX_BODY_BYTES = 64 * 1024 * 1024;
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export interface ScimClientOptions {
  token: string | null;
  /** Extra CA certificates, added to Node's own roots. */
  ca: string[];
  timeoutMs?: number;
  /** Base of exponential backoff when the server gives no Retry-After (tests shorten it). */
  backoffMs?: number;
}

interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export class ScimClient {
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly timeoutMs: number;
  private readonly backoffMs: number;

  constructor(
    private readonly options: ScimClientOptions,
    secure: boolean,
  ) {
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.backoffMs = options.backoffMs ?? 1000;
    this.agent = secure
      ? new HttpsAgent({
          keepAlive: true,
          ...(options.ca.length > 0 ? { ca: withSystemRoots(options.ca) } : {}),
        })
      : new HttpAgent({ keepAlive: true });
  }

  close(): void {
    this.agent.destroy();
  }

  /** The JSON body of `GET url`; throws a named error for any failure. */
  async getJson(url: URL, signal: AbortSignal): Promise<unknown> {
    const operation = `GET ${url.href}`;
    for (let attempt = 0; ; attempt++) {
      signal.throwIfAborted();
      let response: Response;
      try {
        response = await this.send(url, signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        const code = (error as NodeJS.ErrnoException).code ?? '';
        if (RETRY_CODES.has(code) && attempt < MAX_RETRIES) {
          await sleep(this.backoffMs * 2 ** attempt, signal);
          continue;
        }
        throw this.transportError(error, code, operation);
      }
      if (response.status >= 200 && response.status < 300) return this.parse(response, operation);
      let tooLong = '';
      if (RETRY_STATUSES.has(response.status) && attempt < MAX_RETRIES) {
        const retryAfter = parseRetryAfter(header(response.headers, 'retry-after') ?? null);
        if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS) {
          await sleep(retryAfter ?? this.backoffMs * 2 ** attempt, signal);
          continue;
        }
        tooLong = ` (Retry-After ${Math.ceil(retryAfter / 1000)} s is longer than the ${MAX_RETRY_AFTER_MS / 1000} s this import waits)`;
      }
      throw this.statusError(response, operation, attempt, tooLong);
    }
  }

  private send(url: URL, signal: AbortSignal): Promise<Response> {
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        if (timeout.aborted && !signal.aborted) {
          reject(
            Object.assign(new Error(`no response within ${this.timeoutMs / 1000} s`), { code: 'ETIMEOUT' }),
          );
        } else reject(error);
      };
      const outgoing = request(
        url,
        {
          method: 'GET',
          agent: this.agent,
          signal: AbortSignal.any([signal, timeout]),
          headers: {
            accept: 'application/scim+json, application/json;q=0.9',
            ...(this.options.token === null ? {} : { authorization: `Bearer ${this.options.token}` }),
          },
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          let size = 0;
          incoming.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
              outgoing.destroy(new Error(`the response is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`));
            } else chunks.push(chunk);
          });
          incoming.on('error', fail);
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.on('error', fail);
      outgoing.end();
    });
  }

  private parse(response: Response, operation: string): unknown {
    const type = header(response.headers, 'content-type');
    if (type !== undefined && !/^application\/(scim\+)?json\b/i.test(type.trim())) {
      throw new ProviderError(
        'scim',
        operation,
        this.scrub(`expected application/scim+json, got ${type} (is hr.url the SCIM base URL?)`),
      );
    }
    try {
      return JSON.parse(response.body);
    } catch (error) {
      throw new ProviderError(
        'scim',
        operation,
        this.scrub(`the response is not valid JSON (${(error as Error).message})`),
        {
          cause: error,
        },
      );
    }
  }

  private statusError(response: Response, operation: string, attempt: number, note: string): Error {
    const scim = describeScimError(response.status, response.body);
    const where = `${operation} returned ${this.scrub(scim.text)}`;
    if (response.status === 401 || response.status === 403) {
      const problem =
        response.status === 401
          ? 'the SCIM service did not accept the token: check that hr.token names the right environment variable and that the token is valid and not expired'
          : 'the token is not allowed to list Users: grant it read access to Users in the SCIM service';
      return new InputError(`${where}; ${problem}`, { key: 'hr.token' });
    }
    if (response.status === 404) {
      return new InputError(
        `${where}; hr.url should be the base URL of the SCIM service, the one /Users is under (e.g. https://hr.example.com/scim/v2)`,
        { key: 'hr.url' },
      );
    }
    if (response.status === 400 && (scim.scimType === 'invalidFilter' || scim.scimType === 'tooMany')) {
      return new InputError(`${where}; check hr.filter`, { key: 'hr.filter' });
    }
    const retried = attempt > 0 ? ` (after ${attempt} ${attempt === 1 ? 'retry' : 'retries'})` : '';
    return new ProviderError('scim', operation, `${this.scrub(scim.text)}${retried}${note}`);
  }

  private transportError(error: unknown, code: string, operation: string): Error {
    const reason = this.scrub((error as Error).message ?? String(error));
    if (TLS_TRUST_CODES.has(code)) {
      return new InputError(
        `${operation}: cannot verify the service's TLS certificate (${code}: ${reason}); for a private CA, set hr.caFile to its PEM file`,
        { key: 'hr.caFile' },
        { cause: error },
      );
    }
    return new ProviderError(
      'scim',
      operation,
      `${reason}${code && !reason.includes(code) ? ` (${code})` : ''}`,
      {
        cause: error,
      },
    );
  }

  /** Free text from the server or the network, without the token. */
  scrub(text: string): string {
    const { token } = this.options;
    return redact(token && token.length >= 4 ? text.replaceAll(token, '[redacted]') : text);
  }
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Node's bundled roots plus `extra`: a `ca` option replaces the roots rather than adding to them. */
function withSystemRoots(extra: readonly string[]): string[] {
  return [...rootCertificates, ...extra];
}
