/**
 * What the generator decided about each credential it wrote: the ground truth is computed from
 * these decisions alone, never from scanning or evaluating what was written.
 */
import type { OwnerClass } from './owners.js';
import type { RosterEntry } from './people.js';
import type { Timeline } from './timeline.js';

export interface CredentialFacts {
  /** The uid the provider's scanner gives this credential. */
  uid: string;
  /** The emulated provider's id (scanners/emulators.ts), which is its scanner's type. */
  provider: string;
  /** The account the credential is in: an AWS account, a GitHub organization, a GCP project… */
  account: string;
  kind: string;
  ownerClass: OwnerClass;
  /** The one person every owner signal of the credential names; null when it has no signal at all. */
  owner: RosterEntry | null;
  timeline: Timeline;
  privileged: boolean;
  /** The department tag the credential carries, where the scanner reads one; else null. */
  department: string | null;
  /**
   * `person-account`: the record is the owner's own account in the source (a downstream account
   * check, listed for leavers and expired contractors only). Absent: a credential.
   */
  nature?: 'person-account';
  /**
   * The provider does not say when this kind was last used (an Okta OAuth client secret), so the
   * scanner lists it with unknown last use and no `stale` finding can follow. Absent: it says.
   */
  lastUseUnknown?: true;
}
