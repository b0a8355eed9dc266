/**
 * Last use of each credential from the beta report `GET /beta/reports/appCredentialSignInActivities`
 * (flagged beta: Microsoft may change it). Needs AuditLog.Read.All; without it, or when the report
 * fails, last use is unknown for the tenant with the reason: never a guess of "unused". A credential
 * absent from the report has no recorded sign-in — but only when the report can be believed: one
 * that answers 200 with no records although the tenant has credentials (it has been reported to do
 * so), or whose newest record is older than its retention (no longer refreshed), makes last use
 * unknown for that tenant in that scan (`trustLastUse`).
 */
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';
import type { PartialMark } from '../../src/core/plugin.js';
import { describeError, isGraphStatus } from './errors.js';
import type { GraphClient } from './graph-client.js';

export const LAST_USE_REPORT = 'reports/appCredentialSignInActivities';

/**
 * How far back the report is taken to reach. Microsoft's pages for appCredentialSignInActivity and
 * servicePrincipalSignInActivity document no retention (they say "recent activity"); the Usage and
 * insights reports they belong to work over 30-day windows, so 30 days is assumed: a report whose
 * newest record is older than that is not current.
 */
export const REPORT_RETENTION_DAYS = 30;

export type TenantLastUse =
  | {
      known: true;
      byKeyId: ReadonlyMap<string, string>;
      /** Rows the report returned (with or without a sign-in time). */
      records: number;
      /** The newest lastSignInDateTime in the report, as Graph gave it; null when none. */
      newest: string | null;
    }
  | { known: false; reason: string };

export async function readLastUse(
  graph: GraphClient,
  tenantId: string,
  signal: AbortSignal,
): Promise<{ lastUse: TenantLastUse; partial?: PartialMark }> {
  try {
    const byKeyId = new Map<string, string>();
    let records = 0;
    let newest: string | null = null;
    for await (const page of graph.pages<AppCredentialSignInActivity>(LAST_USE_REPORT, {
      version: 'beta',
      signal,
    })) {
      for (const row of page) {
        records++;
        const at = row.signInActivity?.lastSignInDateTime;
        if (!at) continue;
        if (row.keyId && (byKeyId.get(row.keyId) ?? '') < at) byKeyId.set(row.keyId, at);
        if (newest === null || Date.parse(at) > Date.parse(newest)) newest = at;
      }
    }
    return { lastUse: { known: true, byKeyId, records, newest } };
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

const DAY_MS = 86_400_000;

/**
 * The report as read, unless it cannot be believed for a tenant holding `credentials` credentials:
 * then last use is unknown, with the reason, for every credential of the tenant in this scan.
 */
export function trustLastUse(
  lastUse: TenantLastUse,
  tenantId: string,
  credentials: number,
  asOf: Date,
): TenantLastUse {
  if (!lastUse.known || credentials === 0) return lastUse;
  const held = `${credentials} credential${credentials === 1 ? '' : 's'}`;
  if (lastUse.records === 0)
    return {
      known: false,
      reason: `the sign-in activity report (beta) for tenant ${tenantId} returned no records although it has ${held}: last use is unknown, not never`,
    };
  const oldest = asOf.getTime() - REPORT_RETENTION_DAYS * DAY_MS;
  if (lastUse.newest === null || Date.parse(lastUse.newest) < oldest)
    return {
      known: false,
      reason: `the sign-in activity report (beta) for tenant ${tenantId} has no record within its ${REPORT_RETENTION_DAYS}-day retention (newest: ${lastUse.newest ?? 'none'}) although it has ${held}: the report is not current, so last use is unknown, not never`,
    };
  return lastUse;
}
