/** What a sink sends and what a transport answers. */

/** One event to deliver: a stable id (for deduplication), its time and the event itself. */
export interface SinkEvent {
  id: string;
  /** Epoch milliseconds. */
  time: number;
  event: Record<string, unknown>;
}

/** The answer to one request carrying one batch. */
export type SendOutcome =
  | { ok: true }
  | {
      ok: false;
      /** Worth trying again (a network error, 408, 429, 5xx). */
      retryable: boolean;
      /** No further batch can succeed either (a bad token, a wrong URL): stop sending. */
      stopAll?: boolean;
      /** What went wrong, safe to print (never the token). */
      error: string;
      /** The server's Retry-After, in milliseconds. */
      retryAfterMs?: number;
    };

/** A receiver protocol: HEC or a plain NDJSON webhook. */
export interface Transport {
  /** `hec` or `webhook`. */
  kind: string;
  /** Where it sends, safe to print: origin and path, never a query string or credentials. */
  target: string;
  send(batch: readonly SinkEvent[], signal: AbortSignal): Promise<SendOutcome>;
}
