/**
 * A JSON webhook on 127.0.0.1 that answers from a script, one answer per request, and records
 * each request. Strict: a request past the end of the script is answered 599 and recorded in
 * `unexpected`; `unused` lists answers never asked for. Tests check both are empty.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HookAnswer {
  status: number;
  headers?: Record<string, string>;
  /** The body; a function sees the request (to echo what was sent). */
  body?: string | ((request: HookRequest) => string);
}

export interface HookRequest {
  method: string | undefined;
  path: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

export class HookReceiver {
  readonly requests: HookRequest[] = [];
  readonly unexpected: HookRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly answers: HookAnswer[],
  ) {}

  static async start(answers: HookAnswer[]): Promise<HookReceiver> {
    let receiver: HookReceiver | undefined;
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const recorded: HookRequest = {
        method: request.method,
        path: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const answer = receiver!.answers.shift();
      if (!answer) {
        receiver!.unexpected.push(recorded);
        response.writeHead(599).end('unexpected request');
        return;
      }
      receiver!.requests.push(recorded);
      const body = typeof answer.body === 'function' ? answer.body(recorded) : (answer.body ?? '');
      response.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers }).end(body);
    });
    receiver = new HookReceiver(server, [...answers]);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the script still holds. */
  get unused(): HookAnswer[] {
    return [...this.answers];
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
