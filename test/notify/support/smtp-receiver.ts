/**
 * An SMTP server on 127.0.0.1 for the email channel tests: STARTTLS with a self-signed
 * certificate, AUTH PLAIN/LOGIN against one user, and a record of every session step (whether it
 * was under TLS, who logged in, the envelope, the raw message). `rcptAnswers` scripts the answers
 * to RCPT TO, e.g. one 451 before accepting.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpReceiverOptions {
  keyPem: string;
  certPem: string;
  user: string;
  password: string;
  /** Do not advertise STARTTLS, but accept it. */
  hideStartTls?: boolean;
  /** Neither advertise nor accept STARTTLS (a server without TLS). */
  withoutStartTls?: boolean;
  /** Refuse every login with this answer (e.g. one that echoes what the client sent). */
  authAnswer?: { code: number; text: string };
  /** Answers to successive RCPT TO commands: a code and text, or `accept`. Then: accept. */
  rcptAnswers?: Array<{ code: number; text: string } | 'accept'>;
  /** After the scripted answers: the answer for this address (default: accept). */
  rcptAnswerFor?: (address: string) => { code: number; text: string } | 'accept';
}

export interface SmtpAuth {
  method: string;
  username: string | undefined;
  /** Whether the session was under TLS when it authenticated. */
  secure: boolean;
}

export interface SmtpMessage {
  /** Whether the session was under TLS when MAIL FROM came. */
  secure: boolean;
  user: unknown;
  mailFrom: string | false;
  rcptTo: string[];
  raw: string;
}

export class SmtpReceiver {
  readonly auths: SmtpAuth[] = [];
  /** Every RCPT TO, with the code answered. */
  readonly rcpts: Array<{ address: string; code: number }> = [];
  readonly messages: SmtpMessage[] = [];
  /** MAIL FROM commands, with whether the session was under TLS. */
  readonly mailFroms: Array<{ address: string; secure: boolean }> = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
    const answers = [...(options.rcptAnswers ?? [])];
    let receiver: SmtpReceiver | undefined;
    const server = new SMTPServer({
      key: options.keyPem,
      cert: options.certPem,
      authMethods: ['PLAIN', 'LOGIN'],
      ...(options.hideStartTls || options.withoutStartTls ? { hideSTARTTLS: true } : {}),
      ...(options.withoutStartTls ? { disabledCommands: ['STARTTLS'] } : {}),
      logger: false,
      onAuth(auth, session, callback) {
        receiver!.auths.push({ method: auth.method, username: auth.username, secure: session.secure });
        const refusal = options.authAnswer ?? { code: 535, text: 'Invalid username or password' };
        if (!options.authAnswer && auth.username === options.user && auth.password === options.password)
          callback(null, { user: auth.username });
        else callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
      },
      onMailFrom(address, session, callback) {
        receiver!.mailFroms.push({ address: address.address, secure: session.secure });
        callback();
      },
      onRcptTo(address, _session, callback) {
        const answer = answers.shift() ?? options.rcptAnswerFor?.(address.address) ?? 'accept';
        receiver!.rcpts.push({ address: address.address, code: answer === 'accept' ? 250 : answer.code });
        if (answer === 'accept') callback();
        else callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          receiver!.messages.push({
            secure: session.secure,
            user: session.user,
            mailFrom: session.envelope.mailFrom === false ? false : session.envelope.mailFrom.address,
            rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback(null, 'Message queued as TEST1');
        });
      },
    });
    receiver = new SmtpReceiver(server);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return receiver;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
