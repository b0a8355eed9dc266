/** `/beta/reports/appCredentialSignInActivities`: the estate's rows, paged (needs AuditLog.Read.All). */
import type { AppCredentialSignInActivity } from '@microsoft/microsoft-graph-types-beta';
import { type Collection, listing, selected } from './odata.js';
import { SIGN_IN_ACTIVITY_PROPERTIES } from './properties.js';
import type { OperationRequest } from './routes.js';

export function listAppCredentialSignInActivities(
  request: OperationRequest,
): Collection<AppCredentialSignInActivity> {
  return listing(
    request,
    request.tenant.signInActivities,
    'reports/appCredentialSignInActivities',
    SIGN_IN_ACTIVITY_PROPERTIES,
    (row, select) => (select ? selected(row, select) : row),
  );
}
