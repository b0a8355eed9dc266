/**
 * `/beta/reports/appCredentialSignInActivities`: the estate's rows, paged (needs AuditLog.Read.All);
 * none, or only the old ones, when the tenant's `signInReport` says so.
 */
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';
import type { EntraSignInActivity, EntraTenantEstate } from './estate.js';
import { type Collection, listing, selected } from './odata.js';
import { SIGN_IN_ACTIVITY_PROPERTIES } from './properties.js';
import type { OperationRequest } from './routes.js';

function servedRows(tenant: EntraTenantEstate): EntraSignInActivity[] {
  const answer = tenant.signInReport;
  if (!answer) return tenant.signInActivities;
  if (answer.answer === 'empty') return [];
  const before = Date.parse(answer.before);
  return tenant.signInActivities.filter((row) => {
    const at = row.signInActivity?.lastSignInDateTime;
    return at ? Date.parse(at) < before : false;
  });
}

export function listAppCredentialSignInActivities(
  request: OperationRequest,
): Collection<AppCredentialSignInActivity> {
  return listing(
    request,
    servedRows(request.tenant),
    'reports/appCredentialSignInActivities',
    SIGN_IN_ACTIVITY_PROPERTIES,
    (row, select) => (select ? selected(row, select) : row),
  );
}
