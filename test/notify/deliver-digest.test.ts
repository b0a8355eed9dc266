import { describe, expect, it } from 'vitest';
import { deliverDigest } from '../../src/notify/channels/deliver.js';
import type { NoticeChannel } from '../../src/notify/channels/types.js';
import { DIGEST } from './support/digest.js';
import { type ScriptedAnswer, ScriptedChannel } from './support/scripted-channel.js';

const busy = (extra: object = {}): ScriptedAnswer => ({
  ok: false,
  retryable: true,
  error: 'HTTP 503 busy',
  ...extra,
});

function run(answers: ScriptedAnswer[], options: Partial<Parameters<typeof deliverDigest>[2]> = {}) {
  const channel = new ScriptedChannel(answers);
  const waits: number[] = [];
  const retries: unknown[] = [];
  const result = deliverDigest(DIGEST, channel, {
    signal: new AbortController().signal,
    wait: async (ms) => {
      waits.push(ms);
    },
    onRetry: (info) => retries.push(info),
    ...options,
  });
  return { channel, waits, retries, result };
}

describe('deliverDigest', () => {
  it('returns the first success with its detail', async () => {
    const { channel, waits, result } = run([{ ok: true, detail: 'HTTP 200' }]);
    expect(await result).toEqual({ delivered: true, attempts: 1, detail: 'HTTP 200' });
    expect([channel.sent, channel.unused, waits]).toEqual([[42], [], []]);
  });

  it('backs off doubling up to the cap; Retry-After wins, capped too', async () => {
    const { channel, waits, retries, result } = run(
      [busy(), busy(), busy({ retryAfterMs: 60_000 }), busy(), busy(), { ok: true, detail: '250 OK' }],
      { retries: 5, retryDelayMs: 100, maxRetryDelayMs: 1000 },
    );
    expect(await result).toEqual({ delivered: true, attempts: 6, detail: '250 OK' });
    expect(waits).toEqual([100, 200, 1000, 800, 1000]);
    expect(retries).toEqual(
      waits.map((delayMs, index) => ({ attempt: index + 1, delayMs, error: 'HTTP 503 busy' })),
    );
    expect(channel.unused).toEqual([]);
  });

  it('stops after `retries` retries and says how many attempts were made', async () => {
    const { channel, waits, result } = run([busy(), busy()], { retries: 1 });
    expect(await result).toEqual({
      delivered: false,
      attempts: 2,
      error: 'HTTP 503 busy (after 2 attempts)',
    });
    expect([channel.unused, waits]).toEqual([[], [1000]]);
  });

  it('makes one attempt with retries: 0', async () => {
    const { result } = run([busy()], { retries: 0 });
    expect(await result).toEqual({ delivered: false, attempts: 1, error: 'HTTP 503 busy' });
  });

  it('stops at once on a failure that is not retryable', async () => {
    const { channel, waits, result } = run([
      { ok: false, retryable: false, error: 'HTTP 401 invalid token' },
    ]);
    expect(await result).toEqual({ delivered: false, attempts: 1, error: 'HTTP 401 invalid token' });
    expect([channel.sent, waits]).toEqual([[42], []]);
  });

  it('reports a channel that throws as a failure, not retried, secrets redacted', async () => {
    const { result } = run([{ throws: new Error('bug near password=hunter2hunter2') }]);
    expect(await result).toEqual({
      delivered: false,
      attempts: 1,
      error: 'webhook scripted: bug near password=[redacted]',
    });
  });

  it("rethrows the caller's abort during a wait, and sends nothing once aborted", async () => {
    const controller = new AbortController();
    const channel = new ScriptedChannel([busy()]);
    const delivery = deliverDigest(DIGEST, channel, {
      signal: controller.signal,
      wait: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          controller.abort(new Error('interrupted'));
        }),
    });
    await expect(delivery).rejects.toThrow('interrupted');
    expect(channel.sent).toEqual([42]);

    const untouched = new ScriptedChannel([]);
    await expect(deliverDigest(DIGEST, untouched, { signal: controller.signal })).rejects.toThrow(
      'interrupted',
    );
    expect(untouched.sent).toEqual([]);
  });

  it("rethrows the caller's abort that a channel rethrows mid-send", async () => {
    const controller = new AbortController();
    const reason = new Error('interrupted');
    let sends = 0;
    const channel: NoticeChannel = {
      name: 'aborting',
      kind: 'email',
      target: 'smtp://mail.invalid:587',
      async send() {
        sends += 1;
        controller.abort(reason);
        throw reason;
      },
    };
    await expect(deliverDigest(DIGEST, channel, { signal: controller.signal })).rejects.toBe(reason);
    expect(sends).toBe(1);
  });
});
