/**
 * The HR webhook as `hr serve` runs it, for tests: the configured database, the server on a free
 * port of 127.0.0.1 (a termination scan after each stored terminate event when asked), and a
 * signed POST.
 */
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../../../src/config/load.js';
import { signBody } from '../../../src/hr/events/signature.js';
import { hrWebhookServer } from '../../../src/hr/events/webhook.js';
import { scanOnTermination } from '../../../src/scan/on-terminate.js';
import { type Db, openDatabase } from '../../../src/store/index.js';

export const WEBHOOK_SECRET = 'test-webhook-shared-secret-0001';

export async function serveWebhook(
  configPath: string,
  options: { now: Date; scanOnTerminate: boolean; log?: (line: string) => void },
): Promise<{ db: Db; server: ReturnType<typeof hrWebhookServer>; url: string }> {
  const config = await loadConfig(configPath);
  const log = options.log ?? (() => undefined);
  const db = openDatabase(config.dbPath);
  const server = hrWebhookServer({
    db,
    secret: WEBHOOK_SECRET,
    now: () => options.now,
    ...(options.log ? { log } : {}),
    ...(options.scanOnTerminate ? { onStored: scanOnTermination(config, () => options.now, log) } : {}),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { db, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events` };
}

/** POSTs `body` signed with the shared secret at `seconds` (Unix time). */
export function postSigned(url: string, body: string, seconds: number): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    body,
    headers: {
      'x-nhiscan-timestamp': String(seconds),
      'x-nhiscan-signature': signBody(WEBHOOK_SECRET, seconds, body),
    },
  });
}
