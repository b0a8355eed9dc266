/**
 * The HR event webhook (`nhiscan hr serve`): accepts only signed deliveries (./signature.ts),
 * refuses replays, validates every event before storing any, and answers what it stored. Each
 * accepted batch is an audit record; `onStored` then runs what was asked (a scan on termination).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { appendAudit } from '../../audit/append.js';
import { decodeUtf8 } from '../../core/csv.js';
import { isInputError } from '../../core/errors.js';
import { recordHrEvents } from '../../store/hr-events.js';
import type { Db } from '../../store/index.js';
import type { HrEvent } from './model.js';
import { parseHrEvents } from './parse.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, TOLERANCE_SECONDS, verifySignature } from './signature.js';

const MAX_BODY_BYTES = 1024 * 1024;

export interface HrWebhookOptions {
  db: Db;
  secret: string;
  now: () => Date;
  /** Called after a batch is stored, with the newly stored events; awaited before answering. */
  onStored?: (events: HrEvent[]) => Promise<void>;
  log?: (line: string) => void;
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const BODY = 'webhook body';

/**
 * The events of a signed body, or the problem to answer 400 with: bytes that are not UTF-8, a
 * malformed line, a value holding a secret… each located by line and key, never echoing a value.
 * Whatever a body holds, reading it is a refusal, not a server error.
 */
function readEvents(bytes: Buffer, log: ((line: string) => void) | undefined): HrEvent[] | { error: string } {
  try {
    return parseHrEvents(decodeUtf8(bytes, BODY), BODY);
  } catch (error) {
    if (isInputError(error)) {
      log?.(`refused a malformed delivery: ${error.message}`);
      return { error: error.message };
    }
    log?.(`refused a delivery that could not be read: ${(error as Error).name}`);
    return { error: `${BODY}: could not be read as NDJSON HR events` };
  }
}

export function hrWebhookServer(options: HrWebhookOptions): Server {
  const seen = new Map<string, number>();
  return createServer((request, response) => {
    const answer = (status: number, body: Record<string, unknown>) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    void (async () => {
      if (request.method !== 'POST' || request.url !== '/events')
        return answer(404, { error: 'POST /events' });
      const bytes = await readBody(request);
      if (bytes === undefined) return answer(413, { error: `body larger than ${MAX_BODY_BYTES} bytes` });
      // The signature is checked over the text as before; the events are read from the bytes, strictly.
      const body = bytes.toString('utf8');
      const nowSeconds = Math.floor(options.now().getTime() / 1000);
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      const verdict = verifySignature(
        options.secret,
        { signature: header(SIGNATURE_HEADER), timestamp: header(TIMESTAMP_HEADER) },
        body,
        nowSeconds,
      );
      if (!verdict.ok) {
        options.log?.(`refused a delivery: ${verdict.reason}`);
        return answer(401, { error: verdict.reason });
      }
      for (const [signature, at] of seen) if (nowSeconds - at > 2 * TOLERANCE_SECONDS) seen.delete(signature);
      const signature = header(SIGNATURE_HEADER)!;
      if (seen.has(signature)) {
        options.log?.('refused a replayed delivery');
        return answer(409, { error: 'this delivery was already received (replay)' });
      }
      const events = readEvents(bytes, options.log);
      if (!Array.isArray(events)) return answer(400, events);
      let stored: HrEvent[];
      let duplicates: HrEvent[];
      try {
        const time = options.now().toISOString();
        ({ stored, duplicates } = options.db.transaction(() => {
          const recorded = recordHrEvents(options.db, events, 'webhook', time);
          if (recorded.stored.length > 0) auditEvents(options.db, recorded.stored, 'webhook', time);
          return recorded;
        })());
      } catch (error) {
        if (!isInputError(error)) throw error;
        return answer(409, { error: (error as Error).message });
      }
      seen.set(signature, nowSeconds);
      options.log?.(`stored ${stored.length} event(s), ${duplicates.length} duplicate(s)`);
      if (stored.length > 0) await options.onStored?.(stored);
      return answer(202, {
        stored: stored.map((event) => event.id),
        duplicates: duplicates.map((event) => event.id),
      });
    })().catch((error: unknown) => {
      options.log?.(`error: ${(error as Error).message}`);
      if (!response.headersSent) answer(500, { error: 'internal error' });
    });
  });
}

export function auditEvents(db: Db, events: readonly HrEvent[], origin: string, time: string): void {
  appendAudit(db, {
    time,
    actor: origin === 'webhook' ? 'hr-webhook' : 'hr-import',
    action: 'hr.events',
    target: null,
    reason: `${events.length} HR event(s) from ${origin}`,
    payload: {
      origin,
      events: events.map((event) => ({
        id: event.id,
        type: event.type,
        employeeId: event.employeeId,
        effectiveDate: event.effectiveDate,
      })),
    },
  });
}
