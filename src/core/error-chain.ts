/**
 * Reading a thrown error down its causes. Scanners wrap a provider's error in a `ProviderError`
 * that keeps it as `cause`, so what the provider said is one or more links down the chain. Each
 * scanner's `errors.ts` judges its own provider's errors (`isTransient`); a dropped or timed-out
 * connection, which no provider answered, is judged here once for all of them.
 */

/** The error, then its cause, then that one's cause…, outermost first (a cycle is cut). */
export function* errorChain(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Socket and DNS codes of a connection that failed before any answer (Node, undici). */
const CONNECTION_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Names of a request that timed out (AbortSignal.timeout, the AWS SDK, undici). */
const TIMEOUT_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutError',
  'ConnectTimeoutError',
]);

/**
 * Whether any link of the chain is a connection that failed or timed out before the provider
 * answered: worth another attempt with any provider. An answer (4xx, 5xx) is the scanner's to judge.
 */
export function isConnectionFailure(error: unknown): boolean {
  for (const link of errorChain(error)) {
    const candidate = link as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof candidate.code === 'string' && CONNECTION_CODES.has(candidate.code)) return true;
    if (typeof candidate.name === 'string' && TIMEOUT_NAMES.has(candidate.name)) return true;
    if (typeof candidate.message === 'string' && /\bsocket hang up\b/i.test(candidate.message)) return true;
  }
  return false;
}
