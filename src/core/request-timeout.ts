/**
 * A per-request timeout signal that cannot be lost. `AbortSignal.timeout()` passed only into
 * `AbortSignal.any()` can be garbage-collected on Node 20 before it fires, and a hung request then
 * hangs forever. Here an explicit timer holds the controller until it fires; unref'd, it never
 * keeps the process alive. The timeout covers reading the body too, so it is not cleared when the
 * response arrives.
 */
export function timeoutSignal(milliseconds: number): AbortSignal {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
    milliseconds,
  );
  timer.unref();
  return controller.signal;
}
