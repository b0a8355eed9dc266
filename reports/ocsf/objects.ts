/**
 * OCSF 1.8.0 objects shared by the finding and inventory events: the product, the principal as a
 * `user` with its `programmatic_credentials`, the credential as a resource owned by a person, and
 * the enum captions (the product, severities and account types are src/core/ocsf.ts, shared with
 * the audit export). Pure functions of the JSON report; no secret material exists to leak.
 */
import { type OcsfUser, ocsfAccountType } from '../../src/core/ocsf.js';
import type { ReportCredential } from '../json/types.js';

/** The vocabulary shared with the audit export (src/core/ocsf.ts), for the finding and inventory events. */
export { OCSF_SEVERITY, OCSF_VERSION, ocsfProduct } from '../../src/core/ocsf.js';

export interface OcsfProgrammaticCredential {
  uid: string;
  type: string;
  last_used_time?: number;
}

/** The credential as OCSF `programmatic_credential`: the provider's id, its kind, its known last use. */
export function programmaticCredential(credential: ReportCredential): OcsfProgrammaticCredential {
  return {
    uid: credential.externalId,
    type: credential.kind,
    ...(credential.lastUsedKnown && credential.lastUsedAt
      ? { last_used_time: Date.parse(credential.lastUsedAt) }
      : {}),
  };
}

/**
 * The identity holding the credential (IAM user, service account, app, GitHub user), with the
 * credential in `programmatic_credentials`. With no principal, the credential stands for it (as in
 * the audit export). Without the credential (only its uid is known), just the uid.
 */
export function principalUser(credential: ReportCredential | undefined, credentialUid: string): OcsfUser {
  if (!credential) return { name: credentialUid, uid: credentialUid };
  return {
    name: credential.principal?.name ?? credential.principal?.uid ?? credential.uid,
    uid: credential.principal?.uid ?? credential.uid,
    account: { uid: credential.account, ...ocsfAccountType(credential.provider) },
    programmatic_credentials: [programmaticCredential(credential)],
  };
}

export interface OcsfOwner {
  uid: string;
  name?: string;
  email_addr?: string;
  full_name?: string;
  type_id: 1;
  type: 'User';
}

/** The resolved human owner as an OCSF `user` (HR employee id, email, name), or undefined. */
export function ownerUser(credential: ReportCredential | undefined): OcsfOwner | undefined {
  const owner = credential?.owner;
  if (!owner?.employeeId) return undefined;
  return {
    uid: owner.employeeId,
    ...(owner.email ? { name: owner.email, email_addr: owner.email } : {}),
    ...(owner.name ? { full_name: owner.name } : {}),
    type_id: 1,
    type: 'User',
  };
}

/** The credential as the finding's target resource, owned by its resolved owner. */
export function credentialResource(credential: ReportCredential | undefined, credentialUid: string) {
  const owner = ownerUser(credential);
  return {
    uid: credentialUid,
    role_id: 1,
    role: 'Target',
    ...(credential
      ? {
          name: credential.externalId,
          type: credential.kind,
          ...(credential.createdAt ? { created_time: Date.parse(credential.createdAt) } : {}),
          ...(credential.privileged ? { criticality: 'privileged' } : {}),
          labels: [
            `provider:${credential.provider}`,
            `account:${credential.account}`,
            `state:${credential.state}`,
          ],
        }
      : {}),
    ...(owner ? { owner } : {}),
  };
}

/**
 * confidence_id / confidence / confidence_score from the owner resolution's confidence (0..1), when
 * an owner was resolved: High ≥ 0.9 (a tag, a declaration, an owners API), Medium ≥ 0.7 (the
 * creator), Low below (a name match, or disagreeing signals). Nothing when no owner was resolved.
 */
export function ownerConfidence(credential: ReportCredential | undefined) {
  const owner = credential?.owner;
  if (!owner || (owner.outcome !== 'resolved' && owner.outcome !== 'conflict')) return {};
  const level =
    owner.confidence >= 0.9
      ? { id: 3, caption: 'High' }
      : owner.confidence >= 0.7
        ? { id: 2, caption: 'Medium' }
        : { id: 1, caption: 'Low' };
  return {
    confidence_id: level.id,
    confidence: level.caption,
    confidence_score: Math.round(owner.confidence * 100),
  };
}
