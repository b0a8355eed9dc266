/**
 * Owner signals from the owners API of an application or service principal: each owning user is
 * one `owners-api` signal, its mail, or `upn:UPN` when it has no mail (HR aliases `upn:NAME` match
 * it). One signal per user: a UPN HR does not list must not read as an owner outside HR when the
 * mail already matched. Owning service principals are no person and give no signal. No owner at
 * all: no signal, so policy raises owner-unknown.
 */
import type { OwnerSignal } from '../../src/core/model.js';

export interface DirectoryOwner {
  '@odata.type'?: string;
  id?: string;
  userPrincipalName?: string | null;
  mail?: string | null;
}

export function ownerSignals(owners: readonly DirectoryOwner[], holder: string): OwnerSignal[] {
  const signals: OwnerSignal[] = [];
  for (const owner of owners) {
    if (owner['@odata.type'] !== '#microsoft.graph.user') continue;
    const source = `owners of ${holder}`;
    const upn = owner.userPrincipalName ?? null;
    if (owner.mail) signals.push({ kind: 'owners-api', value: owner.mail, source });
    else if (upn) signals.push({ kind: 'owners-api', value: `upn:${upn}`, source });
  }
  return signals;
}
