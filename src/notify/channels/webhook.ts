/**
 * A digest as one JSON POST: top-level `text` (what Slack incoming webhooks, Teams workflows and
 * most chat receivers show) plus the digest as data under `nhiscan`. `Idempotency-Key` is fixed
 * per digest, so a retried or repeated notice can be recognised. Any 2xx is delivered.
 */
import { post, scrub } from '../../sinks/http.js';
import { isRetryableStatus, parseRetryAfter } from '../../sinks/retry.js';
import type { ChannelOutcome, Digest, NoticeChannel } from './types.js';

export interface WebhookChannelSettings {
  name: string;
  url: URL;
  token?: string;
  timeoutMs: number;
}

/** Slack mrkdwn treats `&`, `<` and `>` as control characters: escaped, no name can become a link. */
function mrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The message a person reads: the subject in bold, who it is for, then the rendered body. */
function webhookText(digest: Digest): string {
  return mrkdwn(`*${digest.subject}*\nTo: ${digest.recipient} (${digest.role})\n\n${digest.text}`);
}

function webhookPayload(digest: Digest): Record<string, unknown> {
  return {
    text: webhookText(digest),
    nhiscan: {
      digestId: digest.id,
      recipient: digest.recipient,
      role: digest.role,
      deadline: digest.deadline,
      items: digest.items,
    },
  };
}

export function idempotencyKey(digest: Digest): string {
  return `nhi-notice-${digest.id}`;
}

/**
 * The parts of a webhook URL that may be secret (a Slack URL's path, a Teams URL's `sig`), longest
 * first: the URL itself, its path and query, and each long path segment or query value.
 */
function urlSecrets(url: URL): string[] {
  const parts = [url.href, `${url.pathname}${url.search}`];
  if (url.pathname !== '/') parts.push(url.pathname);
  parts.push(...url.pathname.split('/').filter((segment) => segment.length >= 8));
  for (const value of url.searchParams.values()) if (value.length >= 8) parts.push(value);
  for (const part of [...parts]) {
    const decoded = safeDecode(part);
    if (decoded !== part) parts.push(decoded);
  }
  return [...new Set(parts)].sort((a, b) => b.length - a.length);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function webhookChannel(settings: WebhookChannelSettings): NoticeChannel {
  const { url, token } = settings;
  const secrets = urlSecrets(url);
  const safe = (text: string) =>
    scrub(
      secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), text),
      token,
    );
  return {
    name: settings.name,
    kind: 'webhook',
    target: url.origin,
    async send(digest, signal): Promise<ChannelOutcome> {
      const result = await post(url.href, {
        headers: {
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey(digest),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(webhookPayload(digest)),
        timeoutMs: settings.timeoutMs,
        signal,
      });
      if (result.kind === 'network-error') return { ok: false, retryable: true, error: safe(result.error) };
      if (result.status >= 200 && result.status < 300) return { ok: true, detail: `HTTP ${result.status}` };
      const detail = safe(result.body);
      const retryAfterMs = parseRetryAfter(result.retryAfter);
      return {
        ok: false,
        retryable: isRetryableStatus(result.status),
        error: `HTTP ${result.status}${detail ? ` ${detail}` : ''}`,
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      };
    },
  };
}
