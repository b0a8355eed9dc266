import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type TlsCertificate, tlsCertificate } from '../../src/emulate/tls-certificate.js';
import { createChannel } from '../../src/notify/channels/create.js';
import { deliverDigest } from '../../src/notify/channels/deliver.js';
import { emailChannelSchema } from '../../src/notify/channels/options.js';
import type { NoticeChannel } from '../../src/notify/channels/types.js';
import { temporaryDirectory } from '../support/temporary-directory.js';
import { DIGEST } from './support/digest.js';
import { SmtpReceiver, type SmtpReceiverOptions } from './support/smtp-receiver.js';

const USER = 'nhiscan-mailer';
const PASSWORD = 'smtp-Pa55word-9d2f71c4';
const PASSWORD_VARIABLE = 'NHISCAN_TEST_SMTP_PASSWORD';
const FROM = 'nhiscan@example.com';

let certificate: TlsCertificate;
let folder: ReturnType<typeof temporaryDirectory>;
let receiver: SmtpReceiver | undefined;
let channel: NoticeChannel | undefined;

beforeAll(async () => {
  certificate = await tlsCertificate();
  folder = temporaryDirectory();
  writeFileSync(join(folder.path, 'smtp-ca.pem'), certificate.certPem);
});
afterAll(() => folder.remove());
beforeEach(() => {
  process.env[PASSWORD_VARIABLE] = PASSWORD;
});
afterEach(async () => {
  delete process.env[PASSWORD_VARIABLE];
  await channel?.close?.();
  channel = undefined;
  await receiver?.close();
  receiver = undefined;
});

async function start(options: Partial<SmtpReceiverOptions> = {}): Promise<SmtpReceiver> {
  receiver = await SmtpReceiver.start({ ...certificate, user: USER, password: PASSWORD, ...options });
  return receiver;
}

function emailTo(port: number, extra: Record<string, unknown> = {}): NoticeChannel {
  const options = emailChannelSchema.parse({
    type: 'email',
    host: '127.0.0.1',
    port,
    from: FROM,
    username: USER,
    password: `env:${PASSWORD_VARIABLE}`,
    caFile: 'smtp-ca.pem',
    timeoutMs: 5000,
    ...extra,
  });
  channel = createChannel(options, { baseDir: folder.path });
  return channel;
}

const signal = () => new AbortController().signal;

/** The header block and the body of a raw message, line endings as sent. */
function split(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of raw
    .slice(0, end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: raw.slice(end + 4) };
}

