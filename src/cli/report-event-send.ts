/**
 * Ships a report's events to the sink chosen by `eventSettings` (HEC or webhook), or replays a
 * dead-letter file, and summarizes the outcome on stderr with its exit code (0 all delivered, 3 not).
 */
import type { RenderOptions, ReportFormat } from '../../reports/index.js';
import type { JsonReportInput } from '../../reports/json/build.js';
import { readDeadLetters } from '../sinks/dead-letter.js';
import { hecTransport } from '../sinks/hec.js';
import { replayDeadLetters, type SinkRunResult, sendEvents } from '../sinks/send.js';
import type { Transport } from '../sinks/types.js';
import { webhookTransport } from '../sinks/webhook.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, writeLine } from './io.js';
import type { SinkSettings } from './report-events.js';

function transportFor(settings: SinkSettings, format: string): Transport {
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

function deliveryOptions(settings: SinkSettings, io: CliIo, transport: Transport) {
  return {
    batchSize: settings.batchSize,
    retries: settings.retries,
    retryDelayMs: settings.retryDelayMs,
    signal: io.signal,
    deadLetterPath: settings.deadLetterPath,
    now: io.now,
    onRetry: ({
      batch,
      attempt,
      delayMs,
      error,
    }: {
      batch: number;
      attempt: number;
      delayMs: number;
      error: string;
    }) =>
      writeLine(
        io.stderr,
        `nhiscan: warning: ${transport.kind} ${transport.target}: batch ${batch}: ${error}; retry ${attempt} of ${settings.retries} in ${delayMs} ms`,
      ),
  };
}

function replayHint(settings: SinkSettings, format: string): string {
  return [
    'nhiscan report --format',
    format,
    '--sink',
    settings.kind,
    '--url',
    settings.url.href,
    ...(settings.tokenRef ? ['--token', settings.tokenRef] : []),
    '--replay-dead-letter',
    settings.deadLetterPath,
  ].join(' ');
}

function summarize(
  io: CliIo,
  settings: SinkSettings,
  format: string,
  transport: Transport,
  result: SinkRunResult,
  setExit: (code: number) => void,
): void {
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const what = settings.replay
    ? `replayed ${result.delivered} of ${plural(result.total, 'dead-lettered event')}`
    : `sent ${result.delivered} of ${plural(result.total, 'event')}`;
  writeLine(
    io.stderr,
    `${what} to ${transport.kind} ${transport.target} (${plural(result.requests, 'request')})`,
  );
  if (result.keptOtherFormats > 0) {
    writeLine(
      io.stderr,
      `kept ${plural(result.keptOtherFormats, 'event')} of other formats in ${settings.deadLetterPath}: replay them with their --format`,
    );
  }
  if (result.failed.length === 0) {
    setExit(EXIT.clean);
    return;
  }
  const first = result.failed[0]!;
  writeLine(
    io.stderr,
    `nhiscan: error: ${plural(result.failed.length, 'event')} not delivered (${first.error}); kept in ${settings.deadLetterPath}. When the receiver is back: ${replayHint(settings, format)}`,
  );
  setExit(EXIT.incomplete);
}

/** Sends a report's events; undelivered ones go to the dead-letter file (exit 3). */
export async function sendReportEvents(
  io: CliIo,
  settings: SinkSettings,
  format: ReportFormat,
  input: JsonReportInput,
  options: RenderOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const events = format.events!(input, options);
  const transport = transportFor(settings, format.id);
  const waiting = readDeadLetters(settings.deadLetterPath).length;
  if (waiting > 0) {
    writeLine(
      io.stderr,
      `nhiscan: warning: ${settings.deadLetterPath} holds ${waiting} undelivered event${waiting === 1 ? '' : 's'}; replay with --replay-dead-letter`,
    );
  }
  const result = await sendEvents(events, transport, {
    ...deliveryOptions(settings, io, transport),
    format: format.id,
  });
  summarize(io, settings, format.id, transport, result, setExit);
}

/** Re-sends a dead-letter file's events of this format; what fails again stays in the file (exit 3). */
export async function replayToSink(
  io: CliIo,
  settings: SinkSettings,
  format: ReportFormat,
  setExit: (code: number) => void,
): Promise<void> {
  const transport = transportFor(settings, format.id);
  const result = await replayDeadLetters(transport, {
    ...deliveryOptions(settings, io, transport),
    format: format.id,
  });
  summarize(io, settings, format.id, transport, result, setExit);
}
