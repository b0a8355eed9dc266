/**
 * Last use of each credential from the beta report `GET /beta/reports/appCredentialSignInActivities`
 * (flagged beta: Microsoft may change it). Needs AuditLog.Read.All; without it, or when the report
 * fails, last use is unknown for the tenant with the reason: never a guess of "unused". A credential
 * absent from the report has no recorded sign-in.
 */
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';
import type { PartialMark } from '../../src/core/plugin.js';
import { describeError, isGraphStatus } from './errors.js';
import type { GraphClient } from './graph-client.js';

export const LAST_USE_REPORT = 'reports/appCredentialSignInActivities';

export type TenantLastUse =
  | { known: true; byKeyId: ReadonlyMap<string, string> }
  | { known: false; reason: string };

export async function readLastUse(
  graph: GraphClient,
  tenantId: string,
  signal: AbortSignal,
): Promise<{ lastUse: TenantLastUse; partial?: PartialMark }> {
  try {
    const byKeyId = new Map<string, string>();
    for await (const page of graph.pages<AppCredentialSignInActivity>(LAST_USE_REPORT, {
      version: 'beta',
      signal,
    })) {
      for (const row of page) {
        const at = row.signInActivity?.lastSignInDateTime;
        if (row.keyId && at && (byKeyId.get(row.keyId) ?? '') < at) byKeyId.set(row.keyId, at);
      }
    }
    return { lastUse: { known: true, byKeyId } };
  } catch (error) {
    if (signal.aborted) throw error;
    if (isGraphStatus(error, 403))
      return {
        lastUse: {
          known: false,
          reason: `sign-in activity report (beta) denied for tenant ${tenantId} (needs AuditLog.Read.All): ${describeError(error)}`,
        },
      };
    const reason = `sign-in activity report (beta) failed for tenant ${tenantId}: ${describeError(error)}`;
    return {
      lastUse: { known: false, reason },
      partial: { scope: `tenant ${tenantId} credential last use`, reason },
    };
  }
}
