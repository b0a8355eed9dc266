/**
 * One revoke call with the executor's retries: an error the scanner judges transient (throttled,
 * a 5xx, a dropped connection) is tried again after each delay in turn; any other error, a
 * cancelled run or the last delay spent fails the step. The result's detail is redacted.
 */
import type { Credential } from '../core/model.js';
import type { RevokeOptions, RevokeResult, Revoker, RevokeStep } from '../core/plugin.js';
import { withRedactedDetail } from './execute-steps.js';

export const DEFAULT_RETRY_DELAYS_MS = [250, 1000];

export async function revokeWithRetry(
  revoker: Revoker,
  credential: Credential,
  step: RevokeStep,
  options: RevokeOptions,
  delays: readonly number[] = DEFAULT_RETRY_DELAYS_MS,
): Promise<RevokeResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return withRedactedDetail(await revoker.revoke(credential, step, options));
    } catch (error) {
      if (options.signal.aborted || attempt >= delays.length || !revoker.isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
    }
  }
}
