/**
 * Prints a sink run of `nhiscan report` (src/sinks/report-sink.ts sends or replays): the retry and
 * waiting warnings as they happen, then the outcome on stderr with its exit code (0 all delivered,
 * 3 not) and, for what was not delivered, the command that replays it.
 */
import type { RenderOptions, ReportFormat } from '../../reports/index.js';
import type { JsonReportInput } from '../../reports/json/build.js';
import {
  replayToSink,
  type SinkRun,
  type SinkRunHooks,
  type SinkSettings,
  sendReportEvents,
} from '../sinks/report-sink.js';
import { EXIT } from './exit-codes.js';
import { type CliIo, writeLine } from './io.js';

function hooks(io: CliIo, settings: SinkSettings): SinkRunHooks {
  return {
    signal: io.signal,
    now: io.now,
    onRetry: (transport, { batch, attempt, delayMs, error }) =>
      writeLine(
        io.stderr,
        `nhiscan: warning: ${transport.kind} ${transport.target}: batch ${batch}: ${error}; retry ${attempt} of ${settings.retries} in ${delayMs} ms`,
      ),
    onWaiting: (waiting) =>
      writeLine(
        io.stderr,
        `nhiscan: warning: ${settings.deadLetterPath} holds ${waiting} undelivered event${waiting === 1 ? '' : 's'}; replay with --replay-dead-letter`,
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
  { transport, result }: SinkRun,
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
export async function sendToSink(
  io: CliIo,
  settings: SinkSettings,
  format: ReportFormat,
  input: JsonReportInput,
  options: RenderOptions,
  setExit: (code: number) => void,
): Promise<void> {
  const events = format.events!(input, options);
  const run = await sendReportEvents(events, settings, format.id, hooks(io, settings));
  summarize(io, settings, format.id, run, setExit);
}

/** Re-sends a dead-letter file's events of this format; what fails again stays in the file (exit 3). */
export async function replayDeadLetterFile(
  io: CliIo,
  settings: SinkSettings,
  format: ReportFormat,
  setExit: (code: number) => void,
): Promise<void> {
  const run = await replayToSink(settings, format.id, hooks(io, settings));
  summarize(io, settings, format.id, run, setExit);
}