describe('email channel', () => {
  it('sends the digest over STARTTLS, logged in, to exactly the recipient, with a stable Message-ID', async () => {
    const smtp = await start();
    const mail = emailTo(smtp.port);
    expect([mail.name, mail.kind, mail.target]).toEqual(['email', 'email', `smtp://127.0.0.1:${smtp.port}`]);

    const outcome = await mail.send(DIGEST, signal());

    expect(outcome).toEqual({ ok: true, detail: '250 Message queued as TEST1' });
    expect(smtp.auths).toEqual([{ method: 'PLAIN', username: USER, secure: true }]);
    expect(smtp.mailFroms).toEqual([{ address: FROM, secure: true }]);
    expect(smtp.rcpts).toEqual([{ address: DIGEST.recipient, code: 250 }]);
    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0]!;
    expect([message.secure, message.user, message.mailFrom, message.rcptTo]).toEqual([
      true,
      USER,
      FROM,
      [DIGEST.recipient],
    ]);
    const { headers, body } = split(message.raw);
    expect(headers).toMatchObject({
      from: FROM,
      to: DIGEST.recipient,
      subject: DIGEST.subject,
      'message-id': '<nhiscan-notice-42@nhiscan>',
      'x-nhiscan-digest': '42',
      // An automatic message: out-of-office replies stay away (RFC 3834; Exchange's own header).
      'auto-submitted': 'auto-generated',
      'x-auto-response-suppress': 'All',
      'content-type': 'text/plain; charset=utf-8',
    });
    expect(body).toBe(DIGEST.text.replace(/\n/g, '\r\n'));
  });

  it('uses STARTTLS even when the server does not advertise it, and only then logs in', async () => {
    const smtp = await start({ hideStartTls: true });
    const outcome = await emailTo(smtp.port).send(DIGEST, signal());
    expect(outcome.ok).toBe(true);
    expect(smtp.auths).toEqual([{ method: 'PLAIN', username: USER, secure: true }]);
    expect(smtp.messages.map((message) => message.secure)).toEqual([true]);
  });

  it('sends nothing, credentials included, to a server without STARTTLS', async () => {
    const smtp = await start({ withoutStartTls: true });
    const outcome = await emailTo(smtp.port).send(DIGEST, signal());
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error:
        'server does not offer STARTTLS, so nothing was sent (credentials and mail never go in clear); ' +
        'for implicit TLS set secure: true (port 465). ' +
        'SMTP STARTTLS: Error upgrading connection with STARTTLS: 500 Error: command not recognized',
    });
    expect(smtp.auths).toEqual([]);
    expect(smtp.mailFroms).toEqual([]);
    expect(smtp.messages).toEqual([]);
  });

  it('refuses a certificate it cannot verify (no caFile), before logging in', async () => {
    const smtp = await start();
    const outcome = await emailTo(smtp.port, { caFile: undefined }).send(DIGEST, signal());
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.ok === false && outcome.error).toBe(
      "cannot verify the server's TLS certificate; for a private CA set caFile to its PEM file. " +
        'SMTP: self-signed certificate',
    );
    expect(smtp.auths).toEqual([]);
  });

  it('reports a wrong password as final (535), never repeating the password', async () => {
    const smtp = await start({ password: 'the-right-one' });
    const outcome = await emailTo(smtp.port).send(DIGEST, signal());
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error: 'SMTP AUTH PLAIN: Invalid login: 535 Invalid username or password',
    });
    expect(JSON.stringify(outcome)).not.toContain(PASSWORD);
    expect(smtp.auths).toEqual([{ method: 'PLAIN', username: USER, secure: true }]);
    expect(smtp.messages).toEqual([]);
  });

  it('masks the password and its base64 forms should a server echo them', async () => {
    const plain = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
    const smtp = await start({ authAnswer: { code: 535, text: `bad ${plain} for ${PASSWORD}` } });
    const outcome = await emailTo(smtp.port).send(DIGEST, signal());
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      error: 'SMTP AUTH PLAIN: Invalid login: 535 bad [redacted] for [redacted]',
    });
  });

  it('retries a 451 on RCPT TO and delivers on the second attempt', async () => {
    const smtp = await start({ rcptAnswers: [{ code: 451, text: '4.7.1 Try again later' }] });
    const waits: number[] = [];
    const retries: unknown[] = [];
    const result = await deliverDigest(DIGEST, emailTo(smtp.port), {
      signal: signal(),
      wait: async (ms) => {
        waits.push(ms);
      },
      onRetry: (info) => retries.push(info),
    });
    expect(result).toEqual({ delivered: true, attempts: 2, detail: '250 Message queued as TEST1' });
    expect(waits).toEqual([1000]);
    expect(retries).toEqual([
      {
        attempt: 1,
        delayMs: 1000,
        error: "SMTP RCPT TO: Can't send mail - all recipients were rejected: 451 4.7.1 Try again later",
      },
    ]);
    expect(smtp.rcpts).toEqual([
      { address: DIGEST.recipient, code: 451 },
      { address: DIGEST.recipient, code: 250 },
    ]);
    expect(smtp.messages.map((message) => split(message.raw).headers['message-id'])).toEqual([
      '<nhiscan-notice-42@nhiscan>',
    ]);
  });

  it('does not retry a mailbox the server refuses (550)', async () => {
    const smtp = await start({ rcptAnswers: [{ code: 550, text: '5.1.1 No such user' }] });
    const result = await deliverDigest(DIGEST, emailTo(smtp.port), {
      signal: signal(),
      wait: () => Promise.reject(new Error('unexpected wait')),
    });
    expect(result).toEqual({
      delivered: false,
      attempts: 1,
      error: "SMTP RCPT TO: Can't send mail - all recipients were rejected: 550 5.1.1 No such user",
    });
  });

  it('sends nothing to a recipient that is not one plain address', async () => {
    const smtp = await start();
    const mail = emailTo(smtp.port);
    for (const recipient of ['dana@example.com, eve@example.net', 'Dana <dana@example.com>', 'dana'])
      expect(await mail.send({ ...DIGEST, recipient }, signal())).toEqual({
        ok: false,
        retryable: false,
        error: `not sent: the recipient ${JSON.stringify(recipient)} is not one plain email address`,
      });
    expect([smtp.mailFroms, smtp.messages]).toEqual([[], []]);
  });

  it('calls a refused connection retryable', async () => {
    const port = await closedPort();
    const outcome = await emailTo(port).send(DIGEST, signal());
    expect(outcome).toEqual({
      ok: false,
      retryable: true,
      error: `SMTP: connect ECONNREFUSED 127.0.0.1:${port}`,
    });
  });

  it("rethrows the caller's abort", async () => {
    const smtp = await start();
    const controller = new AbortController();
    const sending = emailTo(smtp.port).send(DIGEST, controller.signal);
    controller.abort(new Error('interrupted'));
    await expect(sending).rejects.toThrow('interrupted');
  });
});

/** A port on 127.0.0.1 that nothing listens on (taken, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
