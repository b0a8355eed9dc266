/**
 * The credential inventory as OCSF 1.8.0 User Inventory Info events (class 5003, category 5
 * Discovery), one per credential: the principal is the `user`, the credential its
 * `programmatic_credentials`, and the owner and the credential's other facts go in `unmapped`.
 */
import { credentialFacts, epochMillis, inventoryEventId, ownerFacts } from '../events.js';
import type { ReportCredential, ReportScan } from '../json/types.js';
import { OCSF_VERSION, ocsfProduct, principalUser } from './objects.js';

const USER_INVENTORY = { uid: 5003, name: 'User Inventory Info', categoryUid: 5 } as const;
/** Activity 2 Collect: nhiscan read the inventory from the provider (or the inventory file). */
const COLLECT = { id: 2, name: 'Collect' } as const;

function describe(credential: ReportCredential): string {
  const owner = credential.owner.email
    ? `owner ${credential.owner.email}`
    : credential.owner.outcome === 'unmatched'
      ? 'owner not in HR'
      : 'no owner';
  return `${credential.kind} ${credential.externalId} of ${credential.provider}/${credential.account}: ${credential.status}, ${credential.state}, ${owner}`;
}

/** Pure: one reported credential to one User Inventory Info event. */
export function ocsfUserInventory(
  credential: ReportCredential,
  context: { productVersion: string; scan: ReportScan },
): Record<string, unknown> {
  return {
    activity_id: COLLECT.id,
    activity_name: COLLECT.name,
    category_uid: USER_INVENTORY.categoryUid,
    category_name: 'Discovery',
    class_uid: USER_INVENTORY.uid,
    class_name: USER_INVENTORY.name,
    type_uid: USER_INVENTORY.uid * 100 + COLLECT.id,
    type_name: `${USER_INVENTORY.name}: ${COLLECT.name}`,
    severity_id: 1,
    severity: 'Informational',
    time: epochMillis(credential.lastSeenAt),
    timezone_offset: 0,
    message: describe(credential),
    metadata: {
      version: OCSF_VERSION,
      product: ocsfProduct(context.productVersion),
      uid: inventoryEventId('ocsf', credential),
      log_name: 'inventory',
      event_code: 'credential',
      original_time: credential.lastSeenAt,
      correlation_uid: credential.uid,
    },
    user: principalUser(credential, credential.uid),
    unmapped: {
      credential: credentialFacts(credential, credential.uid),
      owner: ownerFacts(credential),
      scan: { run_id: context.scan.runId, as_of: context.scan.asOf, status: context.scan.status },
    },
  };
}
