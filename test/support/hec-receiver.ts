/**
 * A Splunk HTTP Event Collector stand-in on 127.0.0.1 for the sink tests. It speaks HEC's event
 * protocol: POST /services/collector/event (or /services/collector), `Authorization: Splunk
 * <token>`, a body of JSON event objects one after another, and HEC's replies and codes:
 *   200 {"text":"Success","code":0}
 *   400 code 5 No data, 6 Invalid data format (+ invalid-event-number), 12 Event field is
 *       required, 13 Event field cannot be blank
 *   401 code 2 Token is required, 3 Invalid authorization;  403 code 4 Invalid token
 *   404 not found;  503 code 9 Server is busy (outage)
 * A request is all-or-nothing here: an invalid event rejects the whole request.
 *
 * Switches for the tests:
 *  - `outage`: 'busy' answers 503 code 9 to everything; 'reset' drops the connection unanswered;
 *  - `acceptThenFail`: the next N requests are indexed, then answered 503 (an acknowledgement lost
 *    on the way back: the sender cannot tell, and will send the same events again).
 * `events` holds every event indexed, duplicates included, in arrival order.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHecEvent {
  /** fields.nhiscan_event_id */
  id: string | undefined;
  time: number | undefined;
  source: string | undefined;
  sourcetype: string | undefined;
  index: string | undefined;
  event: Record<string, unknown>;
}

export interface HecRequestLog {
  status: number;
  events: number;
  channel: string | undefined;
}

type Reply = { status: number; body: Record<string, unknown> };

const SUCCESS: Reply = { status: 200, body: { text: 'Success', code: 0 } };

/** Splits `{…}{…}` / `{…}\n{…}` into the objects' texts; throws at the first text that is not one. */
export function splitHecBody(body: string): string[] {
  const objects: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) objects.push(body.slice(start, index + 1));
      if (depth < 0) throw new Error(`unbalanced } at ${index}`);
    } else if (depth === 0 && !/\s/.test(char)) {
      throw new Error(`unexpected ${JSON.stringify(char)} at ${index}`);
    }
  }
  if (depth !== 0 || inString) throw new Error('truncated event');
  return objects;
}

export class HecReceiver {
  outage: false | 'busy' | 'reset' = false;
  acceptThenFail = 0;
  readonly events: ReceivedHecEvent[] = [];
  readonly requests: HecRequestLog[] = [];

  private constructor(
    private readonly server: Server,
    readonly token: string,
  ) {}

  static async start(options: { token: string }): Promise<HecReceiver> {
    let receiver: HecReceiver | undefined;
    const server = createServer((request, response) => {
      void receiver!.handle(request, response);
    });
    receiver = new HecReceiver(server, options.token);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  /** The base URL, e.g. http://127.0.0.1:PORT */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** The ids of the events indexed, in arrival order (duplicates included). */
  get ids(): (string | undefined)[] {
    return this.events.map((event) => event.id);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    if (this.outage === 'reset') {
      request.socket.destroy();
      return;
    }
    const channel = request.headers['x-splunk-request-channel'];
    const { reply, accepted } = this.reply(request, body);
    this.requests.push({
      status: reply.status,
      events: accepted.length,
      channel: typeof channel === 'string' ? channel : undefined,
    });
    response.writeHead(reply.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(reply.body));
  }

  private reply(request: IncomingMessage, body: string): { reply: Reply; accepted: ReceivedHecEvent[] } {
    const none: ReceivedHecEvent[] = [];
    const path = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (
      !['/services/collector/event', '/services/collector', '/services/collector/event/1.0'].includes(path)
    ) {
      return {
        reply: { status: 404, body: { text: 'The requested URL was not found on this server.', code: 404 } },
        accepted: none,
      };
    }
    const authorization = request.headers.authorization;
    if (!authorization)
      return { reply: { status: 401, body: { text: 'Token is required', code: 2 } }, accepted: none };
    const match = /^Splunk (\S+)$/.exec(authorization);
    if (!match)
      return { reply: { status: 401, body: { text: 'Invalid authorization', code: 3 } }, accepted: none };
    if (match[1] !== this.token)
      return { reply: { status: 403, body: { text: 'Invalid token', code: 4 } }, accepted: none };
    if (this.outage === 'busy')
      return { reply: { status: 503, body: { text: 'Server is busy', code: 9 } }, accepted: none };
    if (body.trim() === '')
      return { reply: { status: 400, body: { text: 'No data', code: 5 } }, accepted: none };

    let texts: string[];
    try {
      texts = splitHecBody(body);
    } catch {
      return {
        reply: { status: 400, body: { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 } },
        accepted: none,
      };
    }
    const accepted: ReceivedHecEvent[] = [];
    for (const [index, text] of texts.entries()) {
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(text) as Record<string, unknown>;
      } catch {
        return {
          reply: {
            status: 400,
            body: { text: 'Invalid data format', code: 6, 'invalid-event-number': index },
          },
          accepted: none,
        };
      }
      if (!('event' in value)) {
        return {
          reply: {
            status: 400,
            body: { text: 'Event field is required', code: 12, 'invalid-event-number': index },
          },
          accepted: none,
        };
      }
      if (value.event === null || value.event === '') {
        return {
          reply: {
            status: 400,
            body: { text: 'Event field cannot be blank', code: 13, 'invalid-event-number': index },
          },
          accepted: none,
        };
      }
      const fields = (value.fields ?? {}) as Record<string, unknown>;
      accepted.push({
        id: typeof fields.nhiscan_event_id === 'string' ? fields.nhiscan_event_id : undefined,
        time: typeof value.time === 'number' ? value.time : undefined,
        source: typeof value.source === 'string' ? value.source : undefined,
        sourcetype: typeof value.sourcetype === 'string' ? value.sourcetype : undefined,
        index: typeof value.index === 'string' ? value.index : undefined,
        event: value.event as Record<string, unknown>,
      });
    }
    this.events.push(...accepted);
    if (this.acceptThenFail > 0) {
      this.acceptThenFail -= 1;
      return { reply: { status: 503, body: { text: 'Server is busy', code: 9 } }, accepted };
    }
    return { reply: SUCCESS, accepted };
  }
}
