/**
 * Paces every IAM request (each retry attempt included) with the shared client-side Pacer. IAM
 * publishes no rate-limit headers; set `requestsPerSecond` to the rate the account allows.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import { Pacer } from '../../src/core/pacer.js';

export { Pacer };

/** Makes every request of the client (every attempt) wait for the pacer. */
export function pace<Client extends IAMClient | STSClient>(client: Client, pacer: Pacer): Client {
  (client.middlewareStack as IAMClient['middlewareStack']).add(
    (next) => async (args) => {
      await pacer.take();
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'nhiscanPacer' },
  );
  return client;
}
