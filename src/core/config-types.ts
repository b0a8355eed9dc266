/** Policy and revocation settings shared by policy, queue and CLI. Defaults: docs/config.md. */

export interface PolicySettings {
  staleAfterDays: number;
  maxKeyAgeDays: number;
  moverGraceDays: number;
  /** A credential younger than this gets no owner-unknown / owner-not-in-hr finding yet (tagging lags creation). */
  newKeyGraceDays: number;
  pendingLeaverDays: number;
}

export const DEFAULT_POLICY: PolicySettings = {
  staleAfterDays: 90,
  maxKeyAgeDays: 90,
  moverGraceDays: 30,
  newKeyGraceDays: 7,
  pendingLeaverDays: 14,
};
