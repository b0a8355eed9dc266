import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../src/notify/channels/create.js';
import { deliverDigest } from '../../src/notify/channels/deliver.js';
import { webhookChannelSchema } from '../../src/notify/channels/options.js';
import type { Digest, NoticeChannel } from '../../src/notify/channels/types.js';
import { DIGEST } from './support/digest.js';
import { type HookAnswer, HookReceiver } from './support/hook-receiver.js';

const SECRET_PATH = '/services/T000/B000/XXXXSECRETXXXX';
const TOKEN = 'hook-token-3c9e1a7f55';
const URL_VARIABLE = 'NHISCAN_TEST_HOOK_URL';
const TOKEN_VARIABLE = 'NHISCAN_TEST_HOOK_TOKEN';

let receiver: HookReceiver | undefined;

beforeEach(() => {
  process.env[TOKEN_VARIABLE] = TOKEN;
});
afterEach(async () => {
  delete process.env[URL_VARIABLE];
  delete process.env[TOKEN_VARIABLE];
  if (receiver) {
    const { unexpected, unused } = receiver;
    await receiver.close();
    receiver = undefined;
    expect({ unexpected, unused }).toEqual({ unexpected: [], unused: [] });
  }
});

/** A receiver answering `answers`, and a channel posting to its secret path (given through env:). */
async function hook(answers: HookAnswer[], extra: Record<string, unknown> = {}): Promise<NoticeChannel> {
  receiver = await HookReceiver.start(answers);
  process.env[URL_VARIABLE] = `${receiver.origin}${SECRET_PATH}`;
  const options = webhookChannelSchema.parse({
    type: 'webhook',
    name: 'slack',
    url: `env:${URL_VARIABLE}`,
    token: `env:${TOKEN_VARIABLE}`,
    ...extra,
  });
  return createChannel(options, { baseDir: '/nonexistent' });
}

const signal = () => new AbortController().signal;

function recordingWait() {
  const waits: number[] = [];
  return {
    waits,
    wait: async (ms: number) => {
      waits.push(ms);
    },
  };
}

describe('webhook channel', () => {
  it('POSTs the digest as JSON with top-level text, an idempotency key and the Bearer token', async () => {
    const channel = await hook([{ status: 200, body: 'ok' }]);
    expect([channel.name, channel.kind, channel.target]).toEqual(['slack', 'webhook', receiver!.origin]);

    const outcome = await channel.send(DIGEST, signal());

    expect(outcome).toEqual({ ok: true, detail: 'HTTP 200' });
    const [request] = receiver!.requests;
    expect([request!.method, request!.path]).toEqual(['POST', SECRET_PATH]);
    expect(request!.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'nhi-notice-42',
      authorization: `Bearer ${TOKEN}`,
    });
    expect(JSON.parse(request!.body)).toEqual({
      text:
        '*nhiscan: credentials of Lee Leaver will be disabled from 2026-12-03*\n' +
        'To: dana.manager@example.com (manager)\n\n' +
        'Hello dana.manager@example.com,\n\n' +
        '- aws 123456789012 user/ci-deploy: access key AKIA...7Q (leaver-owned, high)\n' +
        '  from 2026-12-03: disable the access key, then delete it 14 days later\n',
      nhiscan: {
        digestId: 42,
        recipient: 'dana.manager@example.com',
        role: 'manager',
        deadline: '2026-12-03',
        items: DIGEST.items,
      },
    });
  });

  it('sends no authorization header without a token', async () => {
    const channel = await hook([{ status: 204 }], { token: undefined });
    expect(await channel.send(DIGEST, signal())).toEqual({ ok: true, detail: 'HTTP 204' });
    expect(receiver!.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('escapes Slack control characters, so no name in a digest becomes a link', async () => {
    const channel = await hook([{ status: 200 }]);
    const digest: Digest = { ...DIGEST, subject: 'R&D <https://evil.example|approve here>', text: 'a > b\n' };
    await channel.send(digest, signal());
    expect(JSON.parse(receiver!.requests[0]!.body).text).toBe(
      '*R&amp;D &lt;https://evil.example|approve here&gt;*\nTo: dana.manager@example.com (manager)\n\na &gt; b\n',
    );
  });

  it('waits as long as a 429 says (Retry-After: 2), then delivers with the same idempotency key', async () => {
    const channel = await hook([
      { status: 429, headers: { 'retry-after': '2' }, body: 'slow down' },
      { status: 200, body: 'ok' },
    ]);
    const { waits, wait } = recordingWait();
    const result = await deliverDigest(DIGEST, channel, { signal: signal(), wait });
    expect(result).toEqual({ delivered: true, attempts: 2, detail: 'HTTP 200' });
    expect(waits).toEqual([2000]);
    expect(receiver!.requests.map((request) => request.headers['idempotency-key'])).toEqual([
      'nhi-notice-42',
      'nhi-notice-42',
    ]);
  });

  it('gives up on a 500 after the retries, backing off 1 s, 2 s, 4 s', async () => {
    const channel = await hook(Array.from({ length: 4 }, () => ({ status: 500, body: 'internal error' })));
    const { waits, wait } = recordingWait();
    const result = await deliverDigest(DIGEST, channel, { signal: signal(), wait });
    expect(result).toEqual({
      delivered: false,
      attempts: 4,
      error: 'HTTP 500 internal error (after 4 attempts)',
    });
    expect(waits).toEqual([1000, 2000, 4000]);
  });

  it('does not retry a 404', async () => {
    const channel = await hook([{ status: 404, body: 'no_service' }]);
    const result = await deliverDigest(DIGEST, channel, {
      signal: signal(),
      wait: () => Promise.reject(new Error('unexpected wait')),
    });
    expect(result).toEqual({ delivered: false, attempts: 1, error: 'HTTP 404 no_service' });
  });

  it("never shows the URL's secret path or the token, even when the server echoes them", async () => {
    const channel = await hook([
      {
        status: 400,
        body: (request) =>
          `invalid_payload for http://127.0.0.1${request.path} (${request.path}) ` +
          `key XXXXSECRETXXXX auth ${request.headers.authorization} raw ${TOKEN}`,
      },
    ]);
    const outcome = await channel.send(DIGEST, signal());
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error:
        'HTTP 400 invalid_payload for http://127.0.0.1[redacted] ([redacted]) key [redacted] auth Bearer [redacted] raw [redacted]',
    });
    expect(channel.target).not.toContain('SECRET');
  });

  it('calls a refused connection retryable, without the URL', async () => {
    const channel = await hook([]);
    const closed = receiver!;
    receiver = undefined;
    await closed.close();
    const outcome = await channel.send(DIGEST, signal());
    expect(outcome).toEqual({ ok: false, retryable: true, error: 'request failed: ECONNREFUSED' });
  });
});
