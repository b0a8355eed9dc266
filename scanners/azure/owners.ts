/**
 * Owner signals from the owners API of an application or service principal: each owning user is
 * one `owners-api` signal naming the identifier HR knows them by, tried in this order: its `mail`,
 * its userPrincipalName (HR's email may be the UPN when mail differs), `upn:UPN` (HR aliases
 * `upn:NAME`). When HR knows none of them (or the scan has no HR), the signal is the mail, else
 * `upn:UPN`: that is what owner-not-in-hr then names. One signal per user: an identifier HR does
 * not list must not read as an owner outside HR when another already matched. Owning service
 * principals are no person and give no signal. No owner at all: no signal, so policy raises
 * owner-unknown.
 */
import type { OwnerSignal } from '../../src/core/model.js';
import type { PeopleDirectory } from '../../src/core/people.js';

export interface DirectoryOwner {
  '@odata.type'?: string;
  id?: string;
  userPrincipalName?: string | null;
  mail?: string | null;
}

function identifierOf(owner: DirectoryOwner, people: PeopleDirectory | undefined): string | undefined {
  const upn = owner.userPrincipalName || undefined;
  const mail = owner.mail || undefined;
  const candidates = [mail, upn, upn && `upn:${upn}`].filter((value): value is string => !!value);
  return candidates.find((candidate) => people?.lookup(candidate)) ?? mail ?? (upn && `upn:${upn}`);
}

export function ownerSignals(
  owners: readonly DirectoryOwner[],
  holder: string,
  people?: PeopleDirectory,
): OwnerSignal[] {
  const signals: OwnerSignal[] = [];
  for (const owner of owners) {
    if (owner['@odata.type'] !== '#microsoft.graph.user') continue;
    const value = identifierOf(owner, people);
    if (value) signals.push({ kind: 'owners-api', value, source: `owners of ${holder}` });
  }
  return signals;
}
