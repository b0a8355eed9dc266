/**
 * A run of a sink: deliver events and keep the dead-letter file true to "not yet acknowledged".
 *  - sendEvents: deliver a report's events; append the undelivered ones to the dead-letter file,
 *    and drop from it any event this run did deliver (a later replay must not send it twice).
 *  - replayDeadLetters: deliver a dead-letter file's events of one format (each id once), removing
 *    each acknowledged batch from the file at once, so an interrupted replay repeats nothing.
 */
import {
  appendDeadLetters,
  type DeadLetter,
  readDeadLetters,
  removeDelivered,
  rewriteDeadLetters,
} from './dead-letter.js';
import { type DeliveryOptions, type DeliveryResult, deliver } from './deliver.js';
import type { SinkEvent, Transport } from './types.js';

export interface SinkRunOptions extends DeliveryOptions {
  /** The dead-letter file (absolute path). */
  deadLetterPath: string;
  /** The report format of the events (recorded with each dead letter; replay sends one format). */
  format: string;
  now: () => Date;
}

export interface SinkRunResult extends DeliveryResult {
  /** Events offered (after removing duplicate ids). */
  total: number;
  /** Dead letters appended by this run (events already in the file are not appended again). */
  deadLettered: number;
  /** Records of other formats left in the file by a replay. */
  keptOtherFormats: number;
}

function deadLetters(
  failed: DeliveryResult['failed'],
  transport: Transport,
  format: string,
  now: Date,
): DeadLetter[] {
  return failed.map(({ event, error, attempts }) => ({
    id: event.id,
    format,
    sink: transport.kind,
    time: event.time,
    event: event.event,
    error,
    attempts,
    deadLetteredAt: now.toISOString(),
  }));
}

function uniqueById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
}

export async function sendEvents(
  events: readonly SinkEvent[],
  transport: Transport,
  options: SinkRunOptions,
): Promise<SinkRunResult> {
  const unique = uniqueById(events);
  const delivered = new Set<string>();
  const result = await deliver(unique, transport, {
    ...options,
    onDelivered: (batch) => {
      for (const item of batch) delivered.add(item.id);
      options.onDelivered?.(batch);
    },
  });
  removeDelivered(options.deadLetterPath, delivered);
  const appended = appendDeadLetters(
    options.deadLetterPath,
    deadLetters(result.failed, transport, options.format, options.now()),
  );
  return { ...result, total: unique.length, deadLettered: appended, keptOtherFormats: 0 };
}

export async function replayDeadLetters(
  transport: Transport,
  options: SinkRunOptions,
): Promise<SinkRunResult> {
  const records = readDeadLetters(options.deadLetterPath);
  const others = records.filter((record) => record.format !== options.format);
  const mine = uniqueById(records.filter((record) => record.format === options.format));
  const pending = new Map(mine.map((record) => [record.id, record]));
  const result = await deliver(
    mine.map(({ id, time, event }) => ({ id, time, event })),
    transport,
    {
      ...options,
      onDelivered: (batch) => {
        for (const item of batch) pending.delete(item.id);
        rewriteDeadLetters(options.deadLetterPath, [...others, ...pending.values()]);
        options.onDelivered?.(batch);
      },
    },
  );
  const failedAgain = deadLetters(result.failed, transport, options.format, options.now()).map((record) => {
    const before = pending.get(record.id);
    return { ...record, attempts: record.attempts + (before?.attempts ?? 0) };
  });
  rewriteDeadLetters(options.deadLetterPath, [...others, ...failedAgain]);
  return {
    ...result,
    total: mine.length,
    deadLettered: failedAgain.length,
    keptOtherFormats: others.length,
  };
}
