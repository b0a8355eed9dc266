/**
 * Splunk HTTP Event Collector: POST /services/collector/event with `Authorization: Splunk <token>`;
 * the body is the batch's events as JSON objects one after another (HEC's batch format), each
 * `{time, source, sourcetype, fields: {nhiscan_event_id}, event}` with time in epoch seconds.
 * HEC answers `{"text": "Success", "code": 0}` (200) or an error with its own code: 400 (5 no data,
 * 6 invalid data format with `invalid-event-number`, 7 incorrect index, 10/11 data channel, 12/13
 * event field), 401 (2 token required, 3 invalid authorization), 403 (1 token disabled, 4 invalid
 * token), 500 (8 internal error), 503 (9 server busy).
 */
import { randomUUID } from 'node:crypto';
import { post, scrub } from './http.js';
import { isRetryableStatus, parseRetryAfter, stopsAll } from './retry.js';
import type { SendOutcome, SinkEvent, Transport } from './types.js';

export const HEC_EVENT_PATH = '/services/collector/event';

export interface HecOptions {
  url: URL;
  token: string;
  /** Splunk sourcetype of every event, e.g. `nhiscan:ocsf`. */
  sourcetype: string;
  source?: string;
  index?: string;
  timeoutMs: number;
}

/** The endpoint: the URL as given when it has a path, else the base URL + /services/collector/event. */
export function hecEndpoint(url: URL): URL {
  const endpoint = new URL(url.href);
  if (endpoint.pathname === '' || endpoint.pathname === '/') endpoint.pathname = HEC_EVENT_PATH;
  return endpoint;
}

/** The request body for a batch: one HEC event object per event, newline-separated. */
export function hecBody(
  batch: readonly SinkEvent[],
  options: { sourcetype: string; source?: string; index?: string },
): string {
  return batch
    .map((item) =>
      JSON.stringify({
        time: item.time / 1000,
        source: options.source ?? 'nhiscan',
        sourcetype: options.sourcetype,
        ...(options.index ? { index: options.index } : {}),
        fields: { nhiscan_event_id: item.id },
        event: item.event,
      }),
    )
    .join('\n');
}

interface HecReply {
  text?: string;
  code?: number;
  'invalid-event-number'?: number;
}

function parseReply(body: string): HecReply {
  try {
    const value = JSON.parse(body) as unknown;
    return value && typeof value === 'object' ? (value as HecReply) : {};
  } catch {
    return {};
  }
}

export function hecTransport(options: HecOptions): Transport {
  const endpoint = hecEndpoint(options.url);
  // A channel identifies this sender; HEC needs one when indexer acknowledgement is on.
  const channel = randomUUID();
  return {
    kind: 'hec',
    target: `${endpoint.origin}${endpoint.pathname}`,
    async send(batch, signal): Promise<SendOutcome> {
      const result = await post(endpoint.href, {
        headers: {
          authorization: `Splunk ${options.token}`,
          'content-type': 'application/json',
          'x-splunk-request-channel': channel,
        },
        body: hecBody(batch, options),
        timeoutMs: options.timeoutMs,
        signal,
      });
      if (result.kind === 'network-error') return { ok: false, retryable: true, error: result.error };
      const reply = parseReply(result.body);
      if (result.status >= 200 && result.status < 300 && (reply.code === undefined || reply.code === 0)) {
        return { ok: true };
      }
      const parts = [
        `HTTP ${result.status}`,
        reply.text ? scrub(reply.text, options.token) : scrub(result.body, options.token) || undefined,
        reply.code !== undefined ? `(HEC code ${reply.code})` : undefined,
        reply['invalid-event-number'] !== undefined
          ? `at event ${reply['invalid-event-number']} of the batch`
          : undefined,
      ];
      const retryAfterMs = parseRetryAfter(result.retryAfter);
      return {
        ok: false,
        retryable: isRetryableStatus(result.status),
        stopAll: stopsAll(result.status),
        error: parts.filter(Boolean).join(' '),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    },
  };
}
