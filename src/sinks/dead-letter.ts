/**
 * The dead-letter file: NDJSON, one undelivered event per line, with why and when it failed. The
 * invariant is "every line is an event not yet acknowledged by a receiver": a run appends what it
 * could not deliver (skipping ids already there), and removes the lines of events it did deliver;
 * a replay removes each batch's lines as soon as the receiver acknowledges it. Written 0600.
 *
 *   {"id":"nhi-evt-…","format":"ocsf","sink":"hec","time":1764158400000,"event":{…},
 *    "error":"HTTP 503 Server is busy (HEC code 9) (after 6 attempts)","attempts":6,
 *    "deadLetteredAt":"2026-11-26T12:00:00.000Z"}
 *
 * `jq -c .event FILE` gives the bare events.
 */
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { InputError } from '../core/errors.js';
import type { SinkEvent } from './types.js';

export interface DeadLetter extends SinkEvent {
  /** The report format the event is in (`ocsf`, `ecs`). */
  format: string;
  /** The sink it failed to reach (`hec`, `webhook`). */
  sink: string;
  error: string;
  attempts: number;
  deadLetteredAt: string;
}

function line(record: DeadLetter): string {
  return `${JSON.stringify(record)}\n`;
}

/** Writes all of `text` and fsyncs before closing: a dead letter that is not on disk protects nothing. */
function writeDurably(path: string, text: string, flags: 'a' | 'w'): void {
  const fd = openSync(path, flags, 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The records of a dead-letter file; an absent file has none. Bad lines are input errors with their line. */
export function readDeadLetters(path: string): DeadLetter[] {
  if (!existsSync(path)) return [];
  const records: DeadLetter[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  for (const [index, text] of lines.entries()) {
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InputError('not a JSON object: is this a dead-letter file?', { file: path, line: index + 1 });
    }
    const record = value as Partial<DeadLetter> | null;
    if (
      !record ||
      typeof record !== 'object' ||
      typeof record.id !== 'string' ||
      typeof record.format !== 'string' ||
      typeof record.time !== 'number' ||
      !record.event ||
      typeof record.event !== 'object'
    ) {
      throw new InputError('expected a dead-letter record with id, format, time and event', {
        file: path,
        line: index + 1,
      });
    }
    records.push(record as DeadLetter);
  }
  return records;
}

/** Appends records whose id the file does not hold yet; returns how many were appended. */
export function appendDeadLetters(path: string, records: readonly DeadLetter[]): number {
  const present = new Set(readDeadLetters(path).map((record) => record.id));
  const fresh = records.filter((record) => {
    if (present.has(record.id)) return false;
    present.add(record.id);
    return true;
  });
  if (fresh.length > 0) writeDurably(path, fresh.map(line).join(''), 'a');
  return fresh.length;
}

/** Replaces the file's content with `records` atomically (temporary file, then rename); no records, no file. */
export function rewriteDeadLetters(path: string, records: readonly DeadLetter[]): void {
  if (records.length === 0) {
    rmSync(path, { force: true });
    return;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeDurably(temporary, records.map(line).join(''), 'w');
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  renameSync(temporary, path);
}

/** Drops the records of delivered events from the file (a no-op when none of them is there). */
export function removeDelivered(path: string, deliveredIds: ReadonlySet<string>): void {
  if (deliveredIds.size === 0 || !existsSync(path)) return;
  const records = readDeadLetters(path);
  const kept = records.filter((record) => !deliveredIds.has(record.id));
  if (kept.length !== records.length) rewriteDeadLetters(path, kept);
}
