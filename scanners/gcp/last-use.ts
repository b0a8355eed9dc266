/**
 * Last authentication of every key in a project: one paged Policy Analyzer query of the
 * `serviceAccountKeyLastAuthentication` activity. A key without activity was not seen authenticating
 * in Policy Analyzer's observation period. When the query is denied, the API is disabled in the
 * project (403 SERVICE_DISABLED), or the query fails, last use is unknown for the whole project,
 * with the reason: never a guess of "unused".
 */
import type { PartialMark } from '../../src/core/plugin.js';
import type { GcpClients } from './clients.js';
import { describeGoogleError, disabledService, isPermissionDenied } from './errors.js';
import { KEY_LAST_AUTHENTICATION } from './policy-analyzer-types.js';
import type { LastUse } from './transform.js';

export const LAST_USE_PERMISSION = 'policyanalyzer.serviceAccountKeyLastAuthenticationActivities.query';

export interface LastUseResult {
  lastUse: LastUse;
  /** Set when the query failed for a reason other than a missing permission or a disabled API. */
  partial?: PartialMark;
}

export async function readLastUse(
  clients: GcpClients,
  project: string,
  signal: AbortSignal,
): Promise<LastUseResult> {
  const byKeyId = new Map<string, string>();
  const parent = `projects/${project}/locations/global/activityTypes/${KEY_LAST_AUTHENTICATION}`;
  let pageToken: string | undefined;
  try {
    do {
      signal.throwIfAborted();
      const page = await clients.policyAnalyzer.queryActivities(
        { parent, pageSize: 1000, ...(pageToken ? { pageToken } : {}) },
        { signal },
      );
      for (const entry of page.activities ?? []) {
        const key = entry.activity?.serviceAccountKey;
        const keyId = key?.serviceAccountKeyId ?? key?.fullResourceName?.split('/').at(-1);
        const time = entry.activity?.lastAuthenticatedTime;
        if (keyId && time) byKeyId.set(keyId, time);
      }
      pageToken = page.nextPageToken ?? undefined;
    } while (pageToken);
    return { lastUse: { known: true, byKeyId } };
  } catch (error) {
    if (signal.aborted) throw error;
    const described = describeGoogleError(error);
    // A disabled API is a known gap like a denied permission, but no permission would fix it.
    const service = disabledService(error);
    if (service)
      return {
        lastUse: {
          known: false,
          reason: `the API ${service} is disabled in project ${project} (403 SERVICE_DISABLED): enable it there to read key last use`,
        },
      };
    if (isPermissionDenied(error)) {
      return {
        lastUse: {
          known: false,
          reason: `Policy Analyzer denied for project ${project} (needs ${LAST_USE_PERMISSION}): ${described}`,
        },
      };
    }
    const reason = `Policy Analyzer query failed for project ${project}: ${described}`;
    return {
      lastUse: { known: false, reason },
      partial: { scope: `project ${project} key last use`, reason },
    };
  }
}
