/** The HEC sink against a local HEC-compatible receiver: batching, retries, dead letters, replay. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ocsfEvents } from '../../reports/ocsf/index.js';
import { readDeadLetters } from '../../src/sinks/dead-letter.js';
import { batches, deliver } from '../../src/sinks/deliver.js';
import { hecBody, hecEndpoint, hecTransport } from '../../src/sinks/hec.js';
import { replayDeadLetters, type SinkRunOptions, sendEvents } from '../../src/sinks/send.js';
import type { SinkEvent } from '../../src/sinks/types.js';
import { SIEM_INPUT } from '../reports/siem-fixture.js';
import { HecReceiver, splitHecBody } from '../support/hec-receiver.js';
import { OcsfValidator } from '../support/ocsf-schema.js';
import { temporaryDirectory } from '../support/temporary-directory.js';

const TOKEN = '6f1c3f0e-52a8-4a4e-9f57-0c1d2e3f4a5b';
/** Five findings and four credentials: nine OCSF events with distinct ids. */
const EVENTS: SinkEvent[] = ocsfEvents(SIEM_INPUT, { includeInventory: true });
const IDS = EVENTS.map((item) => item.id);

describe('HEC wire format', () => {
  it('posts to /services/collector/event under a base URL, and to a given path as is', () => {
    expect(hecEndpoint(new URL('https://splunk.example.com:8088')).href).toBe(
      'https://splunk.example.com:8088/services/collector/event',
    );
    expect(hecEndpoint(new URL('https://hec.example.com/custom/collector?channel=x')).href).toBe(
      'https://hec.example.com/custom/collector?channel=x',
    );
  });

  it('writes one HEC event object per event: time in epoch seconds, the id as an indexed field', () => {
    const body = hecBody(EVENTS.slice(0, 2), { sourcetype: 'nhiscan:ocsf', index: 'security' });
    const objects = splitHecBody(body).map((text) => JSON.parse(text));
    expect(objects).toEqual(
      EVENTS.slice(0, 2).map((item) => ({
        time: item.time / 1000,
        source: 'nhiscan',
        sourcetype: 'nhiscan:ocsf',
        index: 'security',
        fields: { nhiscan_event_id: item.id },
        event: item.event,
      })),
    );
    expect(EVENTS.length).toBe(9);
    expect(new Set(IDS).size).toBe(9);
  });

  it('splits batches by count and by size, keeping order', () => {
    expect(batches(EVENTS, 4, 10_000_000).map((batch) => batch.length)).toEqual([4, 4, 1]);
    const bySize = batches(EVENTS, 100, 4000);
    expect(bySize.length).toBeGreaterThan(1);
    expect(bySize.flat().map((item) => item.id)).toEqual(IDS);
  });
});

