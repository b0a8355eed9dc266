/** One POST with a per-request timeout; network failures become a retryable outcome, never a throw. */
import { redact } from '../core/redact.js';

export type PostResult =
  | { kind: 'response'; status: number; body: string; retryAfter: string | null }
  | { kind: 'network-error'; error: string };

export async function post(
  url: string,
  init: { headers: Record<string, string>; body: string; timeoutMs: number; signal: AbortSignal },
): Promise<PostResult> {
  const timeout = AbortSignal.timeout(init.timeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.any([init.signal, timeout]),
    });
    const body = await response.text();
    return {
      kind: 'response',
      status: response.status,
      body,
      retryAfter: response.headers.get('retry-after'),
    };
  } catch (error) {
    // The caller's own abort (Ctrl-C) is not a receiver failure: let it through.
    if (init.signal.aborted) throw init.signal.reason;
    if (timeout.aborted) return { kind: 'network-error', error: `no answer within ${init.timeoutMs} ms` };
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return { kind: 'network-error', error: `request failed: ${detail}` };
  }
}

/** Server text made safe to print: the token (should a server echo it) and secret-shaped strings masked. */
export function scrub(text: string, token: string | undefined): string {
  const masked = token ? text.split(token).join('[redacted]') : text;
  return redact(masked).replace(/\s+/g, ' ').trim().slice(0, 300);
}
