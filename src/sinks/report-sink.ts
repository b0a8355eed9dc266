/**
 * One run of `nhiscan report --sink`: the transport its settings name (HEC or webhook), and sending
 * a report's events, or replaying a dead-letter file, through it. The caller checks the flags into
 * `SinkSettings` (src/cli/report-events.ts) and prints the outcome (src/cli/report-event-send.ts).
 */
import { readDeadLetters } from './dead-letter.js';
import type { DeliveryOptions } from './deliver.js';
import { hecTransport } from './hec.js';
import { replayDeadLetters, type SinkRunOptions, type SinkRunResult, sendEvents } from './send.js';
import type { SinkEvent, Transport } from './types.js';
import { webhookTransport } from './webhook.js';

export const SINKS = ['hec', 'webhook'] as const;
export type SinkKind = (typeof SINKS)[number];
export const DEFAULT_DEAD_LETTER = 'nhiscan-dead-letter.ndjson';
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export interface SinkSettings {
  kind: SinkKind;
  url: URL;
  /** The resolved token; never printed. */
  token: string | undefined;
  /** As given (`env:NAME`), for the replay hint. */
  tokenRef: string | undefined;
  hecIndex: string | undefined;
  deadLetterPath: string;
  replay: boolean;
  batchSize: number;
  retries: number;
  retryDelayMs: number;
  requestTimeoutMs: number;
}

/** What a sink run tells its caller while it runs. */
export interface SinkRunHooks {
  signal: AbortSignal;
  now: () => Date;
  /** Before each backoff wait: the transport, and what failed. */
  onRetry?: (transport: Transport, retry: Parameters<NonNullable<DeliveryOptions['onRetry']>>[0]) => void;
  /** Before sending: the dead-letter file already holds this many undelivered events (more than 0). */
  onWaiting?: (count: number) => void;
}

export interface SinkRun {
  transport: Transport;
  result: SinkRunResult;
}

/** The transport the settings name; `format` names the events' sourcetype for HEC. */
export function transportFor(settings: SinkSettings, format: string): Transport {
  if (settings.kind === 'hec') {
    return hecTransport({
      url: settings.url,
      token: settings.token!,
      sourcetype: `nhiscan:${format}`,
      ...(settings.hecIndex ? { index: settings.hecIndex } : {}),
      timeoutMs: settings.requestTimeoutMs,
    });
  }
  return webhookTransport({
    url: settings.url,
    ...(settings.token ? { token: settings.token } : {}),
    timeoutMs: settings.requestTimeoutMs,
  });
}

/** The delivery knobs of the settings, with the run's hooks. */
export function deliveryOptions(
  settings: SinkSettings,
  transport: Transport,
  hooks: SinkRunHooks,
  format: string,
): SinkRunOptions {
  const { onRetry } = hooks;
  return {
    batchSize: settings.batchSize,
    retries: settings.retries,
    retryDelayMs: settings.retryDelayMs,
    signal: hooks.signal,
    deadLetterPath: settings.deadLetterPath,
    now: hooks.now,
    format,
    ...(onRetry ? { onRetry: (retry) => onRetry(transport, retry) } : {}),
  };
}

/** Sends a report's events; undelivered ones go to the dead-letter file. */
export async function sendReportEvents(
  events: readonly SinkEvent[],
  settings: SinkSettings,
  format: string,
  hooks: SinkRunHooks,
): Promise<SinkRun> {
  const transport = transportFor(settings, format);
  const waiting = readDeadLetters(settings.deadLetterPath).length;
  if (waiting > 0) hooks.onWaiting?.(waiting);
  const result = await sendEvents(events, transport, deliveryOptions(settings, transport, hooks, format));
  return { transport, result };
}

/** Re-sends a dead-letter file's events of this format; what fails again stays in the file. */
export async function replayToSink(
  settings: SinkSettings,
  format: string,
  hooks: SinkRunHooks,
): Promise<SinkRun> {
  const transport = transportFor(settings, format);
  const result = await replayDeadLetters(transport, deliveryOptions(settings, transport, hooks, format));
  return { transport, result };
}
