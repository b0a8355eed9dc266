/**
 * Paces every IAM request (each retry attempt included) with the shared client-side Pacer. IAM
 * publishes no rate-limit headers; set `requestsPerSecond` to the rate the account allows.
 */
import type { IAMClient } from '@aws-sdk/client-iam';
import { Pacer } from '../../src/core/pacer.js';

export { Pacer };

/** Makes every request of the client (every attempt) wait for the pacer. */
export function pace(client: IAMClient, pacer: Pacer): IAMClient {
  client.middlewareStack.add(
    (next) => async (args) => {
      await pacer.take();
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'nhiscanPacer' },
  );
  return client;
}
