import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ecsEvents } from '../../reports/ecs/index.js';
import { readDeadLetters } from '../../src/sinks/dead-letter.js';
import { parseRetryAfter, retryDelay } from '../../src/sinks/retry.js';
import { replayDeadLetters, type SinkRunOptions, sendEvents } from '../../src/sinks/send.js';
import { batchKey, webhookTransport } from '../../src/sinks/webhook.js';
import { SIEM_INPUT } from '../reports/siem-fixture.js';
import { ecsErrors } from '../support/ecs-fields.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';

const EVENTS = ecsEvents(SIEM_INPUT, { includeInventory: true });
const IDS = EVENTS.map((item) => item.id);

describe('backoff', () => {
  it('doubles from the base delay up to the cap; a Retry-After wins, capped too', () => {
    const backoff = { baseMs: 100, maxMs: 1000 };
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(attempt, backoff))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(retryDelay(1, backoff, 3000)).toBe(1000);
    expect(retryDelay(3, backoff, 0)).toBe(0);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('Thu, 26 Nov 2026 12:00:10 GMT', Date.parse('2026-11-26T12:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('webhook sink', () => {
  let receiver: WebhookReceiver;
  let dir: ReturnType<typeof temporaryDirectory>;
  const options = (): SinkRunOptions => ({
    batchSize: 5,
    retries: 2,
    retryDelayMs: 1,
    signal: new AbortController().signal,
    deadLetterPath: join(dir.path, 'dead.ndjson'),
    format: 'ecs',
    now: () => new Date('2026-11-26T12:00:00Z'),
  });

  beforeEach(async () => {
    receiver = await WebhookReceiver.start({ token: 'hook-secret-123' });
    dir = temporaryDirectory();
  });
  afterEach(async () => {
    await receiver.close();
    dir.remove();
  });

  const transport = (token?: string) =>
    webhookTransport({ url: new URL(receiver.url), token, timeoutMs: 5000 });

  it('POSTs NDJSON batches with a Bearer token and an idempotency key per batch', async () => {
    const result = await sendEvents(EVENTS, transport('hook-secret-123'), options());
    expect(result).toMatchObject({ delivered: 9, failed: [], requests: 2 });
    expect(
      receiver.requests.map((request) => [request.status, request.contentType, request.authorization]),
    ).toEqual([
      [200, 'application/x-ndjson', 'Bearer hook-secret-123'],
      [200, 'application/x-ndjson', 'Bearer hook-secret-123'],
    ]);
    expect(receiver.requests.map((request) => request.idempotencyKey)).toEqual([
      batchKey(EVENTS.slice(0, 5)),
      batchKey(EVENTS.slice(5)),
    ]);
    expect(receiver.events).toEqual(EVENTS.map((item) => item.event));
    for (const event of receiver.events) expect(ecsErrors(event)).toEqual([]);
    expect(receiver.events.map((event) => (event.event as { id: string }).id)).toEqual(IDS);
  });

  it('retries during an outage, dead-letters, then replays with the same idempotency keys: each event once', async () => {
    receiver.outage = true;
    const failed = await sendEvents(EVENTS, transport('hook-secret-123'), options());
    expect(failed).toMatchObject({ delivered: 0, requests: 3, deadLettered: 9 });
    expect(failed.failed[0]!.error).toBe('HTTP 503 unavailable (after 3 attempts)');
    const keys = receiver.requests.map((request) => request.idempotencyKey);
    expect(new Set(keys).size).toBe(1);

    receiver.outage = false;
    await replayDeadLetters(transport('hook-secret-123'), options());
    expect(receiver.events.map((event) => (event.event as { id: string }).id)).toEqual(IDS);
    expect(receiver.requests.filter((request) => request.status === 200)[0]!.idempotencyKey).toBe(keys[0]);
    expect(existsSync(join(dir.path, 'dead.ndjson'))).toBe(false);
  });

  it('stops at 401 without retrying and keeps every event', async () => {
    const result = await sendEvents(EVENTS, transport('not-the-secret'), options());
    expect(receiver.requests.map((request) => request.status)).toEqual([401]);
    expect(result.failed[0]!.error).toBe('HTTP 401 unauthorized');
    expect(readDeadLetters(join(dir.path, 'dead.ndjson')).map((letter) => letter.id)).toEqual(IDS);
  });
});
