/**
 * A digest as one plain-text email over SMTP. Without `secure` (implicit TLS) STARTTLS is
 * required: a server that does not offer it gets neither the credentials nor the message. The
 * Message-ID is fixed per digest, so a resent notice is recognisably the same message.
 * nodemailer is imported on the first send, so a command that sends no email never loads it.
 */
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { scrub } from '../../sinks/http.js';
import type { ChannelOutcome, Digest, NoticeChannel } from './types.js';

export interface EmailChannelSettings {
  name: string;
  host: string;
  port: number;
  secure: boolean;
  from: string;
  auth?: { user: string; pass: string };
  /** Extra trusted CA certificates (PEM). */
  ca?: string;
  timeoutMs: number;
}

function messageId(digest: Digest): string {
  return `<nhiscan-notice-${digest.id}@nhiscan>`;
}

function emailMessage(digest: Digest, from: string) {
  return {
    from,
    to: digest.recipient,
    subject: digest.subject,
    text: digest.text,
    messageId: messageId(digest),
    headers: {
      'X-Nhiscan-Digest': String(digest.id),
      // An automatic message (RFC 3834 section 5): auto-responders, out-of-office replies
      // included, do not answer it; Exchange reads its own header for the same.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    },
  };
}

/** What nodemailer puts on its errors. */
interface SmtpError {
  message: string;
  code?: string;
  command?: string;
  responseCode?: number;
}

const CONNECTION_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS']);
const CONNECTION_MESSAGE = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|socket close/i;
const CERTIFICATE_MESSAGE = /certificate|self[- ]signed|altnames|CERT_/i;

/** An SMTP failure as an outcome: 4xx and connection trouble retry; 5xx, TLS and config problems do not. */
function smtpFailure(error: unknown, mask: (text: string) => string): ChannelOutcome {
  const failure = (error ?? {}) as SmtpError;
  const message = typeof failure.message === 'string' ? failure.message : String(error);
  const where =
    failure.command && failure.command !== 'CONN' && failure.command !== 'API'
      ? `SMTP ${failure.command}: `
      : 'SMTP: ';
  const text = mask(`${where}${message}`);
  // A STARTTLS refused (not one that failed in the handshake): the server does not do TLS.
  if (failure.code === 'ETLS' && failure.command === 'STARTTLS' && !/initiating TLS/.test(message))
    return {
      ok: false,
      retryable: false,
      error: `server does not offer STARTTLS, so nothing was sent (credentials and mail never go in clear); for implicit TLS set secure: true (port 465). ${text}`,
    };
  if (failure.responseCode === undefined && CERTIFICATE_MESSAGE.test(message))
    return {
      ok: false,
      retryable: false,
      error: `cannot verify the server's TLS certificate; for a private CA set caFile to its PEM file. ${text}`,
    };
  if (failure.responseCode !== undefined)
    return { ok: false, retryable: failure.responseCode >= 400 && failure.responseCode < 500, error: text };
  const connection = CONNECTION_CODES.has(failure.code ?? '') || CONNECTION_MESSAGE.test(message);
  return { ok: false, retryable: connection, error: text };
}

/** Masks the password, and its base64 forms as AUTH LOGIN and AUTH PLAIN send it, then redacts. */
function masker(auth: EmailChannelSettings['auth']): (text: string) => string {
  const secrets = auth
    ? [
        Buffer.from(`\0${auth.user}\0${auth.pass}`).toString('base64'),
        Buffer.from(`${auth.user}\0${auth.user}\0${auth.pass}`).toString('base64'),
        Buffer.from(auth.pass).toString('base64'),
      ]
    : [];
  return (text) =>
    scrub(
      secrets.reduce((masked, secret) => masked.split(secret).join('[redacted]'), text),
      auth?.pass,
    );
}

/** One plain address: a list ("a@x, b@y") or a display name would reach someone else too. */
const SINGLE_ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+$/;

export function emailChannel(settings: EmailChannelSettings): NoticeChannel {
  const transportOptions: SMTPTransport.Options = {
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: !settings.secure,
    // With credentials configured, a server that stops offering AUTH after STARTTLS fails the
    // send instead of nhiscan mailing unauthenticated.
    ...(settings.auth ? { auth: settings.auth, forceAuth: true } : {}),
    tls: { minVersion: 'TLSv1.2', ...(settings.ca !== undefined ? { ca: settings.ca } : {}) },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  };
  let transporter: Promise<Transporter<SMTPTransport.SentMessageInfo>> | undefined;
  const transport = () =>
    (transporter ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport(transportOptions),
    ));
  const mask = masker(settings.auth);
  return {
    name: settings.name,
    kind: 'email',
    target: `smtp${settings.secure ? 's' : ''}://${settings.host}:${settings.port}`,
    async send(digest, signal): Promise<ChannelOutcome> {
      signal.throwIfAborted();
      if (!SINGLE_ADDRESS.test(digest.recipient))
        return {
          ok: false,
          retryable: false,
          error: `not sent: the recipient ${JSON.stringify(digest.recipient)} is not one plain email address`,
        };
      const sending = transport()
        .then((smtp) => smtp.sendMail(emailMessage(digest, settings.from)))
        .then(
          (info): ChannelOutcome => ({ ok: true, detail: mask(info.response) }),
          (error: unknown) => smtpFailure(error, mask),
        );
      // nodemailer takes no signal: on abort stop waiting; the connection ends by its own timeouts.
      return await new Promise<ChannelOutcome>((resolve, reject) => {
        const onAbort = () => reject(signal.reason);
        signal.addEventListener('abort', onAbort, { once: true });
        void sending.then((outcome) => {
          signal.removeEventListener('abort', onAbort);
          resolve(outcome);
        });
      });
    },
    close() {
      // A transport that failed to load has nothing to close (that send already reported it).
      void transporter?.then(
        (smtp) => smtp.close(),
        () => {},
      );
    },
  };
}
