/**
 * A plain webhook: POST the batch as NDJSON (`application/x-ndjson`, one event per line), with
 * `Authorization: Bearer <token>` when a token is given and `Idempotency-Key` set to a hash of the
 * batch's event ids, so a retried or replayed batch carries the same key. Any 2xx is delivered.
 */
import { createHash } from 'node:crypto';
import { post, scrub } from './http.js';
import { isRetryableStatus, parseRetryAfter, stopsAll } from './retry.js';
import type { SendOutcome, SinkEvent, Transport } from './types.js';

export interface WebhookOptions {
  url: URL;
  token?: string;
  timeoutMs: number;
}

/** `nhi-batch-` + 32 hex of sha256 over the batch's event ids. */
export function batchKey(batch: readonly SinkEvent[]): string {
  const hash = createHash('sha256')
    .update(batch.map((item) => item.id).join('\n'))
    .digest('hex');
  return `nhi-batch-${hash.slice(0, 32)}`;
}

export function webhookBody(batch: readonly SinkEvent[]): string {
  return batch.map((item) => `${JSON.stringify(item.event)}\n`).join('');
}

export function webhookTransport(options: WebhookOptions): Transport {
  const url = options.url;
  return {
    kind: 'webhook',
    target: `${url.origin}${url.pathname}`,
    async send(batch, signal): Promise<SendOutcome> {
      const result = await post(url.href, {
        headers: {
          'content-type': 'application/x-ndjson',
          'idempotency-key': batchKey(batch),
          'x-nhiscan-event-count': String(batch.length),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: webhookBody(batch),
        timeoutMs: options.timeoutMs,
        signal,
      });
      if (result.kind === 'network-error') return { ok: false, retryable: true, error: result.error };
      if (result.status >= 200 && result.status < 300) return { ok: true };
      const detail = scrub(result.body, options.token);
      const retryAfterMs = parseRetryAfter(result.retryAfter);
      return {
        ok: false,
        retryable: isRetryableStatus(result.status),
        stopAll: stopsAll(result.status),
        error: `HTTP ${result.status}${detail ? ` ${detail}` : ''}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    },
  };
}
