/**
 * An NDJSON webhook on 127.0.0.1 for the sink tests: records each POST (headers that matter, the
 * events of its body) and answers 200, or 503 during an `outage`, or 401 when a token is expected
 * and the request's Bearer token is not it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WebhookRequest {
  status: number;
  contentType: string | undefined;
  idempotencyKey: string | undefined;
  authorization: string | undefined;
  events: Record<string, unknown>[];
}

export class WebhookReceiver {
  outage = false;
  readonly requests: WebhookRequest[] = [];

  private constructor(
    private readonly server: Server,
    readonly token: string | undefined,
  ) {}

  static async start(options: { token?: string } = {}): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const self = receiver!;
      const authorization = request.headers.authorization;
      const status =
        self.token !== undefined && authorization !== `Bearer ${self.token}` ? 401 : self.outage ? 503 : 200;
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      self.requests.push({
        status,
        contentType: header('content-type'),
        idempotencyKey: header('idempotency-key'),
        authorization,
        events:
          status === 200
            ? body
                .split('\n')
                .filter((line) => line !== '')
                .map((line) => JSON.parse(line) as Record<string, unknown>)
            : [],
      });
      response.writeHead(status, { 'content-type': 'text/plain' });
      response.end(status === 200 ? 'ok' : status === 401 ? 'unauthorized' : 'unavailable');
    });
    receiver = new WebhookReceiver(server, options.token);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/nhiscan`;
  }

  /** Every event accepted, in arrival order. */
  get events(): Record<string, unknown>[] {
    return this.requests.flatMap((request) => request.events);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