describe('HEC sink', () => {
  let receiver: HecReceiver;
  let dir: ReturnType<typeof temporaryDirectory>;
  let deadLetterPath: string;
  let retries: { batch: number; attempt: number; delayMs: number; error: string }[];
  const validator = new OcsfValidator();

  const options = (overrides: Partial<SinkRunOptions> = {}): SinkRunOptions => ({
    batchSize: 4,
    retries: 3,
    retryDelayMs: 1,
    signal: new AbortController().signal,
    deadLetterPath,
    format: 'ocsf',
    now: () => new Date('2026-11-26T12:00:00Z'),
    onRetry: (info) => retries.push(info),
    ...overrides,
  });
  const transport = (token = TOKEN) =>
    hecTransport({ url: new URL(receiver.url), token, sourcetype: 'nhiscan:ocsf', timeoutMs: 5000 });

  beforeEach(async () => {
    receiver = await HecReceiver.start({ token: TOKEN });
    dir = temporaryDirectory();
    deadLetterPath = join(dir.path, 'dead-letter.ndjson');
    retries = [];
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  it('delivers every event exactly once, in batches, with the Splunk authorization and a channel', async () => {
    const result = await sendEvents(EVENTS, transport(), options());
    expect(result).toMatchObject({ delivered: 9, failed: [], requests: 3, batches: 3, deadLettered: 0 });
    expect(receiver.ids).toEqual(IDS);
    expect(receiver.requests.map((request) => [request.status, request.events])).toEqual([
      [200, 4],
      [200, 4],
      [200, 1],
    ]);
    expect(new Set(receiver.requests.map((request) => request.channel)).size).toBe(1);
    expect(
      receiver.events.every((event) => event.sourcetype === 'nhiscan:ocsf' && event.source === 'nhiscan'),
    ).toBe(true);
    for (const event of receiver.events) expect(validator.errors(event.event)).toEqual([]);
    expect(existsSync(deadLetterPath)).toBe(false);
  });

  it('during an outage retries with backoff, then dead-letters; after recovery a replay loses and duplicates nothing', async () => {
    receiver.outage = 'busy';
    const failed = await sendEvents(EVENTS, transport(), options());
    // The first batch is tried 1 + 3 times with doubling delays; the others are not tried at all.
    expect(retries.map((retry) => [retry.batch, retry.attempt, retry.delayMs])).toEqual([
      [1, 1, 1],
      [1, 2, 2],
      [1, 3, 4],
    ]);
    expect(retries[0]!.error).toBe('HTTP 503 Server is busy (HEC code 9)');
    expect(receiver.requests).toHaveLength(4);
    expect(receiver.events).toEqual([]);
    expect(failed).toMatchObject({ delivered: 0, requests: 4, deadLettered: 9 });
    const letters = readDeadLetters(deadLetterPath);
    expect(letters.map((letter) => letter.id)).toEqual(IDS);
    expect(letters[0]).toEqual({
      id: IDS[0],
      format: 'ocsf',
      sink: 'hec',
      time: EVENTS[0]!.time,
      event: EVENTS[0]!.event,
      error: 'HTTP 503 Server is busy (HEC code 9) (after 4 attempts)',
      attempts: 4,
      deadLetteredAt: '2026-11-26T12:00:00.000Z',
    });
    expect(letters[8]).toMatchObject({
      attempts: 0,
      error: `not sent: hec ${receiver.url}/services/collector/event: HTTP 503 Server is busy (HEC code 9) (after 4 attempts)`,
    });

    receiver.outage = false;
    const replayed = await replayDeadLetters(transport(), options());
    expect(replayed).toMatchObject({ delivered: 9, failed: [], total: 9, deadLettered: 0 });
    expect(receiver.ids).toEqual(IDS);
    expect(existsSync(deadLetterPath)).toBe(false);
    const again = await replayDeadLetters(transport(), options());
    expect(again).toMatchObject({ delivered: 0, total: 0, requests: 0 });
    expect(receiver.ids).toEqual(IDS);
  });

  it('when the outage starts mid-run, dead-letters only the undelivered batches; the replay sends only those', async () => {
    let requests = 0;
    const flaky = transport();
    const wrapped = {
      ...flaky,
      send: async (batch: readonly SinkEvent[], signal: AbortSignal) => {
        requests += 1;
        if (requests === 2) receiver.outage = 'busy';
        return flaky.send(batch, signal);
      },
    };
    const result = await sendEvents(EVENTS, wrapped, options());
    expect(result).toMatchObject({ delivered: 4, deadLettered: 5 });
    expect(receiver.ids).toEqual(IDS.slice(0, 4));
    expect(readDeadLetters(deadLetterPath).map((letter) => letter.id)).toEqual(IDS.slice(4));

    receiver.outage = false;
    await replayDeadLetters(transport(), options());
    expect(receiver.ids).toEqual(IDS);
  });

  it('a replay interrupted by a new outage keeps exactly the unacknowledged events; the next replay finishes', async () => {
    receiver.outage = 'busy';
    await sendEvents(EVENTS, transport(), options());
    receiver.outage = false;
    const inner = transport();
    let requests = 0;
    const failing = {
      ...inner,
      send: async (batch: readonly SinkEvent[], signal: AbortSignal) => {
        requests += 1;
        if (requests === 2) receiver.outage = 'reset';
        return inner.send(batch, signal);
      },
    };
    const partial = await replayDeadLetters(failing, options({ retries: 1 }));
    expect(partial).toMatchObject({ delivered: 4, deadLettered: 5 });
    expect(partial.failed[0]!.error).toMatch(/^request failed: .+ \(after 2 attempts\)$/);
    expect(readDeadLetters(deadLetterPath).map((letter) => letter.id)).toEqual(IDS.slice(4));
    // Attempts add up across runs: these were not tried by the first run (its first batch failed for good).
    expect(readDeadLetters(deadLetterPath).map((letter) => letter.attempts)).toEqual([2, 2, 2, 2, 0]);

    receiver.outage = false;
    await replayDeadLetters(transport(), options());
    expect(receiver.ids).toEqual(IDS);
    expect(existsSync(deadLetterPath)).toBe(false);
  });

  it('a normal run that delivers events still in the dead-letter file removes them, so no replay repeats them', async () => {
    receiver.outage = 'busy';
    await sendEvents(EVENTS, transport(), options());
    receiver.outage = false;
    await sendEvents(EVENTS, transport(), options());
    expect(receiver.ids).toEqual(IDS);
    expect(existsSync(deadLetterPath)).toBe(false);
  });

  it('appends to an existing dead-letter file, never twice the same event', async () => {
    receiver.outage = 'busy';
    await sendEvents(EVENTS.slice(0, 5), transport(), options());
    const second = await sendEvents(EVENTS, transport(), options());
    expect(second.deadLettered).toBe(4);
    expect(readDeadLetters(deadLetterPath).map((letter) => letter.id)).toEqual(IDS);
    expect(readFileSync(deadLetterPath, 'utf8').trimEnd().split('\n')).toHaveLength(9);
  });

  it('stops at a bad token: one request, every event dead-lettered, the token never in a message', async () => {
    const result = await sendEvents(EVENTS, transport('wrong-token-0000-1111'), options());
    expect(receiver.requests.map((request) => request.status)).toEqual([403]);
    expect(result.failed.map((item) => item.error)).toEqual([
      ...Array(4).fill('HTTP 403 Invalid token (HEC code 4)'),
      ...Array(5).fill(
        `not sent: hec ${receiver.url}/services/collector/event: HTTP 403 Invalid token (HEC code 4)`,
      ),
    ]);
    expect(retries).toEqual([]);
    expect(readFileSync(deadLetterPath, 'utf8')).not.toContain('wrong-token-0000-1111');
  });

  it('a lost acknowledgement makes the receiver see a batch twice, with the same ids: deduplicating by id is exact', async () => {
    receiver.acceptThenFail = 1;
    const result = await sendEvents(EVENTS, transport(), options());
    expect(result).toMatchObject({ delivered: 9, failed: [], requests: 4 });
    expect(receiver.ids).toEqual([...IDS.slice(0, 4), ...IDS]);
    const firstById = new Map(receiver.events.map((event) => [event.id, event.event]));
    expect([...firstById.keys()]).toEqual(IDS);
    expect(receiver.events.slice(0, 4)).toEqual(receiver.events.slice(4, 8));
  });

  it('dead-letters everything, not a single event lost, when interrupted during a backoff', async () => {
    receiver.outage = 'busy';
    const controller = new AbortController();
    const result = await deliver(EVENTS, transport(), {
      batchSize: 4,
      retries: 5,
      retryDelayMs: 60_000,
      signal: controller.signal,
      onRetry: () => controller.abort(new Error('interrupted')),
    });
    expect(result.delivered).toBe(0);
    expect(result.failed.map((item) => item.event.id)).toEqual(IDS);
    expect(result.failed.map((item) => item.error)).toEqual([
      ...Array(4).fill('interrupted'),
      ...Array(5).fill('not sent: interrupted'),
    ]);
  });

  it('dead-letters a batch whose transport fails unexpectedly instead of losing it', async () => {
    const broken = {
      kind: 'hec',
      target: 'nowhere',
      send: async () => {
        throw new Error('socket factory exploded');
      },
    };
    const result = await sendEvents(EVENTS, broken, options());
    expect(result).toMatchObject({ delivered: 0, deadLettered: 9, requests: 1 });
    expect(result.failed[0]!.error).toBe('hec: socket factory exploded');
    expect(readDeadLetters(deadLetterPath).map((letter) => letter.id)).toEqual(IDS);
  });

  it('replays only the events of its format and keeps the others in the file', async () => {
    receiver.outage = 'busy';
    await sendEvents(EVENTS.slice(0, 3), transport(), options());
    await sendEvents(EVENTS.slice(3, 5), transport(), options({ format: 'ecs' }));
    receiver.outage = false;
    const result = await replayDeadLetters(transport(), options());
    expect(result).toMatchObject({ delivered: 3, keptOtherFormats: 2 });
    expect(receiver.ids).toEqual(IDS.slice(0, 3));
    expect(readDeadLetters(deadLetterPath).map((letter) => [letter.id, letter.format])).toEqual([
      [IDS[3], 'ecs'],
      [IDS[4], 'ecs'],
    ]);
  });
});
